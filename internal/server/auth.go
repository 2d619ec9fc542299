package server

import (
	"context"
	"database/sql"
	"errors"
	"net/http"
	"strings"

	"github.com/adminapi/terraform-provider-adminapi/internal/api"
)

const (
	kindAdmin  = api.CallerAdminUser
	kindClient = api.CallerClient
)

// caller is the authenticated subject of a request, with the permissions
// read from the store (or the configuration, for an API client) just now.
// credentials are an admin user's, as its row holds them.
type caller struct {
	kind        string
	name        string
	permissions api.Permissions
	claims      *tokenClaims
	credentials adminCredentials
}

// callerKey names a caller in the access log and to the rate limit.
func callerKey(kind, name string) string { return kind + ":" + name }

// bearerToken answers the token of the Authorization header: "Bearer <token>"
// or the bare token.
func bearerToken(r *http.Request) string {
	h := strings.TrimSpace(r.Header.Get("Authorization"))
	if len(h) > 7 && strings.EqualFold(h[:7], "bearer ") {
		return strings.TrimSpace(h[7:])
	}
	return h
}

// verifyToken checks the request's token, of one of the given types, by
// its signature, expiry and type alone.
func (s *Server) verifyToken(r *http.Request, tokenTypes ...string) (*tokenClaims, error) {
	raw := bearerToken(r)
	if raw == "" {
		return nil, errInvalidToken("the Authorization header with a token is missing")
	}
	return s.parseToken(raw, tokenTypes...)
}

// loadCaller checks that a verified token is not revoked and loads its
// subject from the store or the configuration.
func (s *Server) loadCaller(r *http.Request, claims *tokenClaims) (*caller, error) {
	revoked, err := s.isRevoked(r.Context(), claims)
	if err != nil {
		return nil, err
	}
	if revoked && claims.TokenType == tokenRefresh {
		// A revoked refresh token presented again: its family goes too.
		if err := inTx(r.Context(), s.db, func(tx *sql.Tx) error {
			return revokeFamily(r.Context(), tx, claims)
		}); err != nil {
			return nil, err
		}
		return nil, errReusedRefreshToken
	}
	if revoked {
		return nil, errInvalidToken("the token has been revoked")
	}
	c := &caller{kind: claims.Kind, name: claims.Subject, claims: claims}
	switch claims.Kind {
	case kindClient:
		client, ok := s.clients[claims.Subject]
		if !ok {
			return nil, errInvalidToken("the token's API client is no longer configured")
		}
		c.permissions = client.Permissions
	default:
		cred, perms, err := adminCaller(r.Context(), s.db, claims.Subject)
		switch {
		case errors.Is(err, sql.ErrNoRows) || (err == nil && cred.uid != claims.UserID):
			return nil, errInvalidToken("the token's admin user no longer exists")
		case err != nil:
			return nil, err
		case cred.version != claims.CredVersion:
			return nil, errInvalidToken("the token was revoked by a change of the admin user's password")
		}
		c.permissions, c.credentials = perms, cred
	}
	return c, nil
}

// errReusedRefreshToken answers a refresh token presented after it was
// revoked, which revoked every token of its login.
var errReusedRefreshToken = errInvalidToken("the refresh token has been revoked; presented again, it revoked every token of its login")

// adminCaller reads an admin user's credentials and permissions.
func adminCaller(ctx context.Context, db *sql.DB, username string) (adminCredentials, api.Permissions, error) {
	cred := adminCredentials{username: username}
	var raw string
	err := db.QueryRowContext(ctx, `SELECT uid, credential_version, permissions FROM admin_users WHERE username = ?`,
		username).Scan(&cred.uid, &cred.version, &raw)
	if err != nil {
		return cred, api.Permissions{}, err
	}
	perms, err := decodePermissions(raw)
	return cred, perms, err
}
