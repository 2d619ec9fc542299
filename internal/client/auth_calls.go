package client

import (
	"context"
	"errors"
	"net/http"

	"github.com/adminapi/terraform-provider-adminapi/internal/api"
)

// Login logs in with POST /auth/login and returns the new token pair. It
// stands alone: the client's own cached token is neither used nor changed.
func (c *Client) Login(ctx context.Context, username, password string) (*api.TokenPair, error) {
	return result[api.TokenPair](ctx, c, call{
		method: http.MethodPost, path: "/auth/login", auth: authNone,
		body: api.LoginRequest{Username: username, Password: password},
	})
}

// refresh exchanges a refresh token for a new pair (POST /auth/refresh).
func (c *Client) refresh(ctx context.Context, refreshToken string) (*api.TokenPair, error) {
	return result[api.TokenPair](ctx, c, call{method: http.MethodPost, path: "/auth/refresh", auth: authGiven, token: refreshToken})
}

// Logout revokes the given token and its refresh token (POST /auth/logout
// presenting that token). The client's own token is not touched.
func (c *Client) Logout(ctx context.Context, token string) error {
	if token == "" {
		return errors.New("logout: the token to revoke is empty")
	}
	return c.do(ctx, call{method: http.MethodPost, path: "/auth/logout", auth: authGiven, token: token}, nil)
}

// Me returns who the client is authenticated as (GET /auth/me).
func (c *Client) Me(ctx context.Context) (*api.Me, error) {
	return result[api.Me](ctx, c, call{method: http.MethodGet, path: "/auth/me"})
}
