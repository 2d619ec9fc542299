package client

import (
	"context"
	"errors"
	"fmt"
	"time"
)

// ErrStaticToken is IssueToken's answer for a client configured with a
// static token: it holds no credentials to obtain another token with.
var ErrStaticToken = errors.New("the client authenticates with a static token, so it has no credentials to obtain a new token with")

// IssuedToken is an access token obtained for a caller to use and revoke.
type IssuedToken struct {
	Token string
	// ExpiresAt is zero when the server's answer leaves it unknown.
	ExpiresAt time.Time
}

// IssueToken obtains a new access token with the client's own credentials
// (a login, or the client credentials grant). The client's cached token is
// neither used nor changed, so revoking the new one (Logout) leaves the
// client working.
func (c *Client) IssueToken(ctx context.Context) (IssuedToken, error) {
	if !c.auth.renewable() {
		return IssuedToken{}, ErrStaticToken
	}
	t, err := c.auth.fetch(ctx, nil)
	if err != nil {
		return IssuedToken{}, fmt.Errorf("obtaining a token (%s): %w", c.auth.method, err)
	}
	return IssuedToken{Token: t.access, ExpiresAt: t.expiry}, nil
}
