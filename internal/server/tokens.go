package server

import (
	"context"
	"crypto/rand"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/golang-jwt/jwt/v5"
	"github.com/google/uuid"
)

const (
	tokenAccess  = "access"
	tokenRefresh = "refresh"
)

// tokenClaims: an access token issued with a refresh token names it (rid,
// rexp) so that logout can revoke both.
type tokenClaims struct {
	jwt.RegisteredClaims
	Kind       string `json:"kind"`
	TokenType  string `json:"token_type"`
	RefreshID  string `json:"rid,omitempty"`
	RefreshExp int64  `json:"rexp,omitempty"`
}

// expiryAfter rounds up to the whole second a JWT can carry, so that a token
// lives at least ttl.
func expiryAfter(now time.Time, ttl time.Duration) time.Time {
	exp := now.Add(ttl)
	if t := exp.Truncate(time.Second); t.Before(exp) {
		return t.Add(time.Second)
	}
	return exp
}

// loadSigningKey answers the HS256 key stored in the database, made on first start.
func loadSigningKey(ctx context.Context, db *sql.DB) ([]byte, error) {
	var key []byte
	err := inTx(ctx, db, func(tx *sql.Tx) error {
		err := tx.QueryRowContext(ctx, `SELECT value FROM meta WHERE key = 'jwt_signing_key'`).Scan(&key)
		if !errors.Is(err, sql.ErrNoRows) {
			return err
		}
		key = make([]byte, 32)
		_, _ = rand.Read(key)
		_, err = tx.ExecContext(ctx, `INSERT INTO meta (key, value) VALUES ('jwt_signing_key', ?)`, key)
		return err
	})
	return key, err
}

func (s *Server) sign(c tokenClaims) (string, error) {
	return jwt.NewWithClaims(jwt.SigningMethodHS256, c).SignedString(s.signingKey)
}

// issuePair makes an access token and its refresh token for an admin user.
func (s *Server) issuePair(username string) (access, refresh string, accessExp time.Time, err error) {
	now := time.Now()
	refreshID := uuid.NewString()
	refreshExp := expiryAfter(now, s.cfg.RefreshTokenTTL)
	refresh, err = s.sign(tokenClaims{
		RegisteredClaims: jwt.RegisteredClaims{
			ID: refreshID, Subject: username,
			IssuedAt: jwt.NewNumericDate(now), ExpiresAt: jwt.NewNumericDate(refreshExp),
		},
		Kind: kindAdmin, TokenType: tokenRefresh,
	})
	if err != nil {
		return "", "", time.Time{}, err
	}
	accessExp = expiryAfter(now, s.cfg.AccessTokenTTL)
	access, err = s.sign(tokenClaims{
		RegisteredClaims: jwt.RegisteredClaims{
			ID: uuid.NewString(), Subject: username,
			IssuedAt: jwt.NewNumericDate(now), ExpiresAt: jwt.NewNumericDate(accessExp),
		},
		Kind: kindAdmin, TokenType: tokenAccess, RefreshID: refreshID, RefreshExp: refreshExp.Unix(),
	})
	return access, refresh, accessExp, err
}

// issueClientToken makes an access token, without refresh token, for an API client.
func (s *Server) issueClientToken(clientID string) (string, time.Time, error) {
	now := time.Now()
	exp := expiryAfter(now, s.cfg.AccessTokenTTL)
	tok, err := s.sign(tokenClaims{
		RegisteredClaims: jwt.RegisteredClaims{
			ID: uuid.NewString(), Subject: clientID,
			IssuedAt: jwt.NewNumericDate(now), ExpiresAt: jwt.NewNumericDate(exp),
		},
		Kind: kindClient, TokenType: tokenAccess,
	})
	return tok, exp, err
}

// parseToken checks the signature, expiry, type and revocation of a token.
func (s *Server) parseToken(ctx context.Context, raw, wantType string) (*tokenClaims, error) {
	var c tokenClaims
	_, err := jwt.ParseWithClaims(raw, &c, func(*jwt.Token) (any, error) { return s.signingKey, nil },
		jwt.WithValidMethods([]string{jwt.SigningMethodHS256.Alg()}), jwt.WithExpirationRequired())
	switch {
	case errors.Is(err, jwt.ErrTokenExpired):
		return nil, errInvalidToken("the token has expired")
	case err != nil:
		return nil, errInvalidToken("the token is malformed or not signed by this server")
	case c.ID == "" || c.Subject == "" || (c.Kind != kindAdmin && c.Kind != kindClient):
		return nil, errInvalidToken("the token is malformed or not signed by this server")
	case c.TokenType != wantType:
		return nil, errInvalidToken(fmt.Sprintf("a %s token is required, not a %s token", wantType, c.TokenType))
	}
	revoked, err := s.isRevoked(ctx, c.ID)
	if err != nil {
		return nil, err
	}
	if revoked {
		return nil, errInvalidToken("the token has been revoked")
	}
	return &c, nil
}

func (s *Server) isRevoked(ctx context.Context, jti string) (bool, error) {
	var n int
	err := s.db.QueryRowContext(ctx, `SELECT count(*) FROM revoked_tokens WHERE jti = ?`, jti).Scan(&n)
	return n > 0, err
}

// revoke records jti as revoked until exp inside tx and prunes the rows whose
// token has expired. It answers false when jti was already revoked.
func revoke(ctx context.Context, tx *sql.Tx, jti string, exp time.Time) (bool, error) {
	if _, err := tx.ExecContext(ctx, `DELETE FROM revoked_tokens WHERE expires_s < ?`, time.Now().Unix()); err != nil {
		return false, err
	}
	res, err := tx.ExecContext(ctx, `INSERT INTO revoked_tokens (jti, expires_s) VALUES (?, ?) ON CONFLICT (jti) DO NOTHING`,
		jti, exp.Unix())
	if err != nil {
		return false, err
	}
	n, err := res.RowsAffected()
	return n == 1, err
}
