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
type caller struct {
	kind        string
	name        string
	permissions api.Permissions
	claims      *tokenClaims
}

func (c *caller) key() string { return c.kind + ":" + c.name }

// bearerToken answers the token of the Authorization header: "Bearer <token>"
// or the bare token.
func bearerToken(r *http.Request) string {
	h := strings.TrimSpace(r.Header.Get("Authorization"))
	if len(h) > 7 && strings.EqualFold(h[:7], "bearer ") {
		return strings.TrimSpace(h[7:])
	}
	return h
}

// authenticate checks the request's token of the given type and loads its subject.
func (s *Server) authenticate(r *http.Request, tokenType string) (*caller, error) {
	raw := bearerToken(r)
	if raw == "" {
		return nil, errInvalidToken("the Authorization header with a token is missing")
	}
	claims, err := s.parseToken(r.Context(), raw, tokenType)
	if err != nil {
		return nil, err
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
		perms, err := adminPermissions(r.Context(), s.db, claims.Subject)
		if errors.Is(err, sql.ErrNoRows) {
			return nil, errInvalidToken("the token's admin user no longer exists")
		}
		if err != nil {
			return nil, err
		}
		c.permissions = perms
	}
	return c, nil
}

func adminPermissions(ctx context.Context, db *sql.DB, username string) (api.Permissions, error) {
	var raw string
	if err := db.QueryRowContext(ctx, `SELECT permissions FROM admin_users WHERE username = ?`, username).Scan(&raw); err != nil {
		return api.Permissions{}, err
	}
	return decodePermissions(raw)
}
