package adminuser

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"

	"github.com/adminapi/terraform-provider-adminapi/internal/api"
	"github.com/adminapi/terraform-provider-adminapi/internal/provider/common"
)

// NewAdminUserDataSource is the adminapi_admin_user data source.
func NewAdminUserDataSource() datasource.DataSource {
	return &adminUserDataSource{common.DataSource{Name: "admin_user", Needs: []api.Operation{"GET /users/{username}"}, TypeSchema: common.LookupSchema(
		"One admin user, by username: the attributes of `adminapi_admin_user` without the password. "+
			"A username no admin user has is an error.",
		adminUserDataAttributes(), "username", schema.StringAttribute{
			MarkdownDescription: "The admin user to read: 3 to 64 of `a-z 0-9 . _ -`, starting with a letter or digit.",
			Validators:          []validator.String{usernameValidator()},
		})}}
}

type adminUserDataSource struct {
	common.DataSource
}

func (d *adminUserDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	if !d.CheckRead(&resp.Diagnostics) {
		return
	}
	common.ReadOne(ctx, req, resp, "admin user", "username", d.Client.GetAdminUser, flattenAdminUserData)
}

// adminUserDataAttributes are the attributes of an admin user in the data
// sources, all computed: adminUserData's, named and typed as the resource's.
func adminUserDataAttributes() map[string]schema.Attribute {
	return map[string]schema.Attribute{
		"id": schema.StringAttribute{
			Computed:            true,
			MarkdownDescription: "The username; the id to import the admin user with.",
		},
		"username": schema.StringAttribute{
			Computed:            true,
			MarkdownDescription: "The admin user's login name.",
		},
		"permissions": schema.MapAttribute{
			ElementType: adminPermissionsElemType,
			Computed:    true,
			MarkdownDescription: "What the admin user may do: a map from permission group to the set of its permissions, " +
				adminPermissionGroupsDoc() + ". A group the admin user has no permission of is left out, as in the " +
				"resource's state after an import: use `lookup(permissions, \"accounts\", [])` to read any group.",
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
