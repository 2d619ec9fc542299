package client

import (
	"context"
	"iter"
	"net/http"

	"github.com/adminapi/terraform-provider-adminapi/internal/api"
)

// ListPlatformUsers returns one page of the platform users that match every
// non-empty field of filter (GET /platform-users); limit 0 means the server's
// default (10), at most api.MaxLimit.
func (c *Client) ListPlatformUsers(ctx context.Context, filter api.PlatformUserFilter, offset, limit int) (*api.PlatformUserList, error) {
	q := pageQuery(offset, limit)
	for name, value := range map[string]string{
		"email": filter.Email, "name": filter.Name, "status": filter.Status,
		"tag": filter.Tag, "role": filter.Role, "external_id": filter.ExternalID,
	} {
		if value != "" {
			q.Set(name, value)
		}
	}
	return result[api.PlatformUserList](ctx, c, call{method: http.MethodGet, path: "/platform-users", query: q})
}

// PlatformUsers iterates over all platform users that match filter, fetching
// 100 a page.
func (c *Client) PlatformUsers(ctx context.Context, filter api.PlatformUserFilter) iter.Seq2[api.PlatformUser, error] {
	return all(ctx, func(ctx context.Context, offset, limit int) ([]api.PlatformUser, api.ListMeta, error) {
		l, err := c.ListPlatformUsers(ctx, filter, offset, limit)
		if err != nil {
			return nil, api.ListMeta{}, err
		}
		return l.Users, l.ListMeta, nil
	})
}

// GetPlatformUser returns one platform user (GET /platform-users/{username}).
// Many at once are read by page instead (see sweep.go).
func (c *Client) GetPlatformUser(ctx context.Context, username string) (*api.PlatformUser, error) {
	if u, ok := c.sweeps.platformUser(ctx, username); ok {
		return u, nil
	}
	return result[api.PlatformUser](ctx, c, call{method: http.MethodGet, path: pathOf("platform-users", username)})
}

// CreatePlatformUser creates a platform user (POST /platform-users); 409
// item-already-exists if its username, e-mail or external id is taken.
func (c *Client) CreatePlatformUser(ctx context.Context, in api.CreatePlatformUser) (*api.PlatformUser, error) {
	c.sweeps.write(userKey(in.Username))
	return result[api.PlatformUser](ctx, c, call{method: http.MethodPost, path: "/platform-users", body: in})
}

// UpdatePlatformUser replaces each field set in in
// (PATCH /platform-users/{username}).
func (c *Client) UpdatePlatformUser(ctx context.Context, username string, in api.UpdatePlatformUser) (*api.PlatformUser, error) {
	c.sweeps.write(userKey(username))
	return result[api.PlatformUser](ctx, c, call{method: http.MethodPatch, path: pathOf("platform-users", username), body: in})
}

// SetPlatformUserPassword sets a platform user's password
// (PUT /platform-users/{username}/password).
func (c *Client) SetPlatformUserPassword(ctx context.Context, username, password string) error {
	c.sweeps.write(userKey(username))
	return c.do(ctx, call{
		method: http.MethodPut, path: pathOf("platform-users", username, "password"),
		body: api.SetPassword{Password: password},
	}, nil)
}

// EnablePlatformUser sets a platform user's status to enabled
// (POST /platform-users/{username}/enable); idempotent.
func (c *Client) EnablePlatformUser(ctx context.Context, username string) (*api.PlatformUser, error) {
	c.sweeps.write(userKey(username))
	return result[api.PlatformUser](ctx, c, call{method: http.MethodPost, path: pathOf("platform-users", username, "enable")})
}

// DisablePlatformUser sets a platform user's status to disabled
// (POST /platform-users/{username}/disable); idempotent.
func (c *Client) DisablePlatformUser(ctx context.Context, username string) (*api.PlatformUser, error) {
	c.sweeps.write(userKey(username))
	return result[api.PlatformUser](ctx, c, call{method: http.MethodPost, path: pathOf("platform-users", username, "disable")})
}

// DeletePlatformUser deletes a platform user with its role assignments and
// account memberships (DELETE /platform-users/{username}). While
// API_SETTINGS.ACCOUNT_DELETION lacks adminToken the answer is 403
// deletion-disabled (see IsDeletionDisabled).
func (c *Client) DeletePlatformUser(ctx context.Context, username string) error {
	c.sweeps.write(userKey(username))
	return c.do(ctx, call{method: http.MethodDelete, path: pathOf("platform-users", username)}, nil)
}
