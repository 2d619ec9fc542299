package role

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/adminapi/terraform-provider-adminapi/internal/provider/common"
)

var _ datasource.DataSourceWithConfigure = (*roleDataSource)(nil)

// NewRoleDataSource is the factory of the adminapi_role data source.
func NewRoleDataSource() datasource.DataSource { return &roleDataSource{} }

type roleDataSource struct {
	common.DataSourceClient
}

func (d *roleDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_role"
}

func (d *roleDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	attrs := roleDataAttributes()
	attrs["name"] = schema.StringAttribute{
		Required:            true,
		MarkdownDescription: "The role to read: 1 to 63 of `a-z 0-9 _ -`, starting with a letter or digit.",
		Validators:          []validator.String{roleNameValidator()},
	}
	resp.Schema = schema.Schema{
		MarkdownDescription: "One role, by name: the attributes of `adminapi_role`. A name no role has is an error.",
		Attributes:          attrs,
	}
}

func (d *roleDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	var cfg roleModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &cfg)...)
	if resp.Diagnostics.HasError() {
		return
	}
	name := cfg.Name.ValueString()
	role, err := d.Client.GetRole(ctx, name)
	if err != nil {
		common.AddLookupError(&resp.Diagnostics, "role", "name", name, err)
		return
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, flattenRole(*role, types.StringNull()))...)
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
