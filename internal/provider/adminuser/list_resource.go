package adminuser

import (
	"context"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/list"
	"github.com/hashicorp/terraform-plugin-framework/list/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource"

	"github.com/adminapi/terraform-provider-adminapi/internal/api"
	"github.com/adminapi/terraform-provider-adminapi/internal/provider/common"
)

var _ list.ListResourceWithConfigure = (*adminUserListResource)(nil)

// NewListResource is the adminapi_admin_user list resource (Terraform 1.14+).
func NewListResource() list.ListResource { return &adminUserListResource{} }

type adminUserListResource struct {
	common.ClientHolder
}

func (l *adminUserListResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_admin_user"
}

func (l *adminUserListResource) ListResourceConfigSchema(_ context.Context, _ list.ListResourceSchemaRequest, resp *list.ListResourceSchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Every admin user, for `terraform query` (Terraform 1.14+); no `config` arguments. " +
			"Each result is named by its identity (`username`) and shown as the username with the permission " +
			"groups it holds. With `include_resource = true` a result carries the resource's attributes without " +
			"the password, which the API never answers: a configuration generated from it needs `password_wo` " +
			"and `password_wo_version` (or `password`) before it plans, and the first apply sets that password.",
	}
}

// List streams the admin users page by page as Terraform takes them, and
// stops at Terraform's limit without reading the next page.
func (l *adminUserListResource) List(ctx context.Context, req list.ListRequest, stream *list.ListResultsStream) {
	stream.Results = common.ListResults(req, l.Client.AdminUsers(ctx), "Could not list admin users",
		func(u api.AdminUser) list.ListResult { return adminUserListResult(ctx, req, &u) })
}

// adminUserListResult is u as a query result: its identity, a display
// name, and the resource's attributes when Terraform asks for them.
func adminUserListResult(ctx context.Context, req list.ListRequest, u *api.AdminUser) list.ListResult {
	result := req.NewListResult(ctx)
	result.DisplayName = adminUserDisplayName(u)
	common.SetIdentity(ctx, result.Identity, identityOf(u.Username), &result.Diagnostics)
	if req.IncludeResource {
		var m adminUserModel
		result.Diagnostics.Append(flattenAdminUser(u, &m)...)
		result.Diagnostics.Append(result.Resource.Set(ctx, &m)...)
	}
	return result
}

// adminUserDisplayName is the username and the permission groups the admin
// user holds anything in, e.g. "ops (permissions: users, settings)".
func adminUserDisplayName(u *api.AdminUser) string {
	var groups []string
	for _, g := range adminPermissionGroups {
		if len(*adminPermissionList(&u.Permissions, g.group)) > 0 {
			groups = append(groups, g.attr)
		}
	}
	if len(groups) == 0 {
		return u.Username + " (no permissions)"
	}
	return u.Username + " (permissions: " + strings.Join(groups, ", ") + ")"
}
