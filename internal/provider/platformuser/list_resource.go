package platformuser

import (
	"context"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/list"
	"github.com/hashicorp/terraform-plugin-framework/list/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/adminapi/terraform-provider-adminapi/internal/api"
	"github.com/adminapi/terraform-provider-adminapi/internal/provider/common"
)

var _ list.ListResourceWithConfigure = (*platformUserListResource)(nil)

// NewListResource is the adminapi_platform_user list resource (Terraform 1.14+).
func NewListResource() list.ListResource { return &platformUserListResource{} }

type platformUserListResource struct {
	common.ClientHolder
}

func (l *platformUserListResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_platform_user"
}

func (l *platformUserListResource) ListResourceConfigSchema(_ context.Context, _ list.ListResourceSchemaRequest, resp *list.ListResourceSchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Every platform user, or those that match all the filters given in `config`, for " +
			"`terraform query` (Terraform 1.14+). Each result is named by its identity (`username`) and shown as " +
			"`username (name, email)`. With `include_resource = true` a result carries the resource's attributes " +
			"except the secrets (password, invitation token), so that `terraform query -generate-config-out` writes " +
			"resource and import blocks that plan with no change: see the guide \"Bringing existing users under management\".",
		Attributes: listFilterAttributes(),
	}
}

// List streams the users page by page as Terraform takes them, and stops
// at Terraform's limit without reading the next page.
func (l *platformUserListResource) List(ctx context.Context, req list.ListRequest, stream *list.ListResultsStream) {
	var filters platformUserFilters
	if !req.Config.Raw.IsNull() {
		if diags := req.Config.Get(ctx, &filters); diags.HasError() {
			stream.Results = list.ListResultsStreamDiagnostics(diags)
			return
		}
	}
	stream.Results = common.ListResults(req, l.Client.PlatformUsers(ctx, filters.filter()), "Could not list platform users",
		func(u api.PlatformUser) list.ListResult { return platformUserListResult(ctx, req, &u) })
}

// platformUserListResult is u as a query result: its identity, a display
// name, and the resource's attributes when Terraform asks for them. The
// invitation token is a secret and stays out: omitted from a configuration,
// it keeps what the platform holds.
func platformUserListResult(ctx context.Context, req list.ListRequest, u *api.PlatformUser) list.ListResult {
	result := req.NewListResult(ctx)
	result.DisplayName = platformUserDisplayName(u)
	common.SetIdentity(ctx, result.Identity, identityOf(u.Username), &result.Diagnostics)
	if req.IncludeResource {
		var m platformUserModel
		result.Diagnostics.Append(flattenPlatformUser(u, &m)...)
		m.InvitationToken = types.StringNull()
		result.Diagnostics.Append(result.Resource.Set(ctx, &m)...)
	}
	return result
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
