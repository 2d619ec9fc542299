package server

import (
	"net/http"
	"slices"
	"strings"
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
	a.adminWith("weaker", api.Permissions{Users: []string{"read"}})
	var u api.AdminUser
	a.ok(set("weaker", api.Permissions{Users: []string{"changePermissions"}, Accounts: []string{"read"}}), 200, &u)
	if !slices.Equal(u.Permissions.Users, []string{"changePermissions"}) || !slices.Equal(u.Permissions.Accounts, []string{"read"}) {
		t.Errorf("a change within the caller's permissions answered %+v", u.Permissions)
	}
	a.ok(set("changer", api.Permissions{Users: []string{"read", "changePermissions"}}), 200, nil)
}

// TestChangingPermissionsNeedsTheTargetsPermissions: a caller may change
// the permissions of an admin user only while it holds every permission
// the user has now, not only those that change, so that no admin can strip
// a stronger one (here of users:*, which would leave it unable to restore
// itself); the 403 names what the caller lacks and changes nothing.
func TestChangingPermissionsNeedsTheTargetsPermissions(t *testing.T) {
	a := newTestAPI(t)
	caller := a.adminWith("caller", api.Permissions{Users: allPermissions().Users, Settings: []string{"read"}, PlatformUsers: []string{"read"}})
	a.adminWith("victim", allPermissions())
	lessUsers := allPermissions()
	lessUsers.Users = []string{}
	e := a.fail(req{method: "PUT", path: "/users/victim/permissions", token: caller, body: api.UpdatePermissions{Permissions: lessUsers}},
		http.StatusForbidden, api.ErrForbidden)
	if e.Data["permission"] != "settings:update" {
		t.Errorf("403 data %v, want the permission settings:update", e.Data)
	}
	for _, p := range []string{"settings:update", "platformUsers:create", "accounts:read"} {
		if !strings.Contains(e.Message, p) {
			t.Errorf("403 message %q does not name %s", e.Message, p)
		}
	}
	var victim api.AdminUser
	a.ok(req{method: "GET", path: "/users/victim", token: a.root}, 200, &victim)
	if !slices.Equal(victim.Permissions.Users, allPermissions().Users) {
		t.Errorf("a refused change changed the victim: %+v", victim.Permissions)
	}
	// A target within the caller's permissions may still be changed, also
	// by taking away what the caller holds.
	a.adminWith("peer", api.Permissions{Users: []string{"read", "delete"}, Settings: []string{"read"}})
	a.ok(req{method: "PUT", path: "/users/peer/permissions", token: caller,
		body: api.UpdatePermissions{Permissions: normalized(api.Permissions{PlatformUsers: []string{"read"}})}}, 200, nil)
}
