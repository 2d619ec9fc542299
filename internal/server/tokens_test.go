package server

import (
	"net/http"
	"testing"
	"time"

	"github.com/golang-jwt/jwt/v5"

	"github.com/adminapi/terraform-provider-adminapi/internal/api"
)

// eventually polls check until it answers true or the deadline passes.
func eventually(t *testing.T, within time.Duration, check func() bool) {
	t.Helper()
	deadline := time.Now().Add(within)
	for !check() {
		if time.Now().After(deadline) {
			t.Fatalf("not true within %s", within)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

func TestTokensExpire(t *testing.T) {
	a := newTestAPI(t, func(c *Config) {
		c.AccessTokenTTL = time.Second
		c.RefreshTokenTTL = 2 * time.Second
	})
	pair := a.login(rootUser, rootPassword)
	if left := time.Until(pair.ExpiresAt); left < 900*time.Millisecond || left > 2*time.Second {
		t.Errorf("expires_at is %s away, want about 1s", left)
	}
	a.ok(req{method: "GET", path: "/auth/me", token: pair.Token}, 200, nil)
	eventually(t, 3*time.Second, func() bool {
		return a.do(req{method: "GET", path: "/auth/me", token: pair.Token}).status == http.StatusUnauthorized
	})
	e := a.fail(req{method: "GET", path: "/auth/me", token: pair.Token}, 401, api.ErrInvalidAccessToken)
	if e.Message != "the token has expired" {
		t.Errorf("message %q", e.Message)
	}
	eventually(t, 3*time.Second, func() bool {
		return a.do(req{method: "POST", path: "/auth/refresh", token: pair.RefreshToken}).status == http.StatusUnauthorized
	})
}

func TestRefreshRotation(t *testing.T) {
	a := newTestAPI(t)
	first := a.login(rootUser, rootPassword)
	var second api.TokenPair
	a.ok(req{method: "POST", path: "/auth/refresh", token: first.RefreshToken}, 200, &second)
	if second.RefreshToken == first.RefreshToken || second.Token == first.Token {
		t.Fatal("refresh answered the same tokens")
	}
	a.ok(req{method: "GET", path: "/auth/me", token: second.Token}, 200, nil)
	var third api.TokenPair
	a.ok(req{method: "POST", path: "/auth/refresh", token: second.RefreshToken}, 200, &third)
	a.ok(req{method: "GET", path: "/auth/me", token: third.Token}, 200, nil)
	a.fail(req{method: "GET", path: "/auth/me", token: third.RefreshToken}, 401, api.ErrInvalidAccessToken)
	a.fail(req{method: "POST", path: "/auth/refresh", token: third.Token}, 401, api.ErrInvalidAccessToken)
}

func TestLogoutSurvivesRestart(t *testing.T) {
	cfg := testConfig(t)
	a := startTestAPI(t, cfg)
	out := a.login(rootUser, rootPassword)
	kept := a.login(rootUser, rootPassword)
	a.ok(req{method: "POST", path: "/auth/logout", token: out.Token}, 204, nil)
	if err := a.srv.Close(); err != nil {
		t.Fatal(err)
	}

	b := startTestAPI(t, cfg)
	b.fail(req{method: "GET", path: "/auth/me", token: out.Token}, 401, api.ErrInvalidAccessToken)
	b.fail(req{method: "POST", path: "/auth/refresh", token: out.RefreshToken}, 401, api.ErrInvalidAccessToken)
	b.ok(req{method: "GET", path: "/auth/me", token: kept.Token}, 200, nil)
	b.ok(req{method: "POST", path: "/auth/refresh", token: kept.RefreshToken}, 200, nil)
	b.fail(req{method: "POST", path: "/auth/refresh", token: kept.RefreshToken}, 401, api.ErrInvalidAccessToken)
}

func TestForeignTokensRefused(t *testing.T) {
	a := newTestAPI(t)
	claims := tokenClaims{
		RegisteredClaims: jwt.RegisteredClaims{ID: "x", Subject: rootUser, ExpiresAt: jwt.NewNumericDate(time.Now().Add(time.Hour))},
		Kind:             kindAdmin, TokenType: tokenAccess,
	}
	if err := a.srv.db.QueryRow(`SELECT uid, credential_version FROM admin_users WHERE username = ?`, rootUser).
		Scan(&claims.UserID, &claims.CredVersion); err != nil {
		t.Fatal(err)
	}
	other, err := jwt.NewWithClaims(jwt.SigningMethodHS256, claims).SignedString([]byte("another key of 32 bytes, not ours"))
	if err != nil {
		t.Fatal(err)
	}
	none, err := jwt.NewWithClaims(jwt.SigningMethodNone, claims).SignedString(jwt.UnsafeAllowNoneSignatureType)
	if err != nil {
		t.Fatal(err)
	}
	own := func(c tokenClaims) string {
		s, err := a.srv.sign(c)
		if err != nil {
			t.Fatal(err)
		}
		return s
	}
	noExp := claims
	noExp.ExpiresAt = nil
	unknownKind := claims
	unknownKind.Kind = "robot"
	ghost := claims
	ghost.Subject = "ghost"
	ghostClient := claims
	ghostClient.Kind, ghostClient.Subject = kindClient, "ghost"
	otherUser := claims
	otherUser.UserID = "another-incarnation"
	noUser := claims
	noUser.UserID = ""
	oldCredentials := claims
	oldCredentials.CredVersion--
	for name, tok := range map[string]string{
		"signed with another key": other, "alg none": none, "without expiry": own(noExp),
		"unknown kind": own(unknownKind), "unknown admin user": own(ghost), "unknown client": own(ghostClient),
		"another incarnation": own(otherUser), "without incarnation": own(noUser), "older credentials": own(oldCredentials),
	} {
		r := a.do(req{method: "GET", path: "/auth/me", token: tok})
		if r.status != http.StatusUnauthorized {
			t.Errorf("%s: answered %d, want 401", name, r.status)
		}
	}
	a.ok(req{method: "GET", path: "/auth/me", token: own(claims)}, 200, nil)
}

func TestRevokedRowsArePruned(t *testing.T) {
	a := newTestAPI(t)
	if _, err := a.srv.db.Exec(`INSERT INTO revoked_tokens (jti, expires_s) VALUES ('old', ?)`, time.Now().Add(-time.Hour).Unix()); err != nil {
		t.Fatal(err)
	}
	a.ok(req{method: "POST", path: "/auth/logout", token: a.login(rootUser, rootPassword).Token}, 204, nil)
	var n int
	if err := a.srv.db.QueryRow(`SELECT count(*) FROM revoked_tokens WHERE jti = 'old'`).Scan(&n); err != nil || n != 0 {
		t.Errorf("expired revocation kept: %d %v", n, err)
	}
	if err := a.srv.db.QueryRow(`SELECT count(*) FROM revoked_tokens`).Scan(&n); err != nil || n != 2 {
		t.Errorf("%d revocations after one logout, want 2 (access and refresh): %v", n, err)
	}
}
