package platformuser

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/adminapi/terraform-provider-adminapi/internal/provider/common"
)

var _ datasource.DataSourceWithConfigure = (*platformUsersDataSource)(nil)

// NewUsersDataSource is the adminapi_platform_users data source.
func NewUsersDataSource() datasource.DataSource { return &platformUsersDataSource{} }

type platformUsersDataSource struct {
	common.DataSourceClient
}

type platformUsersModel struct {
	platformUserFilters
	Users     []platformUserFields `tfsdk:"users"`
	Usernames []string             `tfsdk:"usernames"`
}

func (d *platformUsersDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_platform_users"
}

func (d *platformUsersDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	attrs := dataSourceFilterAttributes()
	attrs["users"] = schema.ListNestedAttribute{
		Computed:            true,
		MarkdownDescription: "The users found, sorted by username.",
		NestedObject:        schema.NestedAttributeObject{Attributes: platformUserFieldAttributes()},
	}
	attrs["usernames"] = schema.ListAttribute{
		Computed:            true,
		ElementType:         types.StringType,
		MarkdownDescription: "The usernames of `users`, in the same order.",
	}
	resp.Schema = schema.Schema{
		MarkdownDescription: "Every platform user, or those that match all the filters given. The entries of `users` " +
			"carry the attribute names of `adminapi_platform_user` (without password and invitation token), so " +
			"that they can feed a `for_each` resource and import block: see the guide " +
			"\"Bringing existing users under management\".",
		Attributes: attrs,
	}
}

func (d *platformUsersDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	var m platformUsersModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &m)...)
	if resp.Diagnostics.HasError() {
		return
	}
	m.Users, m.Usernames = []platformUserFields{}, []string{}
	for u, err := range d.Client.PlatformUsers(ctx, m.filter()) {
		if err != nil {
			resp.Diagnostics.AddError("Could not list platform users", err.Error())
			return
		}
		var fields platformUserFields
		resp.Diagnostics.Append(flattenPlatformUserFields(&u, &fields)...)
		m.Users = append(m.Users, fields)
		m.Usernames = append(m.Usernames, u.Username)
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, &m)...)
}
