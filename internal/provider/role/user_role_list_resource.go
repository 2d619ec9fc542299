package role

import (
	"context"
	"iter"

	"github.com/hashicorp/terraform-plugin-framework-validators/listresourcevalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/list"
	"github.com/hashicorp/terraform-plugin-framework/list/schema"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"

	"github.com/adminapi/terraform-provider-adminapi/internal/api"
	"github.com/adminapi/terraform-provider-adminapi/internal/provider/common"
)

var _ list.ListResourceWithConfigValidators = (*userRoleListResource)(nil)

// NewUserRoleListResource is the adminapi_user_role list resource (Terraform 1.14+).
func NewUserRoleListResource() list.ListResource {
	return &userRoleListResource{common.NewListResource("user_role", userRoleIdentity, common.ListDoc{
		Lists:   "Role assignments",
		Scope:   ": every assignment of every platform user, or those of one user (`username`), or of one role (`role`); of one shard's users (`shard`)",
		ShownAs: "`<username> has <role>`",
	}, map[string]schema.Attribute{
		"username": schema.StringAttribute{
			MarkdownDescription: "Only this platform user's roles. A username that names no user is an error. Conflicts with `role`.",
			Optional:            true,
			Validators: []validator.String{
				stringvalidator.RegexMatches(api.PlatformUsernamePattern, "must be 5 to 60 of a-z 0-9 -, starting and ending with a letter or digit"),
			},
		},
		"role": schema.StringAttribute{
			MarkdownDescription: "Only the users holding this role (the API's `role` filter). A role that does not exist is an error. " +
				"Conflicts with `username`.",
			Optional:   true,
			Validators: []validator.String{roleNameValidator()},
		},
		"shard": common.ShardListAttribute("the assignments of users whose username falls"),
	})}
}

type userRoleListResource struct {
	common.ListResource
}

func (l *userRoleListResource) ListResourceConfigValidators(context.Context) []list.ConfigValidator {
	return []list.ConfigValidator{listresourcevalidator.Conflicting(path.MatchRoot("username"), path.MatchRoot("role"))}
}

// List streams the assignments page of users by page as Terraform takes
// them, and stops at Terraform's limit without reading the next page.
func (l *userRoleListResource) List(ctx context.Context, req list.ListRequest, stream *list.ListResultsStream) {
	cfg, ok := common.ListConfig[userRoleListConfigModel](ctx, req, stream)
	if !ok {
		return
	}
	assignments, diags := l.assignments(ctx, cfg)
	if diags.HasError() {
		stream.Results = list.ListResultsStreamDiagnostics(diags)
		return
	}
	assignments = common.InShard(assignments, cfg.Shard, func(a [2]string) string { return a[0] })
	stream.Results = common.ListResults(req, assignments, "Could not list role assignments", func(a [2]string) list.ListResult {
		username, role := a[0], a[1]
		return l.Result(ctx, req, username+" has "+role, []string{username, role}, func() (any, diag.Diagnostics) {
			return newUserRoleModel(username, role), nil
		})
	})
}

// assignments iterates over the (username, role) pairs cfg asks for. The
// user or role named in cfg is looked up first, so that one that does not
// exist is an error naming it rather than an empty list.
func (l *userRoleListResource) assignments(ctx context.Context, cfg userRoleListConfigModel) (iter.Seq2[[2]string, error], diag.Diagnostics) {
	var diags diag.Diagnostics
	switch {
	case !cfg.Username.IsNull():
		u, err := l.Client.GetPlatformUser(ctx, cfg.Username.ValueString())
		if err != nil {
			common.AddLookupError(&diags, "platform user", "username", cfg.Username.ValueString(), err)
			return nil, diags
		}
		return rolesOf(func(yield func(api.PlatformUser, error) bool) { yield(*u, nil) }, ""), diags
	case !cfg.Role.IsNull():
		role := cfg.Role.ValueString()
		if _, err := l.Client.GetRole(ctx, role); err != nil {
			common.AddLookupError(&diags, "role", "role", role, err)
			return nil, diags
		}
		return rolesOf(l.Client.PlatformUsers(ctx, api.PlatformUserFilter{Role: role}), role), diags
	default:
		return rolesOf(l.Client.PlatformUsers(ctx, api.PlatformUserFilter{}), ""), diags
	}
}

// rolesOf iterates over the roles of users, or only over role when it is
// not empty, as (username, role) pairs.
func rolesOf(users iter.Seq2[api.PlatformUser, error], role string) iter.Seq2[[2]string, error] {
	return func(yield func([2]string, error) bool) {
		for u, err := range users {
			if err != nil {
				yield([2]string{}, err)
				return
			}
			for _, r := range u.Roles {
				if (role == "" || r == role) && !yield([2]string{u.Username, r}, nil) {
					return
				}
			}
		}
	}
}
