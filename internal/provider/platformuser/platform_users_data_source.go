package platformuser

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/adminapi/terraform-provider-adminapi/internal/api"
	"github.com/adminapi/terraform-provider-adminapi/internal/provider/common"
)

// NewPlatformUsersDataSource is the adminapi_platform_users data source.
func NewPlatformUsersDataSource() datasource.DataSource {
	attrs := dataSourceFilterAttributes()
	attrs["users"] = common.ComputedList("The users found, sorted by username.", platformUserFieldAttributes())
	attrs["usernames"] = schema.ListAttribute{
		Computed:            true,
		ElementType:         types.StringType,
		MarkdownDescription: "The usernames of `users`, in the same order.",
	}
	return &platformUsersDataSource{common.DataSource{Name: "platform_users", Needs: []api.Operation{"GET /platform-users"}, TypeSchema: schema.Schema{
		MarkdownDescription: "Every platform user, or those that match all the filters given. The entries of `users` " +
			"carry the attribute names of `adminapi_platform_user` (without password and invitation token), so " +
			"that they can feed a `for_each` resource and import block: see the guide " +
			"\"Bringing existing users under management\".",
		Attributes: attrs,
	}}}
}

type platformUsersDataSource struct {
	common.DataSource
}

type platformUsersModel struct {
	platformUserFilters
	Users     []platformUserEntry `tfsdk:"users"`
	Usernames []string            `tfsdk:"usernames"`
}

func (d *platformUsersDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	if !d.CheckRead(&resp.Diagnostics) {
		return
	}
	m, ok := common.Config[platformUsersModel](ctx, req.Config, &resp.Diagnostics)
	if !ok {
		return
	}
	flatten := func(u api.PlatformUser) (platformUserEntry, diag.Diagnostics) {
		var e platformUserEntry
		diags := flattenPlatformUserFields(&u, &e.platformUserFields)
		roles, d := common.StringSet(u.Roles)
		e.Roles = roles
		diags.Append(d...)
		return e, diags
	}
	if m.Users, ok = common.Collect(m.users(ctx, d.Client), flatten, "list platform users", &resp.Diagnostics); !ok {
		return
	}
	m.Usernames = make([]string, len(m.Users))
	for i, u := range m.Users {
		m.Usernames[i] = u.Username.ValueString()
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, &m)...)
}
