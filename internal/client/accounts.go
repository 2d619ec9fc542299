package client

import (
	"context"
	"iter"
	"net/http"

	"github.com/adminapi/terraform-provider-adminapi/internal/api"
)

// ListAccounts returns one page of accounts, only those named name unless it
// is empty (GET /accounts); limit 0 means the server's default (10), at most
// api.MaxLimit.
func (c *Client) ListAccounts(ctx context.Context, name string, offset, limit int) (*api.AccountList, error) {
	q := pageQuery(offset, limit)
	if name != "" {
		q.Set("name", name)
	}
	return result[api.AccountList](ctx, c, call{method: http.MethodGet, path: "/accounts", query: q})
}

// Accounts iterates over all accounts, only those named name unless it is
// empty, fetching 100 a page.
func (c *Client) Accounts(ctx context.Context, name string) iter.Seq2[api.Account, error] {
	return all(ctx, func(ctx context.Context, offset, limit int) ([]api.Account, api.ListMeta, error) {
		l, err := c.ListAccounts(ctx, name, offset, limit)
		if err != nil {
			return nil, api.ListMeta{}, err
		}
		return l.Accounts, l.ListMeta, nil
	})
}

// GetAccount returns one account (GET /accounts/{id}).
func (c *Client) GetAccount(ctx context.Context, id string) (*api.Account, error) {
	return result[api.Account](ctx, c, call{method: http.MethodGet, path: pathOf("accounts", id)})
}

// CreateAccount creates an account with the defaults filled in and a new
// activation code (POST /accounts).
func (c *Client) CreateAccount(ctx context.Context, in api.AccountInput) (*api.Account, error) {
	return result[api.Account](ctx, c, call{method: http.MethodPost, path: "/accounts", body: in})
}

// UpdateAccount replaces an account whole (PUT /accounts/{id}): an omitted
// optional field takes its default.
func (c *Client) UpdateAccount(ctx context.Context, id string, in api.AccountInput) (*api.Account, error) {
	return result[api.Account](ctx, c, call{method: http.MethodPut, path: pathOf("accounts", id), body: in})
}

// DeleteAccount deletes an account with its members and activation code
// (DELETE /accounts/{id}).
func (c *Client) DeleteAccount(ctx context.Context, id string) error {
	c.sweeps.write(accountKey(id))
	return c.do(ctx, call{method: http.MethodDelete, path: pathOf("accounts", id)}, nil)
}

// GetActivationCode returns an account's activation code
// (GET /accounts/{id}/activationcode).
func (c *Client) GetActivationCode(ctx context.Context, id string) (*api.ActivationCode, error) {
	return result[api.ActivationCode](ctx, c, call{method: http.MethodGet, path: pathOf("accounts", id, "activationcode")})
}

// RefreshActivationCode makes a new activation code, valid 60 minutes
// (PUT /accounts/{id}/activationcode/refresh).
func (c *Client) RefreshActivationCode(ctx context.Context, id string) (*api.ActivationCode, error) {
	return result[api.ActivationCode](ctx, c, call{method: http.MethodPut, path: pathOf("accounts", id, "activationcode", "refresh")})
}
