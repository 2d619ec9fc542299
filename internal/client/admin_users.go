package client

import (
	"context"
	"iter"
	"net/http"

	"github.com/adminapi/terraform-provider-adminapi/internal/api"
)

// ListAdminUsers returns one page of admin users (GET /users); limit 0 means
// the server's default (10), at most api.MaxLimit.
func (c *Client) ListAdminUsers(ctx context.Context, offset, limit int) (*api.AdminUserList, error) {
	return result[api.AdminUserList](ctx, c, call{method: http.MethodGet, path: "/users", query: pageQuery(offset, limit)})
}

// AdminUsers iterates over all admin users, fetching 100 a page.
func (c *Client) AdminUsers(ctx context.Context) iter.Seq2[api.AdminUser, error] {
	return all(ctx, func(ctx context.Context, offset, limit int) ([]api.AdminUser, api.ListMeta, error) {
		l, err := c.ListAdminUsers(ctx, offset, limit)
		if err != nil {
			return nil, api.ListMeta{}, err
		}
		return l.Users, l.ListMeta, nil
	})
}

// GetAdminUser returns one admin user (GET /users/{username}).
func (c *Client) GetAdminUser(ctx context.Context, username string) (*api.AdminUser, error) {
	return result[api.AdminUser](ctx, c, call{method: http.MethodGet, path: pathOf("users", username)})
}

// CreateAdminUser creates an admin user (POST /users); 409 item-already-exists
// if the username is taken.
func (c *Client) CreateAdminUser(ctx context.Context, in api.CreateAdminUser) (*api.AdminUser, error) {
	return result[api.AdminUser](ctx, c, call{method: http.MethodPost, path: "/users", body: in})
}

// UpdateAdminUserPermissions replaces an admin user's permissions
// (PUT /users/{username}/permissions).
func (c *Client) UpdateAdminUserPermissions(ctx context.Context, username string, permissions api.Permissions) (*api.AdminUser, error) {
	return result[api.AdminUser](ctx, c, call{
		method: http.MethodPut, path: pathOf("users", username, "permissions"),
		body: api.UpdatePermissions{Permissions: permissions},
	})
}

// ResetAdminUserPassword sets an admin user's password
// (POST /users/{username}/reset-password). With a nil password the request
// has no body and the server makes a random password, returned once in the
// result.
func (c *Client) ResetAdminUserPassword(ctx context.Context, username string, password *string) (*api.ResetPasswordResult, error) {
	cl := call{method: http.MethodPost, path: pathOf("users", username, "reset-password")}
	if password != nil {
		cl.body = api.ResetPassword{Password: password}
	}
	return result[api.ResetPasswordResult](ctx, c, cl)
}

// DeleteAdminUser deletes an admin user (DELETE /users/{username}); 409
// conflict when it is the caller itself.
func (c *Client) DeleteAdminUser(ctx context.Context, username string) error {
	return c.do(ctx, call{method: http.MethodDelete, path: pathOf("users", username)}, nil)
}
