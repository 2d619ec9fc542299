package role

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/list"

	"github.com/adminapi/terraform-provider-adminapi/internal/api"
	"github.com/adminapi/terraform-provider-adminapi/internal/provider/common"
)

// NewRoleListResource is the adminapi_role list resource (Terraform 1.14+).
func NewRoleListResource() list.ListResource {
	doc := common.ListDoc{Lists: "Every role", Scope: "; no `config` arguments", ShownAs: "`name: description`"}
	return &roleListResource{common.NewListResource("role", roleIdentity, doc, nil)}
}

type roleListResource struct {
	common.ListResource
}

// List streams the roles page by page as Terraform takes them, and stops at
// Terraform's limit without reading the next page.
func (l *roleListResource) List(ctx context.Context, req list.ListRequest, stream *list.ListResultsStream) {
	stream.Results = common.ListResults(req, l.Client.Roles(ctx), "Could not list roles", func(r api.Role) list.ListResult {
		return l.Result(ctx, req, roleDisplayName(r), []string{r.Name}, func() (any, diag.Diagnostics) {
			return flattenRoleData(r)
		})
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
