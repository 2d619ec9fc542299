package client

import (
	"context"
	"iter"
	"net/http"

	"github.com/adminapi/terraform-provider-adminapi/internal/api"
)

// ListRoles returns one page of roles (GET /roles); limit 0 means the
// server's default (10), at most api.MaxLimit.
func (c *Client) ListRoles(ctx context.Context, offset, limit int) (*api.RoleList, error) {
	return result[api.RoleList](ctx, c, call{method: http.MethodGet, path: "/roles", query: pageQuery(offset, limit)})
}

// Roles iterates over all roles, fetching 100 a page.
func (c *Client) Roles(ctx context.Context) iter.Seq2[api.Role, error] {
	return all(ctx, func(ctx context.Context, offset, limit int) ([]api.Role, api.ListMeta, error) {
		l, err := c.ListRoles(ctx, offset, limit)
		if err != nil {
			return nil, api.ListMeta{}, err
		}
		return l.Roles, l.ListMeta, nil
	})
}

// GetRole returns one role (GET /roles/{name}).
func (c *Client) GetRole(ctx context.Context, name string) (*api.Role, error) {
	return result[api.Role](ctx, c, call{method: http.MethodGet, path: pathOf("roles", name)})
}

// CreateRole creates a role (POST /roles); 409 item-already-exists if taken.
func (c *Client) CreateRole(ctx context.Context, in api.CreateRole) (*api.Role, error) {
	return result[api.Role](ctx, c, call{method: http.MethodPost, path: "/roles", body: in})
}

// UpdateRole sets a role's description (PATCH /roles/{name}).
func (c *Client) UpdateRole(ctx context.Context, name, description string) (*api.Role, error) {
	return result[api.Role](ctx, c, call{
		method: http.MethodPatch, path: pathOf("roles", name),
		body: api.UpdateRole{Description: description},
	})
}

// DeleteRole deletes a role (DELETE /roles/{name}); 409 conflict while it is
// assigned to any user.
func (c *Client) DeleteRole(ctx context.Context, name string) error {
	return c.do(ctx, call{method: http.MethodDelete, path: pathOf("roles", name)}, nil)
}

// AssignRole gives a platform user a role
// (POST /platform-users/{username}/roles/{role}); 404 for an unknown user or
// role, 409 item-already-exists if already assigned.
func (c *Client) AssignRole(ctx context.Context, username, role string) (*api.RoleAssignment, error) {
	c.sweeps.write(userKey(username))
	return result[api.RoleAssignment](ctx, c, call{method: http.MethodPost, path: pathOf("platform-users", username, "roles", role)})
}

// UnassignRole takes a role from a platform user
// (DELETE /platform-users/{username}/roles/{role}); 404 if not assigned.
func (c *Client) UnassignRole(ctx context.Context, username, role string) error {
	c.sweeps.write(userKey(username))
	return c.do(ctx, call{method: http.MethodDelete, path: pathOf("platform-users", username, "roles", role)}, nil)
}
