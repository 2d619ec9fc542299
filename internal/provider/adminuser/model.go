package adminuser

import (
	"context"
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
	Permissions types.Object `tfsdk:"permissions"`
	CreatedAt   types.String `tfsdk:"created_at"`
	UpdatedAt   types.String `tfsdk:"updated_at"`
}

type adminUserModel struct {
	adminUserData
	Password          types.String `tfsdk:"password"`
	PasswordWO        types.String `tfsdk:"password_wo"`
	PasswordWOVersion types.Int64  `tfsdk:"password_wo_version"`
}

// adminPermissionGroups pairs each attribute of `permissions` with its API group.
var adminPermissionGroups = []struct{ attr, group string }{
	{"users", api.GroupUsers},
	{"settings", api.GroupSettings},
	{"platform_users", api.GroupPlatformUsers},
	{"accounts", api.GroupAccounts},
}

func adminPermissionAttrTypes() map[string]attr.Type {
	out := make(map[string]attr.Type, len(adminPermissionGroups))
	for _, g := range adminPermissionGroups {
		out[g.attr] = types.SetType{ElemType: types.StringType}
	}
	return out
}

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

// expandAdminPermissions turns the `permissions` object into the API's
// permission set; a null or missing group is an empty list (all four groups
// are always sent).
func expandAdminPermissions(ctx context.Context, obj types.Object) (api.Permissions, diag.Diagnostics) {
	var diags diag.Diagnostics
	p := api.Permissions{Users: []string{}, Settings: []string{}, PlatformUsers: []string{}, Accounts: []string{}}
	attrs := obj.Attributes()
	for _, g := range adminPermissionGroups {
		set, ok := attrs[g.attr].(types.Set)
		if !ok || set.IsNull() || set.IsUnknown() {
			continue
		}
		list := []string{}
		diags.Append(set.ElementsAs(ctx, &list, false)...)
		*adminPermissionList(&p, g.group) = list
	}
	return p, diags
}

// flattenAdminPermissions turns the API's permission set into the
// `permissions` object.
func flattenAdminPermissions(p api.Permissions) (types.Object, diag.Diagnostics) {
	var diags diag.Diagnostics
	values := make(map[string]attr.Value, len(adminPermissionGroups))
	for _, g := range adminPermissionGroups {
		set, d := common.StringSet(*adminPermissionList(&p, g.group))
		diags.Append(d...)
		values[g.attr] = set
	}
	obj, d := types.ObjectValue(adminPermissionAttrTypes(), values)
	diags.Append(d...)
	return obj, diags
}

// flattenAdminUserData maps what the API answered to the attributes it fills.
func flattenAdminUserData(u api.AdminUser) (adminUserData, diag.Diagnostics) {
	perms, diags := flattenAdminPermissions(u.Permissions)
	return adminUserData{
		ID:          types.StringValue(u.Username),
		Username:    types.StringValue(u.Username),
		Permissions: perms,
		CreatedAt:   types.StringValue(u.CreatedAt.UTC().Format(time.RFC3339)),
		UpdatedAt:   types.StringValue(u.UpdatedAt.UTC().Format(time.RFC3339)),
	}, diags
}

// flattenAdminUser writes what the API answered into m; the secrets stay as they are.
func flattenAdminUser(u *api.AdminUser, m *adminUserModel) diag.Diagnostics {
	data, diags := flattenAdminUserData(*u)
	m.adminUserData = data
	return diags
}
