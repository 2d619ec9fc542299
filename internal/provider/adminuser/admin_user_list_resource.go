package adminuser

import (
	"context"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/list"
	listschema "github.com/hashicorp/terraform-plugin-framework/list/schema"

	"github.com/adminapi/terraform-provider-adminapi/internal/api"
	"github.com/adminapi/terraform-provider-adminapi/internal/provider/common"
)

// NewAdminUserListResource is the adminapi_admin_user list resource (Terraform 1.14+).
func NewAdminUserListResource() list.ListResource {
	return &adminUserListResource{common.NewListResource("admin_user", adminUserIdentity, common.ListDoc{
		Lists:   "Every admin user",
		Scope:   ", or those of one shard (`shard`)",
		ShownAs: "the username with the permission groups it holds",
		Carries: " without the password, which the API never answers: a configuration generated from it needs " +
			"`password_wo` and `password_wo_version` (or `password`) before it plans, and the first apply sets that password.",
	}, map[string]listschema.Attribute{"shard": common.ShardListAttribute("the admin users whose username falls")})}
}

type adminUserListResource struct {
	common.ListResource
}

type adminUserListConfigModel struct {
	Shard *common.Shard `tfsdk:"shard"`
}

// List streams the admin users page by page as Terraform takes them, and
// stops at Terraform's limit without reading the next page.
func (l *adminUserListResource) List(ctx context.Context, req list.ListRequest, stream *list.ListResultsStream) {
	cfg, ok := common.ListConfig[adminUserListConfigModel](ctx, req, stream)
	if !ok {
		return
	}
	stream.Results = common.ListResults(req, adminUsersIn(ctx, l.Client, cfg.Shard), "Could not list admin users", func(u api.AdminUser) list.ListResult {
		return l.Result(ctx, req, adminUserDisplayName(&u), []string{u.Username}, func() (any, diag.Diagnostics) {
			var m adminUserModel
			return &m, flattenAdminUser(&u, &m)
		})
	})
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
