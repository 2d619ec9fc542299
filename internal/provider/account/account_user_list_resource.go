package account

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/list"
	"github.com/hashicorp/terraform-plugin-framework/list/schema"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"

	"github.com/adminapi/terraform-provider-adminapi/internal/api"
	"github.com/adminapi/terraform-provider-adminapi/internal/provider/common"
)

// NewAccountUserListResource is the adminapi_account_user list resource (Terraform 1.14+).
func NewAccountUserListResource() list.ListResource {
	doc := common.ListDoc{Lists: "The members of an account", ShownAs: "`username (role)`"}
	return &accountUserListResource{common.NewListResource("account_user", accountUserIdentity, doc, map[string]schema.Attribute{
		"account_id": schema.StringAttribute{
			MarkdownDescription: "The account's id, a UUID. An account_id that names no account is an error.",
			Required:            true,
			Validators:          []validator.String{accountIDValidator{}},
		},
		"shard": common.ShardListAttribute("the members whose username falls"),
	})}
}

type accountUserListResource struct {
	common.ListResource
}

// List streams the members page by page as Terraform takes them, and stops
// at Terraform's limit without reading the next page.
func (l *accountUserListResource) List(ctx context.Context, req list.ListRequest, stream *list.ListResultsStream) {
	cfg, ok := common.ListConfig[accountUserListConfigModel](ctx, req, stream)
	if !ok {
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
	members := membersIn(ctx, l.Client, accountID, cfg.Shard)
	stream.Results = common.ListResults(req, members, "Could not list the members of account "+accountID, func(m api.AccountMember) list.ListResult {
		return l.Result(ctx, req, m.Username+" ("+m.Role+")", []string{accountID, m.Username}, func() (any, diag.Diagnostics) {
			return newAccountUserModel(accountID, m.Username, m.Role), nil
		})
	})
}
