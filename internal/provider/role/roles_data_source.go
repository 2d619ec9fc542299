package role

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/adminapi/terraform-provider-adminapi/internal/provider/common"
)

var _ datasource.DataSourceWithConfigure = (*rolesDataSource)(nil)

// NewRolesDataSource is the factory of the adminapi_roles data source.
func NewRolesDataSource() datasource.DataSource { return &rolesDataSource{} }

type rolesDataSource struct {
	common.DataSourceClient
}

type rolesModel struct {
	Roles []roleModel `tfsdk:"roles"`
}

func (d *rolesDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_roles"
}

func (d *rolesDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Every role, read page by page (100 a page, no limit on the total). " +
			"Each object has the attributes of `adminapi_role`, so that it can feed the resource.",
		Attributes: map[string]schema.Attribute{
			"roles": schema.ListNestedAttribute{
				Computed:            true,
				MarkdownDescription: "The roles, sorted by name.",
				NestedObject:        schema.NestedAttributeObject{Attributes: roleDataAttributes()},
			},
		},
	}
}

func (d *rolesDataSource) Read(ctx context.Context, _ datasource.ReadRequest, resp *datasource.ReadResponse) {
	model := rolesModel{Roles: []roleModel{}}
	for role, err := range d.Client.Roles(ctx) {
		if err != nil {
			resp.Diagnostics.AddError("Could not list roles", err.Error())
			return
		}
		model.Roles = append(model.Roles, flattenRole(role, types.StringNull()))
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, model)...)
}
