package role

import (
	"time"

	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/adminapi/terraform-provider-adminapi/internal/api"
	"github.com/adminapi/terraform-provider-adminapi/internal/provider/common"
)

type roleModel struct {
	ID          types.String `tfsdk:"id"`
	Name        types.String `tfsdk:"name"`
	Description types.String `tfsdk:"description"`
	CreatedAt   types.String `tfsdk:"created_at"`
}

func expandCreateRole(m roleModel) api.CreateRole {
	return api.CreateRole{Name: m.Name.ValueString(), Description: common.OptionalString(m.Description)}
}

// flattenRole maps the API's "" (no description) to null, unless the
// configuration itself said "": then "" is kept so that the plan stays empty.
func flattenRole(r api.Role, priorDescription types.String) roleModel {
	description := common.StringOrNull(r.Description)
	if r.Description == "" && !priorDescription.IsNull() && !priorDescription.IsUnknown() && priorDescription.ValueString() == "" {
		description = types.StringValue("")
	}
	return roleModel{
		ID:          types.StringValue(r.Name),
		Name:        types.StringValue(r.Name),
		Description: description,
		CreatedAt:   types.StringValue(r.CreatedAt.UTC().Format(time.RFC3339)),
	}
}

type userRoleModel struct {
	ID       types.String `tfsdk:"id"`
	Username types.String `tfsdk:"username"`
	Role     types.String `tfsdk:"role"`
}

func newUserRoleModel(username, role string) userRoleModel {
	return userRoleModel{
		ID:       types.StringValue(common.JoinID(username, role)),
		Username: types.StringValue(username),
		Role:     types.StringValue(role),
	}
}

// userRoleListConfigModel is the `config` of the adminapi_user_role list resource.
type userRoleListConfigModel struct {
	Username types.String  `tfsdk:"username"`
	Role     types.String  `tfsdk:"role"`
	Shard    *common.Shard `tfsdk:"shard"`
}
