package server

import (
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
