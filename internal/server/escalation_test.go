package server

import (
	"net/http"
	"strings"
	"testing"

	"github.com/adminapi/terraform-provider-adminapi/internal/api"
)

// TestResetAndDeleteOnlyAdminsTheCallerCovers: a caller may reset the
// password of, or delete, only an admin user whose every permission it
// holds; the 403 names what it lacks and changes nothing.
func TestResetAndDeleteOnlyAdminsTheCallerCovers(t *testing.T) {
	a := newTestAPI(t)
	callerPerms := api.Permissions{Users: []string{"resetPassword", "delete"}, Settings: []string{"read"}}
	caller := a.adminWith("caller", callerPerms)
	targets := []struct {
		name    string
		perms   api.Permissions
		missing []string // in canonical order; none when the call is allowed
	}{
		{"weaker", api.Permissions{Settings: []string{"read"}}, nil},
		{"equal", callerPerms, nil},
		{"stronger", api.Permissions{Users: []string{"delete"}, Settings: []string{"read", "update"}, Accounts: []string{"read"}},
			[]string{"settings:update", "accounts:read"}},
	}
	calls := []struct {
		name   string
		req    func(username string) req
		status int
	}{
		{"reset-password", func(u string) req {
			return req{method: "POST", path: "/users/" + u + "/reset-password", token: caller, body: api.ResetPassword{Password: ptr("taken-over-1")}}
		}, http.StatusOK},
		{"delete", func(u string) req { return req{method: "DELETE", path: "/users/" + u, token: caller} }, http.StatusNoContent},
	}
	for _, call := range calls {
		for _, target := range targets {
			username := call.name + "-" + target.name
			a.adminWith(username, target.perms)
			if target.missing == nil {
				a.ok(call.req(username), call.status, nil)
				continue
			}
			e := a.fail(call.req(username), http.StatusForbidden, api.ErrForbidden)
			if e.Data["permission"] != target.missing[0] {
				t.Errorf("%s: 403 data %v, want the permission %s", username, e.Data, target.missing[0])
			}
			for _, p := range target.missing {
				if !strings.Contains(e.Message, p) {
					t.Errorf("%s: 403 message %q does not name %s", username, e.Message, p)
				}
			}
			a.login(username, "password-"+username) // unchanged and still there
		}
	}
	a.fail(calls[0].req(rootUser), http.StatusForbidden, api.ErrForbidden)
	a.fail(calls[1].req(rootUser), http.StatusForbidden, api.ErrForbidden)
	a.login(rootUser, rootPassword)
}
