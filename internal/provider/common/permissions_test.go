package common

import (
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/diag"

	"github.com/adminapi/terraform-provider-adminapi/internal/api"
)

func TestCheckPermissions(t *testing.T) {
	ops := []api.Operation{"DELETE /platform-users/{username}", "POST /platform-users/{username}/roles/{role}", "GET /platform-users/{username}"}
	caller := api.Me{Kind: api.CallerClient, Name: "ci", Permissions: api.Permissions{PlatformUsers: []string{"read"}}}
	alice := Object{"platform user", "alice"}
	for _, c := range []struct {
		name    string
		check   PermissionCheck
		caller  api.Me
		ok      bool
		want    diag.Severity
		missing string
	}{
		{"warn", PermissionCheckWarn, caller, true, diag.SeverityWarning, "platformUsers:delete, platformUsers:update"},
		{"error", PermissionCheckError, caller, false, diag.SeverityError, "platformUsers:delete, platformUsers:update"},
		{"off", PermissionCheckOff, caller, true, diag.SeverityInvalid, ""},
		{"every permission", PermissionCheckError, api.Me{Kind: api.CallerAdminUser, Name: "root", Permissions: api.Permissions{
			PlatformUsers: []string{"read", "update", "delete"}}}, true, diag.SeverityInvalid, ""},
	} {
		t.Run(c.name, func(t *testing.T) {
			var diags diag.Diagnostics
			d := &ProviderData{Caller: c.caller, PermissionCheck: c.check}
			if ok := d.CheckPermissions(&diags, ActionReplace, "adminapi_platform_user", alice, ops); ok != c.ok {
				t.Errorf("ok = %v, want %v", ok, c.ok)
			}
			if c.want == diag.SeverityInvalid {
				if len(diags) != 0 {
					t.Errorf("diagnostics %v, want none", diags)
				}
				return
			}
			if len(diags) != 1 || diags[0].Severity() != c.want ||
				diags[0].Summary() != `Missing permission `+c.missing+` to replace platform user "alice"` ||
				!strings.Contains(diags[0].Detail(), `API client "ci"`) || !strings.Contains(diags[0].Detail(), "DELETE /platform-users/{username}") {
				t.Errorf("diagnostics %v", diags)
			}
		})
	}
}

func TestNeedsOf(t *testing.T) {
	n := Needs{Read: []api.Operation{"GET /roles/{name}"}, Create: []api.Operation{"POST /roles"}, Delete: []api.Operation{"DELETE /roles/{name}"}}
	if got := n.Of(ActionReplace); len(got) != 2 || got[0] != "DELETE /roles/{name}" || got[1] != "POST /roles" {
		t.Errorf("replace needs %v, want the delete then the create", got)
	}
	section := PermissionsSection(n)
	for _, want := range []string{"## Permissions", "| read | `platformUsers:read` |", "| create | `platformUsers:update` |", "| destroy | `platformUsers:update` |"} {
		if !strings.Contains(section, want) {
			t.Errorf("section lacks %q:\n%s", want, section)
		}
	}
	if strings.Contains(section, "| update |") {
		t.Errorf("section lists an update that calls nothing:\n%s", section)
	}
}

func TestPermissionsSectionOfNothing(t *testing.T) {
	if got := PermissionsSection(Needs{}); got != "" {
		t.Errorf("a type that calls nothing has the section %q", got)
	}
}
