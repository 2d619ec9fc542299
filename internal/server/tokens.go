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
// and credential version (cver): see adminCredentials, and their family
// (fam): the id of the refresh token of the login they descend from, kept
// through every rotation, so that the reuse of a rotated refresh token
// revokes them all (see revokeFamily).
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
	Family      string `json:"fam,omitempty"`
}

// family answers the family of an admin user's token; a token issued before
// families were named is of the family of its login's refresh token, as
// the tokens of a login are.
func (c *tokenClaims) family() string {
	switch {
	case c.Kind != kindAdmin:
		return ""
	case c.Family != "":
		return c.Family
	case c.TokenType == tokenRefresh:
		return c.ID
	}
	return c.RefreshID
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

// issuedPair is a new access token and its refresh token.
type issuedPair struct {
	access, refresh       string
	accessExp, refreshExp time.Time
}

// lastExpiry answers when the later token of p expires.
func (p issuedPair) lastExpiry() time.Time {
	if p.accessExp.After(p.refreshExp) {
		return p.accessExp
	}
	return p.refreshExp
}

// issuePair makes an access token and its refresh token for an admin user,
// of family, or of a new family (a login) when family is empty.
func (s *Server) issuePair(u adminCredentials, family string) (p issuedPair, err error) {
	now := time.Now()
	accessID, refreshID := uuid.NewString(), uuid.NewString()
	if family == "" {
		family = refreshID
	}
	accessExp := expiryAfter(now, s.cfg.AccessTokenTTL)
	refreshExp := expiryAfter(now, s.cfg.RefreshTokenTTL)
	claims := func(id, tokenType string, exp time.Time) tokenClaims {
		return tokenClaims{
			RegisteredClaims: jwt.RegisteredClaims{
				ID: id, Subject: u.username,
				IssuedAt: jwt.NewNumericDate(now), ExpiresAt: jwt.NewNumericDate(exp),
			},
			Kind: kindAdmin, TokenType: tokenType, UserID: u.uid, CredVersion: u.version, Family: family,
		}
	}
	p.accessExp, p.refreshExp = accessExp, refreshExp
	rc := claims(refreshID, tokenRefresh, refreshExp)
	rc.AccessID, rc.AccessExp = accessID, accessExp.Unix()
	if p.refresh, err = s.sign(rc); err != nil {
		return issuedPair{}, err
	}
	ac := claims(accessID, tokenAccess, accessExp)
	ac.RefreshID, ac.RefreshExp = refreshID, refreshExp.Unix()
	p.access, err = s.sign(ac)
	return p, err
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

// isRevoked tells whether the token c was revoked, by itself or with its family.
func (s *Server) isRevoked(ctx context.Context, c *tokenClaims) (bool, error) {
	var revoked bool
	err := s.db.QueryRowContext(ctx, `SELECT EXISTS (SELECT 1 FROM revoked_tokens WHERE jti = ?)
		OR EXISTS (SELECT 1 FROM token_families WHERE family = ? AND revoked = 1)`, c.ID, c.family()).Scan(&revoked)
	return revoked, err
}

// familyLives records inside tx that family holds a token until exp.
func familyLives(ctx context.Context, tx *sql.Tx, family string, exp time.Time) error {
	_, err := tx.ExecContext(ctx, `INSERT INTO token_families (family, expires_s) VALUES (?, ?)
		ON CONFLICT (family) DO UPDATE SET expires_s = max(expires_s, excluded.expires_s)`, family, exp.Unix())
	return err
}

// revokeFamily revokes inside tx every token of the family of c, a refresh
// token presented after it was revoked: a rotated refresh token used again
// means that it leaked, so neither its holder nor the thief may go on
// (RFC 9700 §4.14.2). The family's row, written at each rotation, says how
// long its newest token lives; without one (no rotation yet) c's pair is
// the family's newest.
func revokeFamily(ctx context.Context, tx *sql.Tx, c *tokenClaims) error {
	family := c.family()
	if family == "" {
		return nil
	}
	exp := max(c.ExpiresAt.Unix(), c.AccessExp)
	_, err := tx.ExecContext(ctx, `INSERT INTO token_families (family, expires_s, revoked) VALUES (?, ?, 1)
		ON CONFLICT (family) DO UPDATE SET revoked = 1, expires_s = max(expires_s, excluded.expires_s)`, family, exp)
	return err
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
// token, or every token of whose family, has expired. It answers false when jti was already revoked.
func revoke(ctx context.Context, tx *sql.Tx, jti string, exp time.Time) (bool, error) {
	for _, prune := range []string{`DELETE FROM revoked_tokens WHERE expires_s < ?`, `DELETE FROM token_families WHERE expires_s < ?`} {
		if _, err := tx.ExecContext(ctx, prune, time.Now().Unix()); err != nil {
			return false, err
		}
	}
	res, err := tx.ExecContext(ctx, `INSERT INTO revoked_tokens (jti, expires_s) VALUES (?, ?) ON CONFLICT (jti) DO NOTHING`,
		jti, exp.Unix())
	if err != nil {
		return false, err
	}
	n, err := res.RowsAffected()
	return n == 1, err
}
