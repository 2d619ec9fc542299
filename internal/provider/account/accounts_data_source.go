package account

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"

	"github.com/adminapi/terraform-provider-adminapi/internal/api"
	"github.com/adminapi/terraform-provider-adminapi/internal/provider/common"
)

// NewAccountsDataSource is the factory of the adminapi_accounts data source.
func NewAccountsDataSource() datasource.DataSource {
	return &accountsDataSource{common.DataSource{Name: "accounts", Needs: []api.Operation{"GET /accounts"}, TypeSchema: schema.Schema{
		MarkdownDescription: "Every account, or those with a given name, each with the attributes of the `adminapi_account` resource. " +
			"Pages through the API (100 a page) with no cap on the total.",
		Attributes: map[string]schema.Attribute{
			"name": schema.StringAttribute{
				MarkdownDescription: "Only the accounts with exactly this name (the API's `name` query parameter). All accounts when omitted.",
				Optional:            true,
				Validators:          []validator.String{stringvalidator.UTF8LengthBetween(api.AccountNameMin, api.AccountNameMax)},
			},
			"accounts": common.ComputedList("The accounts, in the API's order, each with the attributes of the `adminapi_account` resource.",
				accountAttributes()),
		},
	}}}
}

type accountsDataSource struct {
	common.DataSource
}

func (d *accountsDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	if !d.CheckRead(&resp.Diagnostics) {
		return
	}
	cfg, ok := common.Config[accountsModel](ctx, req.Config, &resp.Diagnostics)
	if !ok {
		return
	}
	flatten := func(a api.Account) (accountModel, diag.Diagnostics) { return flattenAccount(ctx, a) }
	common.ReadAll(ctx, resp, "accounts", d.Client.Accounts(ctx, cfg.Name.ValueString()), flatten, "list accounts")
}
