package role

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/adminapi/terraform-provider-adminapi/internal/api"
	"github.com/adminapi/terraform-provider-adminapi/internal/provider/common"
)

// NewRoleDataSource is the factory of the adminapi_role data source.
func NewRoleDataSource() datasource.DataSource {
	return &roleDataSource{common.DataSource{Name: "role", Needs: []api.Operation{"GET /roles/{name}"}, TypeSchema: common.LookupSchema(
		"One role, by name: the attributes of `adminapi_role`. A name no role has is an error.",
		roleDataAttributes(), "name", schema.StringAttribute{
			MarkdownDescription: "The role to read: 1 to 63 of `a-z 0-9 _ -`, starting with a letter or digit.",
			Validators:          []validator.String{roleNameValidator()},
		})}}
}

type roleDataSource struct {
	common.DataSource
}

func (d *roleDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	if !d.CheckRead(&resp.Diagnostics) {
		return
	}
	common.ReadOne(ctx, req, resp, "role", "name", d.Client.GetRole, flattenRoleData)
}

// flattenRoleData is r as the data sources and query results answer it:
// with the API's description, there being no configured one to keep.
func flattenRoleData(r api.Role) (roleModel, diag.Diagnostics) {
	return flattenRole(r, types.StringNull()), nil
}

// roleDataAttributes are the attributes of a role in the data sources, all
// computed: roleModel's, named and typed as the resource's.
func roleDataAttributes() map[string]schema.Attribute {
	return map[string]schema.Attribute{
		"id": schema.StringAttribute{
			Computed:            true,
			MarkdownDescription: "The role's name; the import id.",
		},
		"name": schema.StringAttribute{
			Computed:            true,
			MarkdownDescription: "The role's name.",
		},
		"description": schema.StringAttribute{
			Computed:            true,
			MarkdownDescription: "What the role is for; null when it has no description.",
		},
		"created_at": schema.StringAttribute{
			Computed:            true,
			MarkdownDescription: "When the role was created (RFC 3339).",
		},
	}
}
