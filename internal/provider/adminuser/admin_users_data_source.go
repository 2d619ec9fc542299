package adminuser

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"

	"github.com/adminapi/terraform-provider-adminapi/internal/api"
	"github.com/adminapi/terraform-provider-adminapi/internal/provider/common"
)

// NewAdminUsersDataSource is the adminapi_admin_users data source.
func NewAdminUsersDataSource() datasource.DataSource {
	return &adminUsersDataSource{common.DataSource{Name: "admin_users", Needs: []api.Operation{"GET /users"}, TypeSchema: schema.Schema{
		MarkdownDescription: "Every admin user, read page by page (100 a page, no limit on the total). " +
			"Each object has the attributes of `adminapi_admin_user` without the password, so that it can feed the resource.",
		Attributes: map[string]schema.Attribute{
			"users": common.ComputedList("The admin users, sorted by username.", adminUserDataAttributes()),
		},
	}}}
}

type adminUsersDataSource struct {
	common.DataSource
}

func (d *adminUsersDataSource) Read(ctx context.Context, _ datasource.ReadRequest, resp *datasource.ReadResponse) {
	if !d.CheckRead(&resp.Diagnostics) {
		return
	}
	common.ReadAll(ctx, resp, "users", d.Client.AdminUsers(ctx), flattenAdminUserData, "list admin users")
}
