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

// IsPreconditionFailed reports whether err is the API's 412
// precondition-failed: a conditional request (CreateAccountMember's
// If-None-Match: *) found its condition false.
func IsPreconditionFailed(err error) bool {
	e, ok := AsAPIError(err)
	return ok && e.Status == http.StatusPreconditionFailed && e.ID == api.ErrPreconditionFailed
}

// CreateAccountMember adds a platform user to an account with role, and
// only adds it (PUT /accounts/{id}/users/{username} with If-None-Match: *):
// when the user is already a member the server changes nothing and answers
// 412 precondition-failed (see IsPreconditionFailed), so that of two callers
// adding one membership at once exactly one succeeds.
//
// The PUT carries no Idempotency-Key (the API keys only POSTs), so a retry
// of an add whose first attempt was acted on, its answer lost or a 5xx,
// meets the member that attempt made and gets 412 too. Such a 412 is taken
// for the call's own success when the member has the role asked for: a
// concurrent add by someone else, with the same role, in the same moment,
// cannot be told apart from it, but leaves the very membership this call
// asked for. A 412 after attempts that cannot have acted (a first attempt,
// or retries of 429s and refused connections) is always reported.
func (c *Client) CreateAccountMember(ctx context.Context, accountID, username, role string) (*api.AccountMember, error) {
	c.sweeps.write(memberKey(accountID, username))
	cl := call{method: http.MethodPut, path: pathOf("accounts", accountID, "users", username),
		body: api.SetMemberRole{Role: role}, ifNoneMatch: "*"}
	o, err := c.exchange(ctx, cl)
	if err != nil {
		return nil, err
	}
	var m api.AccountMember
	err = unsettled(o, c.decode(cl.method, cl.path, o, &m))
	if IsPreconditionFailed(err) && o.reached {
		if got, getErr := c.GetAccountMember(ctx, accountID, username); getErr == nil && got.Role == role {
			return got, nil
		}
	}
	if err != nil {
		return nil, err
	}
	return &m, nil
}

// RemoveAccountMember removes a member from an account
// (DELETE /accounts/{id}/users/{username}); 409 conflict when it is the last
// admin and other members remain.
func (c *Client) RemoveAccountMember(ctx context.Context, accountID, username string) error {
	c.sweeps.write(memberKey(accountID, username))
	return c.do(ctx, call{method: http.MethodDelete, path: pathOf("accounts", accountID, "users", username)}, nil)
}
