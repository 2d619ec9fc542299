package platformuser

import (
	"context"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/list"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/adminapi/terraform-provider-adminapi/internal/api"
	"github.com/adminapi/terraform-provider-adminapi/internal/provider/common"
)

// NewPlatformUserListResource is the adminapi_platform_user list resource (Terraform 1.14+).
func NewPlatformUserListResource() list.ListResource {
	return &platformUserListResource{common.NewListResource("platform_user", platformUserIdentity, common.ListDoc{
		Lists:   "Every platform user, or those that match all the filters given in `config`",
		ShownAs: "`username (name, email)`",
		Carries: " except the secrets (password, invitation token)" + common.PlansWithNoChange +
			": see the guide \"Bringing existing users under management\".",
	}, listFilterAttributes())}
}

type platformUserListResource struct {
	common.ListResource
}

// List streams the users page by page as Terraform takes them, and stops
// at Terraform's limit without reading the next page.
func (l *platformUserListResource) List(ctx context.Context, req list.ListRequest, stream *list.ListResultsStream) {
	filters, ok := common.ListConfig[platformUserFilters](ctx, req, stream)
	if !ok {
		return
	}
	stream.Results = common.ListResults(req, filters.users(ctx, l.Client), "Could not list platform users",
		func(u api.PlatformUser) list.ListResult {
			return l.Result(ctx, req, platformUserDisplayName(&u), []string{u.Username}, func() (any, diag.Diagnostics) {
				return listedPlatformUser(&u)
			})
		})
}

// listedPlatformUser is the resource's model of u in a query result. The
// invitation token is a secret and stays out: omitted from a configuration,
// it keeps what the platform holds.
func listedPlatformUser(u *api.PlatformUser) (*platformUserModel, diag.Diagnostics) {
	var m platformUserModel
	diags := flattenPlatformUser(u, &m)
	m.InvitationToken = types.StringNull()
	return &m, diags
}

// platformUserDisplayName is e.g. "alice (Alice Martin, alice@example.com)",
// "bob (bob@example.com, disabled)".
func platformUserDisplayName(u *api.PlatformUser) string {
	details := make([]string, 0, 3)
	if u.Name != "" {
		details = append(details, u.Name)
	}
	details = append(details, u.Email)
	if u.Status != api.StatusEnabled {
		details = append(details, "disabled")
	}
	return u.Username + " (" + strings.Join(details, ", ") + ")"
}
