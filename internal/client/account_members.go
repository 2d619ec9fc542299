package client

import (
	"context"
	"iter"
	"net/http"

	"github.com/adminapi/terraform-provider-adminapi/internal/api"
)

// ListAccountMembers returns one page of an account's members
// (GET /accounts/{id}/users); limit 0 means the server's default (10), at
// most api.MaxLimit.
func (c *Client) ListAccountMembers(ctx context.Context, accountID string, offset, limit int) (*api.AccountMemberList, error) {
	return result[api.AccountMemberList](ctx, c, call{
		method: http.MethodGet, path: pathOf("accounts", accountID, "users"), query: pageQuery(offset, limit),
	})
}

// AccountMembers iterates over all members of an account, fetching 100 a page.
func (c *Client) AccountMembers(ctx context.Context, accountID string) iter.Seq2[api.AccountMember, error] {
	return all(ctx, func(ctx context.Context, offset, limit int) ([]api.AccountMember, api.ListMeta, error) {
		l, err := c.ListAccountMembers(ctx, accountID, offset, limit)
		if err != nil {
			return nil, api.ListMeta{}, err
		}
		return l.Users, l.ListMeta, nil
	})
}

// GetAccountMember returns one member of an account
// (GET /accounts/{id}/users/{username}). Many of one account at once are
// read by page instead (see sweep.go).
func (c *Client) GetAccountMember(ctx context.Context, accountID, username string) (*api.AccountMember, error) {
	if m, ok := c.sweeps.accountMember(ctx, accountID, username); ok {
		return m, nil
	}
	return result[api.AccountMember](ctx, c, call{method: http.MethodGet, path: pathOf("accounts", accountID, "users", username)})
}

// SetAccountMember adds a platform user to an account with role
// (api.MemberRoleUser or api.MemberRoleAdmin), or changes its role
// (PUT /accounts/{id}/users/{username}). Demoting an admin is refused with
// 409 conflict.
func (c *Client) SetAccountMember(ctx context.Context, accountID, username, role string) (*api.AccountMember, error) {
	c.sweeps.write(memberKey(accountID, username))
	return result[api.AccountMember](ctx, c, call{
		method: http.MethodPut, path: pathOf("accounts", accountID, "users", username),
		body: api.SetMemberRole{Role: role},
	})
}

// RemoveAccountMember removes a member from an account
// (DELETE /accounts/{id}/users/{username}); 409 conflict when it is the last
// admin and other members remain.
func (c *Client) RemoveAccountMember(ctx context.Context, accountID, username string) error {
	c.sweeps.write(memberKey(accountID, username))
	return c.do(ctx, call{method: http.MethodDelete, path: pathOf("accounts", accountID, "users", username)}, nil)
}
