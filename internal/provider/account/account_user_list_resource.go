package account

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/list"
	"github.com/hashicorp/terraform-plugin-framework/list/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"

	"github.com/adminapi/terraform-provider-adminapi/internal/api"
	"github.com/adminapi/terraform-provider-adminapi/internal/provider/common"
)

var _ list.ListResourceWithConfigure = (*accountUserListResource)(nil)

// NewAccountUserListResource is the adminapi_account_user list resource (Terraform 1.14+).
func NewAccountUserListResource() list.ListResource { return &accountUserListResource{} }

type accountUserListResource struct {
	common.ClientHolder
}

func (l *accountUserListResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_account_user"
}

func (l *accountUserListResource) ListResourceConfigSchema(_ context.Context, _ list.ListResourceSchemaRequest, resp *list.ListResourceSchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "The members of an account, for `terraform query` (Terraform 1.14+). Each result is named " +
			"by its identity (`account_id`, `username`) and shown as `username (role)`. With `include_resource = true` " +
			"a result carries the resource's attributes, so that `terraform query -generate-config-out` writes " +
			"resource and import blocks that plan with no change.",
		Attributes: map[string]schema.Attribute{
			"account_id": schema.StringAttribute{
				MarkdownDescription: "The account's id, a UUID. An account_id that names no account is an error.",
				Required:            true,
				Validators:          []validator.String{accountIDValidator{}},
			},
		},
	}
}

// List streams the members page by page as Terraform takes them, and stops
// at Terraform's limit without reading the next page.
func (l *accountUserListResource) List(ctx context.Context, req list.ListRequest, stream *list.ListResultsStream) {
	var cfg accountUserListConfigModel
	if diags := req.Config.Get(ctx, &cfg); diags.HasError() {
		stream.Results = list.ListResultsStreamDiagnostics(diags)
		return
	}
	accountID := parsedAccountID(cfg.AccountID)
	// The account is looked up first, so that one that does not exist is
	// an error naming account_id.
	if _, err := l.Client.GetAccount(ctx, accountID); err != nil {
		var diags diag.Diagnostics
		common.AddLookupError(&diags, "account", "account_id", cfg.AccountID.ValueString(), err)
		stream.Results = list.ListResultsStreamDiagnostics(diags)
		return
	}
	members := l.Client.AccountMembers(ctx, accountID)
	stream.Results = common.ListResults(req, members, "Could not list the members of account "+accountID, func(m api.AccountMember) list.ListResult {
		result := req.NewListResult(ctx)
		result.DisplayName = m.Username + " (" + m.Role + ")"
		common.SetIdentity(ctx, result.Identity, accountUserIdentity(accountID, m.Username), &result.Diagnostics)
		if req.IncludeResource {
			result.Diagnostics.Append(result.Resource.Set(ctx, newAccountUserModel(accountID, m.Username, m.Role))...)
		}
		return result
	})
}
