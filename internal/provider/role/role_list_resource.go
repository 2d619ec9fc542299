package role

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/list"
	"github.com/hashicorp/terraform-plugin-framework/list/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/adminapi/terraform-provider-adminapi/internal/api"
	"github.com/adminapi/terraform-provider-adminapi/internal/provider/common"
)

var _ list.ListResourceWithConfigure = (*roleListResource)(nil)

// NewRoleListResource is the adminapi_role list resource (Terraform 1.14+).
func NewRoleListResource() list.ListResource { return &roleListResource{} }

type roleListResource struct {
	common.ClientHolder
}

func (l *roleListResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_role"
}

func (l *roleListResource) ListResourceConfigSchema(_ context.Context, _ list.ListResourceSchemaRequest, resp *list.ListResourceSchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Every role, for `terraform query` (Terraform 1.14+); no `config` arguments. " +
			"Each result is named by its identity (`name`) and shown as `name: description`. With " +
			"`include_resource = true` a result carries the resource's attributes, so that " +
			"`terraform query -generate-config-out` writes resource and import blocks that plan with no change.",
	}
}

// List streams the roles page by page as Terraform takes them, and stops at
// Terraform's limit without reading the next page.
func (l *roleListResource) List(ctx context.Context, req list.ListRequest, stream *list.ListResultsStream) {
	stream.Results = common.ListResults(req, l.Client.Roles(ctx), "Could not list roles", func(r api.Role) list.ListResult {
		result := req.NewListResult(ctx)
		result.DisplayName = roleDisplayName(r)
		common.SetIdentity(ctx, result.Identity, roleIdentity(r.Name), &result.Diagnostics)
		if req.IncludeResource {
			result.Diagnostics.Append(result.Resource.Set(ctx, flattenRole(r, types.StringNull()))...)
		}
		return result
	})
}

// roleDisplayName is e.g. "auditor: Read-only access to audit trails", or
// the name alone when the role has no description.
func roleDisplayName(r api.Role) string {
	if r.Description == "" {
		return r.Name
	}
	return r.Name + ": " + r.Description
}
