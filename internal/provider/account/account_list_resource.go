package account

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/list"
	"github.com/hashicorp/terraform-plugin-framework/list/schema"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"

	"github.com/adminapi/terraform-provider-adminapi/internal/api"
	"github.com/adminapi/terraform-provider-adminapi/internal/provider/common"
)

// NewAccountListResource is the adminapi_account list resource (Terraform 1.14+).
func NewAccountListResource() list.ListResource {
	doc := common.ListDoc{Lists: "Every account, or those with a given name", ShownAs: "`name (id)`"}
	return &accountListResource{common.NewListResource("account", accountIdentity, doc, map[string]schema.Attribute{
		"name": schema.StringAttribute{
			MarkdownDescription: "Only the accounts with exactly this name (the API's `name` query parameter). All accounts when omitted.",
			Optional:            true,
			Validators:          []validator.String{stringvalidator.UTF8LengthBetween(api.AccountNameMin, api.AccountNameMax)},
		},
	})}
}

type accountListResource struct {
	common.ListResource
}

// List streams the accounts page by page as Terraform takes them, and stops
// at Terraform's limit without reading the next page.
func (l *accountListResource) List(ctx context.Context, req list.ListRequest, stream *list.ListResultsStream) {
	cfg, ok := common.ListConfig[accountListConfigModel](ctx, req, stream)
	if !ok {
		return
	}
	accounts := l.Client.Accounts(ctx, cfg.Name.ValueString())
	stream.Results = common.ListResults(req, accounts, "Could not list accounts", func(a api.Account) list.ListResult {
		return l.Result(ctx, req, a.Name+" ("+a.ID+")", []string{a.ID}, func() (any, diag.Diagnostics) { return flattenAccount(ctx, a) })
	})
}
