package provider

import (
	"time"

	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/adminapi/terraform-provider-adminapi/internal/api"
)

type roleModel struct {
	ID          types.String `tfsdk:"id"`
	Name        types.String `tfsdk:"name"`
	Description types.String `tfsdk:"description"`
	CreatedAt   types.String `tfsdk:"created_at"`
}

func expandCreateRole(m roleModel) api.CreateRole {
	return api.CreateRole{Name: m.Name.ValueString(), Description: optionalString(m.Description)}
}

// flattenRole maps the API's "" (no description) to null, unless the
// configuration itself said "": then "" is kept so that the plan stays empty.
func flattenRole(r api.Role, priorDescription types.String) roleModel {
	description := stringOrNull(r.Description)
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
