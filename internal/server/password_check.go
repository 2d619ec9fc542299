package server

import (
	"context"
	"database/sql"
	"errors"
)

// PlatformUserPasswordMatches tells whether password is the platform user's
// password, as its stored hash says; an LDAP user (no password here) never
// matches. The API has no platform-user login: tests use this to check that
// a password was really set. An unknown user is an error.
func (s *Server) PlatformUserPasswordMatches(ctx context.Context, username, password string) (bool, error) {
	var hash sql.NullString
	err := s.db.QueryRowContext(ctx, `SELECT password_hash FROM platform_users WHERE username = ?`, username).Scan(&hash)
	if errors.Is(err, sql.ErrNoRows) {
		return false, errUnknown("the platform user " + username)
	}
	if err != nil {
		return false, err
	}
	return hash.Valid && checkPassword(hash.String, password), nil
}
