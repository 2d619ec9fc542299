package adminuser

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"

	"github.com/adminapi/terraform-provider-adminapi/internal/provider/common"
)

var _ datasource.DataSourceWithConfigure = (*adminUsersDataSource)(nil)

// NewUsersDataSource is the adminapi_admin_users data source.
func NewUsersDataSource() datasource.DataSource { return &adminUsersDataSource{} }

type adminUsersDataSource struct {
	common.DataSourceClient
}

type adminUsersModel struct {
	Users []adminUserData `tfsdk:"users"`
}

func (d *adminUsersDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_admin_users"
}

func (d *adminUsersDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Every admin user, read page by page (100 a page, no limit on the total). " +
			"Each object has the attributes of `adminapi_admin_user` without the password, so that it can feed the resource.",
		Attributes: map[string]schema.Attribute{
			"users": schema.ListNestedAttribute{
				Computed:            true,
				MarkdownDescription: "The admin users, sorted by username.",
				NestedObject:        schema.NestedAttributeObject{Attributes: adminUserDataAttributes()},
			},
		},
	}
}

func (d *adminUsersDataSource) Read(ctx context.Context, _ datasource.ReadRequest, resp *datasource.ReadResponse) {
	model := adminUsersModel{Users: []adminUserData{}}
	for u, err := range d.Client.AdminUsers(ctx) {
		if err != nil {
			resp.Diagnostics.AddError("Could not list admin users", err.Error())
			return
		}
		data, diags := flattenAdminUserData(&u)
		resp.Diagnostics.Append(diags...)
		if resp.Diagnostics.HasError() {
			return
		}
		model.Users = append(model.Users, data)
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, model)...)
}
