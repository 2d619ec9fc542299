package adminuser

import (
	"context"
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

func adminUserPermissionsObject(t *testing.T, groups map[string][]string) types.Object {
	t.Helper()
	values := map[string]attr.Value{}
	for _, g := range adminPermissionGroups {
		list, ok := groups[g.attr]
		if !ok {
			values[g.attr] = types.SetNull(types.StringType)
			continue
		}
		set, diags := common.StringSet(list)
		if diags.HasError() {
			t.Fatal(diags)
		}
		values[g.attr] = set
	}
	obj, diags := types.ObjectValue(adminPermissionAttrTypes(), values)
	if diags.HasError() {
		t.Fatal(diags)
	}
	return obj
}

func TestExpandAdminPermissions(t *testing.T) {
	obj := adminUserPermissionsObject(t, map[string][]string{
		"users":          {"read", "create"},
		"platform_users": {"delete"},
		"accounts":       {},
	})
	got, diags := expandAdminPermissions(context.Background(), obj)
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
	obj, diags := flattenAdminPermissions(in)
	if diags.HasError() {
		t.Fatal(diags)
	}
	settings, ok := obj.Attributes()["settings"].(types.Set)
	if !ok || settings.IsNull() || len(settings.Elements()) != 0 {
		t.Errorf("settings = %v, want an empty known set", obj.Attributes()["settings"])
	}
	back, diags := expandAdminPermissions(context.Background(), obj)
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
