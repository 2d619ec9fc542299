package adminuser

import (
	"slices"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
)

// adminUserV0State is an admin user's state as schema version 0 wrote it
// for `permissions = { users = ["read"], settings = ["read", "update"],
// platform_users = ["read", "create"] }`: the group left out (accounts) is
// an empty set, as its default made it.
const adminUserV0State = `{
  "created_at": "2026-12-07T20:48:22Z",
  "id": "ops-v0",
  "password": "ops-v0-password",
  "password_wo": null,
  "password_wo_version": null,
  "permissions": {
    "accounts": [],
    "platform_users": ["create", "read"],
    "settings": ["read", "update"],
    "users": ["read"]
  },
  "updated_at": "2026-12-07T20:48:22Z",
  "username": "ops-v0"
}`

func upgradeAdminUserV0(t *testing.T, raw string) (adminUserModel, *resource.UpgradeStateResponse) {
	t.Helper()
	r := NewAdminUserResource().(*adminUserResource)
	var s resource.SchemaResponse
	r.Schema(t.Context(), resource.SchemaRequest{}, &s)
	if s.Schema.Version != 1 {
		t.Fatalf("schema version %d, want 1", s.Schema.Version)
	}
	upgrader, ok := r.UpgradeState(t.Context())[0]
	if !ok {
		t.Fatal("no upgrader from schema version 0")
	}
	resp := &resource.UpgradeStateResponse{State: tfsdk.State{Schema: s.Schema}}
	upgrader.StateUpgrader(t.Context(), resource.UpgradeStateRequest{RawState: &tfprotov6.RawState{JSON: []byte(raw)}}, resp)
	var m adminUserModel
	if resp.Diagnostics.HasError() {
		return m, resp
	}
	if !resp.State.Raw.Type().Is(s.Schema.Type().TerraformType(t.Context())) {
		t.Fatalf("upgraded state of type %v", resp.State.Raw.Type())
	}
	if diags := resp.State.Get(t.Context(), &m); diags.HasError() {
		t.Fatal(diags)
	}
	return m, resp
}

// State written by schema version 0 reads into version 1: the same
// attributes, the permissions a map of the groups that have one (the
// empty sets version 0 defaulted the left-out groups to are dropped, so
// that a configuration leaving them out plans no change).
func TestAdminUserStateUpgradeFromV0(t *testing.T) {
	m, resp := upgradeAdminUserV0(t, adminUserV0State)
	if resp.Diagnostics.HasError() {
		t.Fatal(resp.Diagnostics)
	}
	if m.ID.ValueString() != "ops-v0" || m.Username.ValueString() != "ops-v0" || m.Password.ValueString() != "ops-v0-password" ||
		m.CreatedAt.ValueString() != "2026-12-07T20:48:22Z" || !m.PasswordWOVersion.IsNull() {
		t.Errorf("upgraded %+v", m)
	}
	want := adminUserPermissionsMap(t, map[string][]string{
		"users": {"read"}, "settings": {"read", "update"}, "platform_users": {"read", "create"},
	})
	if !m.Permissions.Equal(want) {
		t.Errorf("permissions %v, want %v", m.Permissions, want)
	}
}

func TestAdminUserStateUpgradeFromV0NoPermission(t *testing.T) {
	raw := `{"id": "nobody", "username": "nobody", "password": null, "password_wo": null, "password_wo_version": 2,
  "permissions": {"accounts": [], "platform_users": [], "settings": [], "users": []},
  "created_at": "2026-12-07T20:48:22Z", "updated_at": "2026-12-07T20:48:22Z"}`
	m, resp := upgradeAdminUserV0(t, raw)
	if resp.Diagnostics.HasError() {
		t.Fatal(resp.Diagnostics)
	}
	if m.Permissions.IsNull() || len(m.Permissions.Elements()) != 0 || m.PasswordWOVersion.ValueInt64() != 2 {
		t.Errorf("permissions %v, password_wo_version %v: want an empty map and 2", m.Permissions, m.PasswordWOVersion)
	}
}

func TestAdminUserStateUpgradeFromV0Refuses(t *testing.T) {
	_, resp := upgradeAdminUserV0(t, `{"id": "ops", "permissions": ["read"]}`)
	if !resp.Diagnostics.HasError() || !slices.ContainsFunc(resp.Diagnostics.Errors(), func(d diag.Diagnostic) bool {
		return d.Summary() == "Could not upgrade the state of an admin user from schema version 0"
	}) {
		t.Errorf("diagnostics %v, want the upgrade refused", resp.Diagnostics)
	}
}
