package server

import (
	"context"
	"crypto/rand"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/golang-jwt/jwt/v5"
	"github.com/google/uuid"
)

const (
	tokenAccess  = "access"
	tokenRefresh = "refresh"
)

// tokenClaims: the two tokens of a pair name each other (rid and rexp on the
// access token, aid and aexp on the refresh token) so that logout and
// rotation revoke both. An admin user's tokens carry its incarnation (uid)
// and credential version (cver): see adminCredentials.
type tokenClaims struct {
	jwt.RegisteredClaims
	Kind        string `json:"kind"`
	TokenType   string `json:"token_type"`
	RefreshID   string `json:"rid,omitempty"`
	RefreshExp  int64  `json:"rexp,omitempty"`
	AccessID    string `json:"aid,omitempty"`
	AccessExp   int64  `json:"aexp,omitempty"`
	UserID      string `json:"uid,omitempty"`
	CredVersion int64  `json:"cver,omitempty"`
}

// adminCredentials identify the admin user a token is issued to: the user's
// row (uid, new for every user created) and the version of its credentials
// (raised by every password reset). A token whose pair differs from the
// row's is refused, so a password reset revokes every earlier token of the
// user, and a re-created username inherits none.
type adminCredentials struct {
	username string
	uid      string
	version  int64
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
func (s *Server) issuePair(u adminCredentials) (access, refresh string, accessExp time.Time, err error) {
	now := time.Now()
	accessID, refreshID := uuid.NewString(), uuid.NewString()
	accessExp = expiryAfter(now, s.cfg.AccessTokenTTL)
	refreshExp := expiryAfter(now, s.cfg.RefreshTokenTTL)
	claims := func(id, tokenType string, exp time.Time) tokenClaims {
		return tokenClaims{
			RegisteredClaims: jwt.RegisteredClaims{
				ID: id, Subject: u.username,
				IssuedAt: jwt.NewNumericDate(now), ExpiresAt: jwt.NewNumericDate(exp),
			},
			Kind: kindAdmin, TokenType: tokenType, UserID: u.uid, CredVersion: u.version,
		}
	}
	rc := claims(refreshID, tokenRefresh, refreshExp)
	rc.AccessID, rc.AccessExp = accessID, accessExp.Unix()
	if refresh, err = s.sign(rc); err != nil {
		return "", "", time.Time{}, err
	}
	ac := claims(accessID, tokenAccess, accessExp)
	ac.RefreshID, ac.RefreshExp = refreshID, refreshExp.Unix()
	access, err = s.sign(ac)
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

// parseToken checks the signature, expiry and type (one of types) of a
// token; it reads no store, so that it may come before the rate limit.
func (s *Server) parseToken(raw string, types ...string) (*tokenClaims, error) {
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
	case !slices.Contains(types, c.TokenType):
		return nil, errInvalidToken(fmt.Sprintf("the token is of type %s; this call takes type %s", c.TokenType, strings.Join(types, " or ")))
	}
	return &c, nil
}

func (s *Server) isRevoked(ctx context.Context, jti string) (bool, error) {
	var n int
	err := s.db.QueryRowContext(ctx, `SELECT count(*) FROM revoked_tokens WHERE jti = ?`, jti).Scan(&n)
	return n > 0, err
}

// revokePaired revokes the other token of the pair that c belongs to, if
// it names one.
func revokePaired(ctx context.Context, tx *sql.Tx, c *tokenClaims) error {
	id, exp := c.RefreshID, c.RefreshExp
	if c.TokenType == tokenRefresh {
		id, exp = c.AccessID, c.AccessExp
	}
	if id == "" {
		return nil
	}
	_, err := revoke(ctx, tx, id, time.Unix(exp, 0))
	return err
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
