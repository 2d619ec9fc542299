package server

import (
	"net/http"
	"slices"
	"testing"

	"github.com/adminapi/terraform-provider-adminapi/internal/api"
)

// TestCallerChangesOnlyPermissionsItHolds: a caller may add or remove only
// permissions it holds itself; the 403 names the first other one.
func TestCallerChangesOnlyPermissionsItHolds(t *testing.T) {
	a := newTestAPI(t)
	changer := a.adminWith("changer", api.Permissions{Users: []string{"read", "changePermissions"}, Accounts: []string{"read"}})
	a.adminWith("target", api.Permissions{Users: []string{"read"}, Settings: []string{"update"}})
	set := func(username string, p api.Permissions) req {
		return req{method: "PUT", path: "/users/" + username + "/permissions", token: changer, body: api.UpdatePermissions{Permissions: normalized(p)}}
	}

	e := a.fail(set(rootUser, api.Permissions{Users: []string{"read"}}), http.StatusForbidden, api.ErrForbidden)
	if e.Data["permission"] != "users:create" {
		t.Errorf("stripping the bootstrap admin: 403 names %v, want users:create", e.Data)
	}
	var root api.AdminUser
	a.ok(req{method: "GET", path: "/users/" + rootUser, token: a.root}, 200, &root)
	if !slices.Equal(root.Permissions.Users, allPermissions().Users) || len(root.Permissions.Accounts) != 4 {
		t.Errorf("a refused change changed the bootstrap admin: %+v", root.Permissions)
	}

	e = a.fail(set("target", api.Permissions{Users: []string{"read"}}), http.StatusForbidden, api.ErrForbidden)
	if e.Data["permission"] != "settings:update" {
		t.Errorf("removing settings:update: 403 names %v", e.Data)
	}
	var u api.AdminUser
	a.ok(set("target", api.Permissions{Users: []string{"changePermissions"}, Settings: []string{"update"}, Accounts: []string{"read"}}), 200, &u)
	if !slices.Equal(u.Permissions.Users, []string{"changePermissions"}) || !slices.Equal(u.Permissions.Accounts, []string{"read"}) {
		t.Errorf("a change within the caller's permissions answered %+v", u.Permissions)
	}
	a.ok(set("changer", api.Permissions{Users: []string{"read", "changePermissions"}}), 200, nil)
}
