package adminuser

import (
	"context"
	"iter"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"

	"github.com/adminapi/terraform-provider-adminapi/internal/api"
	"github.com/adminapi/terraform-provider-adminapi/internal/client"
	"github.com/adminapi/terraform-provider-adminapi/internal/provider/common"
)

// NewAdminUsersDataSource is the adminapi_admin_users data source.
func NewAdminUsersDataSource() datasource.DataSource {
	return &adminUsersDataSource{common.DataSource{Name: "admin_users", Needs: []api.Operation{"GET /users"}, TypeSchema: schema.Schema{
		MarkdownDescription: "Every admin user, read page by page (100 a page, no limit on the total). " +
			"Each object has the attributes of `adminapi_admin_user` without the password, so that it can feed the resource.",
		Attributes: map[string]schema.Attribute{
			"users": common.ComputedList("The admin users, sorted by username.", adminUserDataAttributes()),
			"shard": common.ShardDataSourceAttribute("the admin users whose username falls"),
		},
	}}}
}

type adminUsersDataSource struct {
	common.DataSource
}

type adminUsersModel struct {
	Shard *common.Shard   `tfsdk:"shard"`
	Users []adminUserData `tfsdk:"users"`
}

func (d *adminUsersDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	if !d.CheckRead(&resp.Diagnostics) {
		return
	}
	m, ok := common.Config[adminUsersModel](ctx, req.Config, &resp.Diagnostics)
	if !ok {
		return
	}
	if m.Users, ok = common.Collect(adminUsersIn(ctx, d.Client, m.Shard), flattenAdminUserData, "list admin users", &resp.Diagnostics); ok {
		resp.Diagnostics.Append(resp.State.Set(ctx, &m)...)
	}
}

// adminUsersIn are the admin users whose username falls in s (all without one).
func adminUsersIn(ctx context.Context, c *client.Client, s *common.Shard) iter.Seq2[api.AdminUser, error] {
	return common.InShard(c.AdminUsers(ctx), s, func(u api.AdminUser) string { return u.Username })
}
