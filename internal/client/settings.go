package client

import (
	"context"
	"net/http"

	"github.com/adminapi/terraform-provider-adminapi/internal/api"
)

// GetSettings returns the whole platform settings document
// (GET /admin/settings).
func (c *Client) GetSettings(ctx context.Context) (api.SettingsDocument, error) {
	out, err := result[api.SettingsResponse](ctx, c, call{method: http.MethodGet, path: "/admin/settings"})
	if err != nil {
		return nil, err
	}
	return out.Settings, nil
}

// UpdateSettings changes the keys named in update, and only those
// (PUT /admin/settings), and returns the whole document after the change.
func (c *Client) UpdateSettings(ctx context.Context, update api.SettingsUpdate) (api.SettingsDocument, error) {
	out, err := result[api.SettingsResponse](ctx, c, call{method: http.MethodPut, path: "/admin/settings", body: update})
	if err != nil {
		return nil, err
	}
	return out.Settings, nil
}

// Notify asks the follower machines to reload the settings
// (POST /admin/notify). Nil or empty services sends no services field: all
// services. A follower that fails is reported in the result, not as an error.
func (c *Client) Notify(ctx context.Context, services []string) (*api.NotifyResult, error) {
	return result[api.NotifyResult](ctx, c, call{
		method: http.MethodPost, path: "/admin/notify",
		body: api.NotifyRequest{Services: services},
	})
}
