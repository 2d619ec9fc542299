package account

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/list"
	"github.com/hashicorp/terraform-plugin-framework/list/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"

	"github.com/adminapi/terraform-provider-adminapi/internal/api"
	"github.com/adminapi/terraform-provider-adminapi/internal/provider/common"
)

var _ list.ListResourceWithConfigure = (*accountListResource)(nil)

// NewAccountListResource is the adminapi_account list resource (Terraform 1.14+).
func NewAccountListResource() list.ListResource { return &accountListResource{} }

type accountListResource struct {
	common.ClientHolder
}

func (l *accountListResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_account"
}

func (l *accountListResource) ListResourceConfigSchema(_ context.Context, _ list.ListResourceSchemaRequest, resp *list.ListResourceSchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Every account, or those with a given name, for `terraform query` (Terraform 1.14+). " +
			"Each result is named by its identity (`id`) and shown as `name (id)`. With `include_resource = true` " +
			"a result carries the resource's attributes, so that `terraform query -generate-config-out` writes " +
			"resource and import blocks that plan with no change.",
		Attributes: map[string]schema.Attribute{
			"name": schema.StringAttribute{
				MarkdownDescription: "Only the accounts with exactly this name (the API's `name` query parameter). All accounts when omitted.",
				Optional:            true,
				Validators:          []validator.String{stringvalidator.UTF8LengthBetween(api.AccountNameMin, api.AccountNameMax)},
			},
		},
	}
}

// List streams the accounts page by page as Terraform takes them, and stops
// at Terraform's limit without reading the next page.
func (l *accountListResource) List(ctx context.Context, req list.ListRequest, stream *list.ListResultsStream) {
	var cfg accountListConfigModel
	if !req.Config.Raw.IsNull() {
		if diags := req.Config.Get(ctx, &cfg); diags.HasError() {
			stream.Results = list.ListResultsStreamDiagnostics(diags)
			return
		}
	}
	accounts := l.Client.Accounts(ctx, cfg.Name.ValueString())
	stream.Results = common.ListResults(req, accounts, "Could not list accounts", func(a api.Account) list.ListResult {
		result := req.NewListResult(ctx)
		result.DisplayName = a.Name + " (" + a.ID + ")"
		common.SetIdentity(ctx, result.Identity, accountIdentity(a.ID), &result.Diagnostics)
		if req.IncludeResource {
			m, diags := flattenAccount(ctx, a)
			result.Diagnostics.Append(diags...)
			result.Diagnostics.Append(result.Resource.Set(ctx, m)...)
		}
		return result
	})
}
