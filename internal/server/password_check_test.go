package server

import (
	"testing"

	"github.com/adminapi/terraform-provider-adminapi/internal/api"
)

func TestPlatformUserPasswordMatches(t *testing.T) {
	a := newTestAPI(t)
	ctx := t.Context()
	a.ok(req{method: "POST", path: "/platform-users", token: a.root,
		body: api.CreatePlatformUser{Username: "pw-user", Email: "pw@example.com", Password: ptr("first-pw")}}, 201, nil)
	a.ok(req{method: "POST", path: "/platform-users", token: a.root,
		body: api.CreatePlatformUser{Username: "ldap-user", Email: "ldap@example.com", LDAP: ptr(true)}}, 201, nil)

	check := func(username, password string, want bool) {
		t.Helper()
		got, err := a.srv.PlatformUserPasswordMatches(ctx, username, password)
		if err != nil || got != want {
			t.Errorf("%s / %q: %v, %v; want %v", username, password, got, err, want)
		}
	}
	check("pw-user", "first-pw", true)
	check("pw-user", "other-pw", false)
	check("ldap-user", "", false)

	a.ok(req{method: "PUT", path: "/platform-users/pw-user/password", token: a.root, body: api.SetPassword{Password: "second-pw"}}, 204, nil)
	check("pw-user", "second-pw", true)
	check("pw-user", "first-pw", false)

	if _, err := a.srv.PlatformUserPasswordMatches(ctx, "nobody", "x"); err == nil {
		t.Error("an unknown user must be an error")
	}
}
