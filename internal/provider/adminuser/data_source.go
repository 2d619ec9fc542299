package adminuser

import (
	"context"
	"fmt"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/adminapi/terraform-provider-adminapi/internal/api"
	"github.com/adminapi/terraform-provider-adminapi/internal/provider/common"
)

var _ datasource.DataSourceWithConfigure = (*adminUserDataSource)(nil)

// NewDataSource is the adminapi_admin_user data source.
func NewDataSource() datasource.DataSource { return &adminUserDataSource{} }

type adminUserDataSource struct {
	common.DataSourceClient
}

func (d *adminUserDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_admin_user"
}

func (d *adminUserDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	attrs := adminUserDataAttributes()
	attrs["username"] = schema.StringAttribute{
		Required:            true,
		MarkdownDescription: "The admin user to read: 3 to 64 of `a-z 0-9 . _ -`, starting with a letter or digit.",
		Validators:          []validator.String{usernameValidator()},
	}
	resp.Schema = schema.Schema{
		MarkdownDescription: "One admin user, by username: the attributes of `adminapi_admin_user` without the password. " +
			"A username no admin user has is an error.",
		Attributes: attrs,
	}
}

func (d *adminUserDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	var cfg adminUserData
	resp.Diagnostics.Append(req.Config.Get(ctx, &cfg)...)
	if resp.Diagnostics.HasError() {
		return
	}
	username := cfg.Username.ValueString()
	u, err := d.Client.GetAdminUser(ctx, username)
	if err != nil {
		common.AddLookupError(&resp.Diagnostics, "admin user", "username", username, err)
		return
	}
	data, diags := flattenAdminUserData(u)
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, data)...)
}

// adminUserDataAttributes are the attributes of an admin user in the data
// sources, all computed: adminUserData's, named and typed as the resource's.
func adminUserDataAttributes() map[string]schema.Attribute {
	groups := make(map[string]schema.Attribute, len(adminPermissionGroups))
	for _, g := range adminPermissionGroups {
		groups[g.attr] = schema.SetAttribute{
			ElementType: types.StringType,
			Computed:    true,
			MarkdownDescription: fmt.Sprintf("Permissions of the API group `%s`: any of `%s`; empty when none.",
				g.group, strings.Join(api.PermissionGroups[g.group], "`, `")),
		}
	}
	return map[string]schema.Attribute{
		"id": schema.StringAttribute{
			Computed:            true,
			MarkdownDescription: "The username; the id to import the admin user with.",
		},
		"username": schema.StringAttribute{
			Computed:            true,
			MarkdownDescription: "The admin user's login name.",
		},
		"permissions": schema.SingleNestedAttribute{
			Computed:            true,
			MarkdownDescription: "What the admin user may do, by API group.",
			Attributes:          groups,
		},
		"created_at": schema.StringAttribute{
			Computed:            true,
			MarkdownDescription: "When the admin user was created (RFC 3339).",
		},
		"updated_at": schema.StringAttribute{
			Computed:            true,
			MarkdownDescription: "When the admin user was last changed (RFC 3339).",
		},
	}
}
