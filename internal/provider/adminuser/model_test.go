package adminuser

import (
	"context"
	"maps"
	"reflect"
	"slices"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/adminapi/terraform-provider-adminapi/internal/api"
	"github.com/adminapi/terraform-provider-adminapi/internal/provider/common"
)

func TestAdminUserSchemaIsValid(t *testing.T) {
	var resp resource.SchemaResponse
	NewAdminUserResource().Schema(t.Context(), resource.SchemaRequest{}, &resp)
	if diags := resp.Schema.ValidateImplementation(t.Context()); diags.HasError() {
		t.Fatalf("schema: %v", diags)
	}
	for _, name := range []string{"password", "password_wo", "password_wo_version", "permissions", "created_at", "updated_at"} {
		if _, ok := resp.Schema.Attributes[name]; !ok {
			t.Errorf("schema lacks %s", name)
		}
	}
}

// adminUserPermissionsMap is a `permissions` value holding the groups of
// groups.
func adminUserPermissionsMap(t *testing.T, groups map[string][]string) types.Map {
	t.Helper()
	values := map[string]attr.Value{}
	for name, list := range groups {
		set, diags := common.StringSet(list)
		if diags.HasError() {
			t.Fatal(diags)
		}
		values[name] = set
	}
	m, diags := types.MapValue(adminPermissionsElemType, values)
	if diags.HasError() {
		t.Fatal(diags)
	}
	return m
}

// permissionKeys is the keys of m, sorted.
func permissionKeys(m types.Map) []string {
	return slices.Sorted(maps.Keys(m.Elements()))
}

func TestExpandAdminPermissions(t *testing.T) {
	m := adminUserPermissionsMap(t, map[string][]string{
		"users":          {"read", "create"},
		"platform_users": {"delete"},
		"accounts":       {},
	})
	got, diags := expandAdminPermissions(context.Background(), m)
	if diags.HasError() {
		t.Fatal(diags)
	}
	if len(got.Users) != 2 || got.PlatformUsers[0] != "delete" {
		t.Errorf("expanded %+v", got)
	}
	// Omitted and empty groups are sent as empty lists, never null.
	if got.Settings == nil || len(got.Settings) != 0 || got.Accounts == nil || len(got.Accounts) != 0 {
		t.Errorf("settings %#v, accounts %#v: want empty non-nil lists", got.Settings, got.Accounts)
	}
}

func TestFlattenAdminPermissionsRoundTrip(t *testing.T) {
	in := api.Permissions{Users: []string{"read"}, Settings: nil, PlatformUsers: []string{"read", "update"}, Accounts: []string{}}
	m, diags := flattenAdminPermissions(in, func(string) bool { return true })
	if diags.HasError() {
		t.Fatal(diags)
	}
	settings, ok := m.Elements()["settings"].(types.Set)
	if !ok || settings.IsNull() || len(settings.Elements()) != 0 {
		t.Errorf("settings = %v, want an empty known set", m.Elements()["settings"])
	}
	back, diags := expandAdminPermissions(context.Background(), m)
	if diags.HasError() {
		t.Fatal(diags)
	}
	want := api.Permissions{Users: []string{"read"}, Settings: []string{}, PlatformUsers: []string{"read", "update"}, Accounts: []string{}}
	for _, g := range adminPermissionGroups {
		slices.Sort(*adminPermissionList(&back, g.group))
	}
	if !reflect.DeepEqual(back, want) {
		t.Errorf("round trip = %+v, want %+v", back, want)
	}
}

// The resource's state holds the keys its configuration has, each with
// the API's set, and a key for a group the API gives a permission of that
// the configuration lacks (drift shows); without a prior (import, list
// results) it holds the non-empty groups.
func TestFlattenAdminUserKeepsPermissionKeys(t *testing.T) {
	u := &api.AdminUser{Username: "ops", Permissions: api.Permissions{
		Users: []string{"read"}, Settings: []string{}, PlatformUsers: []string{"read"}, Accounts: []string{},
	}}
	for _, c := range []struct {
		name  string
		prior types.Map
		want  []string
	}{
		{"import", types.MapNull(adminPermissionsElemType), []string{"platform_users", "users"}},
		{"as configured", adminUserPermissionsMap(t, map[string][]string{"users": {"read"}, "platform_users": {"read"}}), []string{"platform_users", "users"}},
		{"an empty group kept", adminUserPermissionsMap(t, map[string][]string{"users": {"read"}, "platform_users": {"read"}, "accounts": {}}),
			[]string{"accounts", "platform_users", "users"}},
		{"a group the API took away kept, empty", adminUserPermissionsMap(t, map[string][]string{"users": {"read"}, "settings": {"read"}}),
			[]string{"platform_users", "settings", "users"}},
	} {
		m := adminUserModel{adminUserData: adminUserData{Permissions: c.prior}}
		if diags := flattenAdminUser(u, &m); diags.HasError() {
			t.Fatal(diags)
		}
		if got := permissionKeys(m.Permissions); !slices.Equal(got, c.want) {
			t.Errorf("%s: keys %v, want %v", c.name, got, c.want)
		}
		if s, ok := m.Permissions.Elements()["settings"].(types.Set); ok && len(s.Elements()) != 0 {
			t.Errorf("%s: settings %v, want the API's (none)", c.name, s)
		}
	}
	data, diags := flattenAdminUserData(*u)
	if diags.HasError() {
		t.Fatal(diags)
	}
	if got := permissionKeys(data.Permissions); !slices.Equal(got, []string{"platform_users", "users"}) {
		t.Errorf("data sources: keys %v, want the non-empty groups, as an import", got)
	}
}

func TestSameAdminPermissions(t *testing.T) {
	ctx := context.Background()
	a := adminUserPermissionsMap(t, map[string][]string{"users": {"read", "create"}})
	if !sameAdminPermissions(ctx, a, adminUserPermissionsMap(t, map[string][]string{"users": {"create", "read"}, "accounts": {}})) {
		t.Error("a group written [] and one left out differ")
	}
	if sameAdminPermissions(ctx, a, adminUserPermissionsMap(t, map[string][]string{"users": {"read"}})) {
		t.Error("users [read create] and [read] are the same")
	}
}

func TestFlattenAdminUserKeepsSecrets(t *testing.T) {
	created := time.Date(2024, 5, 1, 10, 0, 0, 123e6, time.UTC)
	m := adminUserModel{Password: types.StringValue("secret-1"), PasswordWOVersion: types.Int64Value(3)}
	u := &api.AdminUser{Username: "ops", Permissions: api.Permissions{Users: []string{"read"}}, CreatedAt: created, UpdatedAt: created.Add(time.Hour)}
	if diags := flattenAdminUser(u, &m); diags.HasError() {
		t.Fatal(diags)
	}
	if m.ID.ValueString() != "ops" || m.Username.ValueString() != "ops" {
		t.Errorf("id %v username %v", m.ID, m.Username)
	}
	if m.CreatedAt.ValueString() != "2024-05-01T10:00:00Z" || m.UpdatedAt.ValueString() != "2024-05-01T11:00:00Z" {
		t.Errorf("times %v %v", m.CreatedAt, m.UpdatedAt)
	}
	if m.Password.ValueString() != "secret-1" || m.PasswordWOVersion.ValueInt64() != 3 {
		t.Errorf("secrets changed: %v %v", m.Password, m.PasswordWOVersion)
	}
}
