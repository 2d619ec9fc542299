package adminuser

import (
	"context"
	"slices"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/adminapi/terraform-provider-adminapi/internal/api"
	"github.com/adminapi/terraform-provider-adminapi/internal/provider/common"
)

// adminUserData is what the API tells about an admin user: the resource's
// attributes without its secrets, and an object of the data sources.
type adminUserData struct {
	ID          types.String `tfsdk:"id"`
	Username    types.String `tfsdk:"username"`
	Permissions types.Map    `tfsdk:"permissions"`
	CreatedAt   types.String `tfsdk:"created_at"`
	UpdatedAt   types.String `tfsdk:"updated_at"`
}

type adminUserModel struct {
	adminUserData
	Password          types.String `tfsdk:"password"`
	PasswordWO        types.String `tfsdk:"password_wo"`
	PasswordWOVersion types.Int64  `tfsdk:"password_wo_version"`
}

// adminPermissionGroups pairs each key of `permissions` with its API group.
var adminPermissionGroups = []struct{ attr, group string }{
	{"users", api.GroupUsers},
	{"settings", api.GroupSettings},
	{"platform_users", api.GroupPlatformUsers},
	{"accounts", api.GroupAccounts},
}

// adminPermissionsElemType is the type of a value of `permissions`: the
// set of a group's permissions.
var adminPermissionsElemType = types.SetType{ElemType: types.StringType}

// adminPermissionList points at the list of p that holds group.
func adminPermissionList(p *api.Permissions, group string) *[]string {
	switch group {
	case api.GroupUsers:
		return &p.Users
	case api.GroupSettings:
		return &p.Settings
	case api.GroupPlatformUsers:
		return &p.PlatformUsers
	default:
		return &p.Accounts
	}
}

// expandAdminPermissions turns the `permissions` map into the API's
// permission set; a missing, null or unknown group is an empty list (all
// four groups are always sent). The validator refuses any other key.
func expandAdminPermissions(ctx context.Context, m types.Map) (api.Permissions, diag.Diagnostics) {
	var diags diag.Diagnostics
	p := api.Permissions{Users: []string{}, Settings: []string{}, PlatformUsers: []string{}, Accounts: []string{}}
	elems := m.Elements()
	for _, g := range adminPermissionGroups {
		set, ok := elems[g.attr].(types.Set)
		if !ok || set.IsNull() || set.IsUnknown() {
			continue
		}
		list := []string{}
		diags.Append(set.ElementsAs(ctx, &list, false)...)
		*adminPermissionList(&p, g.group) = list
	}
	return p, diags
}

// sameAdminPermissions tells whether a and b grant the same permissions: a
// missing group and an empty one are the same.
func sameAdminPermissions(ctx context.Context, a, b types.Map) bool {
	pa, diags := expandAdminPermissions(ctx, a)
	pb, diagsB := expandAdminPermissions(ctx, b)
	if diags.HasError() || diagsB.HasError() {
		return false
	}
	for _, g := range adminPermissionGroups {
		la, lb := slices.Clone(*adminPermissionList(&pa, g.group)), slices.Clone(*adminPermissionList(&pb, g.group))
		slices.Sort(la)
		slices.Sort(lb)
		if !slices.Equal(la, lb) {
			return false
		}
	}
	return true
}

// flattenAdminPermissions turns the API's permission set into the
// `permissions` map: a key for every group the API gives a permission of,
// and for every group keep names (with an empty set when it has none). The
// resource keeps the keys of its configuration, so that a group written
// `accounts = []` or left out plans no change either way, and drift shows.
func flattenAdminPermissions(p api.Permissions, keep func(key string) bool) (types.Map, diag.Diagnostics) {
	var diags diag.Diagnostics
	values := make(map[string]attr.Value, len(adminPermissionGroups))
	for _, g := range adminPermissionGroups {
		list := *adminPermissionList(&p, g.group)
		if len(list) == 0 && !keep(g.attr) {
			continue
		}
		set, d := common.StringSet(list)
		diags.Append(d...)
		values[g.attr] = set
	}
	m, d := types.MapValue(adminPermissionsElemType, values)
	diags.Append(d...)
	return m, diags
}

// noGroup keeps no group but those the API gives a permission of: the
// data sources' permissions, as an import's, so that they feed the
// resource without a change.
func noGroup(string) bool { return false }

// keysOf keeps the groups m has a key for (none when m is null, as after
// an import or in a list resource's result).
func keysOf(m types.Map) func(string) bool {
	elems := m.Elements()
	return func(key string) bool {
		_, ok := elems[key]
		return ok
	}
}

// flattenAdminUserData maps what the API answered to the attributes it
// fills, as the data sources give them: the permission groups the admin
// user has a permission of.
func flattenAdminUserData(u api.AdminUser) (adminUserData, diag.Diagnostics) {
	return flattenAdminUserDataKeeping(u, noGroup)
}

// flattenAdminUserDataKeeping is flattenAdminUserData with the permission
// groups keep names, and those the API gives a permission of.
func flattenAdminUserDataKeeping(u api.AdminUser, keep func(string) bool) (adminUserData, diag.Diagnostics) {
	perms, diags := flattenAdminPermissions(u.Permissions, keep)
	return adminUserData{
		ID:          types.StringValue(u.Username),
		Username:    types.StringValue(u.Username),
		Permissions: perms,
		CreatedAt:   types.StringValue(u.CreatedAt.UTC().Format(time.RFC3339)),
		UpdatedAt:   types.StringValue(u.UpdatedAt.UTC().Format(time.RFC3339)),
	}, diags
}

// flattenAdminUser writes what the API answered into m; the secrets stay as
// they are, and so do the keys of m's permissions (see
// flattenAdminPermissions).
func flattenAdminUser(u *api.AdminUser, m *adminUserModel) diag.Diagnostics {
	data, diags := flattenAdminUserDataKeeping(*u, keysOf(m.Permissions))
	m.adminUserData = data
	return diags
}
