package server

import (
	"encoding/json"
	"net/http"
	"testing"
	"time"

	"github.com/adminapi/terraform-provider-adminapi/internal/api"
)

// TestPasswordResetRevokesTokens: a reset revokes every token the user held
// before it, also when the user resets its own password.
func TestPasswordResetRevokesTokens(t *testing.T) {
	a := newTestAPI(t)
	a.adminWith("victim", api.Permissions{Users: []string{"read", "resetPassword"}})
	before := a.login("victim", "password-victim")
	a.ok(req{method: "POST", path: "/users/victim/reset-password", token: a.root, body: api.ResetPassword{Password: ptr("new-password-1")}}, 200, nil)
	a.fail(req{method: "GET", path: "/auth/me", token: before.Token}, http.StatusUnauthorized, api.ErrInvalidAccessToken)
	a.fail(req{method: "POST", path: "/auth/refresh", token: before.RefreshToken}, http.StatusUnauthorized, api.ErrInvalidAccessToken)
	a.ok(req{method: "GET", path: "/auth/me", token: a.root}, 200, nil)

	after := a.login("victim", "new-password-1")
	a.ok(req{method: "GET", path: "/auth/me", token: after.Token}, 200, nil)
	a.ok(req{method: "POST", path: "/users/victim/reset-password", token: after.Token}, 200, nil)
	a.fail(req{method: "GET", path: "/auth/me", token: after.Token}, http.StatusUnauthorized, api.ErrInvalidAccessToken)
	a.fail(req{method: "POST", path: "/auth/refresh", token: after.RefreshToken}, http.StatusUnauthorized, api.ErrInvalidAccessToken)
}

// TestRecreatedUserInheritsNoTokens: the tokens of a deleted admin user stay
// dead when another user of the same name is created.
func TestRecreatedUserInheritsNoTokens(t *testing.T) {
	a := newTestAPI(t)
	perms := api.Permissions{Users: []string{"read"}}
	a.adminWith("victim", perms)
	old := a.login("victim", "password-victim")
	a.ok(req{method: "DELETE", path: "/users/victim", token: a.root}, 204, nil)
	a.adminWith("victim", perms)
	a.fail(req{method: "POST", path: "/auth/refresh", token: old.RefreshToken}, http.StatusUnauthorized, api.ErrInvalidAccessToken)
	a.fail(req{method: "GET", path: "/auth/me", token: old.Token}, http.StatusUnauthorized, api.ErrInvalidAccessToken)
	a.ok(req{method: "GET", path: "/auth/me", token: a.login("victim", "password-victim").Token}, 200, nil)
}

// TestRefreshRevokesThePreviousAccessToken: rotation revokes the whole old
// pair, so a logout with the old access token cannot reach the live pair.
func TestRefreshRevokesThePreviousAccessToken(t *testing.T) {
	a := newTestAPI(t)
	first := a.login(rootUser, rootPassword)
	var second api.TokenPair
	a.ok(req{method: "POST", path: "/auth/refresh", token: first.RefreshToken}, 200, &second)
	a.fail(req{method: "GET", path: "/auth/me", token: first.Token}, http.StatusUnauthorized, api.ErrInvalidAccessToken)
	a.fail(req{method: "POST", path: "/auth/logout", token: first.Token}, http.StatusUnauthorized, api.ErrInvalidAccessToken)
	a.ok(req{method: "GET", path: "/auth/me", token: second.Token}, 200, nil)
	a.ok(req{method: "POST", path: "/auth/refresh", token: second.RefreshToken}, 200, nil)
}

// TestLogoutWithRefreshToken: a refresh token logs out by itself, revoking
// its access token too, also once that access token has expired.
func TestLogoutWithRefreshToken(t *testing.T) {
	a := newTestAPI(t, func(c *Config) { c.AccessTokenTTL = time.Second })
	live := a.login(rootUser, rootPassword)
	a.ok(req{method: "POST", path: "/auth/logout", token: live.RefreshToken}, 204, nil)
	a.fail(req{method: "GET", path: "/auth/me", token: live.Token}, http.StatusUnauthorized, api.ErrInvalidAccessToken)
	a.fail(req{method: "POST", path: "/auth/refresh", token: live.RefreshToken}, http.StatusUnauthorized, api.ErrInvalidAccessToken)
	a.fail(req{method: "POST", path: "/auth/logout", token: live.RefreshToken}, http.StatusUnauthorized, api.ErrInvalidAccessToken)

	expired := a.login(rootUser, rootPassword)
	eventually(t, 3*time.Second, func() bool {
		return a.do(req{method: "GET", path: "/auth/me", token: expired.Token}).status == http.StatusUnauthorized
	})
	a.ok(req{method: "POST", path: "/auth/logout", token: expired.RefreshToken}, 204, nil)
	a.fail(req{method: "POST", path: "/auth/refresh", token: expired.RefreshToken}, http.StatusUnauthorized, api.ErrInvalidAccessToken)
}

// TestRefreshTokenReuseRevokesItsFamily: a refresh token presented again
// after its rotation revokes every token descended from the same login
// (RFC 9700 §4.14.2), the newest pair too, also across a restart; another
// login of the same user is not touched.
func TestRefreshTokenReuseRevokesItsFamily(t *testing.T) {
	for _, reuse := range []string{"/auth/refresh", "/auth/logout"} {
		t.Run(reuse, func(t *testing.T) {
			cfg := testConfig(t)
			a := startTestAPI(t, cfg)
			first := a.login(rootUser, rootPassword)
			other := a.login(rootUser, rootPassword)
			var second, third api.TokenPair
			a.ok(req{method: "POST", path: "/auth/refresh", token: first.RefreshToken}, 200, &second)
			a.ok(req{method: "POST", path: "/auth/refresh", token: second.RefreshToken}, 200, &third)

			a.fail(req{method: "POST", path: reuse, token: first.RefreshToken}, http.StatusUnauthorized, api.ErrInvalidAccessToken)
			a.fail(req{method: "GET", path: "/auth/me", token: third.Token}, http.StatusUnauthorized, api.ErrInvalidAccessToken)
			a.fail(req{method: "POST", path: "/auth/refresh", token: third.RefreshToken}, http.StatusUnauthorized, api.ErrInvalidAccessToken)
			a.ok(req{method: "GET", path: "/auth/me", token: other.Token}, 200, nil)
			if err := a.srv.Close(); err != nil {
				t.Fatal(err)
			}

			b := startTestAPI(t, cfg)
			b.fail(req{method: "GET", path: "/auth/me", token: third.Token}, http.StatusUnauthorized, api.ErrInvalidAccessToken)
			b.fail(req{method: "POST", path: "/auth/logout", token: third.RefreshToken}, http.StatusUnauthorized, api.ErrInvalidAccessToken)
			b.ok(req{method: "POST", path: "/auth/refresh", token: other.RefreshToken}, 200, nil)
		})
	}
}

// TestConcurrentRefreshesOfOneToken: of refreshes of one token at once,
// one gets a pair; the others are reuses, which revoke that pair too.
func TestConcurrentRefreshesOfOneToken(t *testing.T) {
	a := newTestAPI(t)
	first := a.login(rootUser, rootPassword)
	answers := make([]resp, 8)
	statuses := parallel(len(answers), func(i int) int {
		answers[i] = a.from(t.Context(), "192.0.2.90:1", req{method: "POST", path: "/auth/refresh", token: first.RefreshToken})
		return answers[i].status
	})
	if counts := countStatuses(statuses); counts[http.StatusOK] != 1 || counts[http.StatusUnauthorized] != len(answers)-1 {
		t.Fatalf("refreshes of one token at once answered %v, want one 200, the rest 401", counts)
	}
	for _, r := range answers {
		if r.status != http.StatusOK {
			continue
		}
		var pair api.TokenPair
		if err := json.Unmarshal(r.body, &pair); err != nil {
			t.Fatal(err)
		}
		a.fail(req{method: "GET", path: "/auth/me", token: pair.Token}, http.StatusUnauthorized, api.ErrInvalidAccessToken)
		a.fail(req{method: "POST", path: "/auth/refresh", token: pair.RefreshToken}, http.StatusUnauthorized, api.ErrInvalidAccessToken)
	}
}
