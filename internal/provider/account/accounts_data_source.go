package account

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"

	"github.com/adminapi/terraform-provider-adminapi/internal/api"
	"github.com/adminapi/terraform-provider-adminapi/internal/provider/common"
)

var _ datasource.DataSourceWithConfigure = (*accountsDataSource)(nil)

// NewAccountsDataSource is the factory of the adminapi_accounts data source.
func NewAccountsDataSource() datasource.DataSource { return &accountsDataSource{} }

type accountsDataSource struct {
	common.DataSourceClient
}

func (d *accountsDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_accounts"
}

func (d *accountsDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Every account, or those with a given name, each with the attributes of the `adminapi_account` resource. " +
			"Pages through the API (100 a page) with no cap on the total.",
		Attributes: map[string]schema.Attribute{
			"name": schema.StringAttribute{
				MarkdownDescription: "Only the accounts with exactly this name (the API's `name` query parameter). All accounts when omitted.",
				Optional:            true,
				Validators:          []validator.String{stringvalidator.UTF8LengthBetween(api.AccountNameMin, api.AccountNameMax)},
			},
			"accounts": schema.ListNestedAttribute{
				MarkdownDescription: "The accounts, in the API's order, each with the attributes of the `adminapi_account` resource.",
				Computed:            true,
				NestedObject:        schema.NestedAttributeObject{Attributes: accountAttributes()},
			},
		},
	}
}

func (d *accountsDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	var cfg accountsModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &cfg)...)
	if resp.Diagnostics.HasError() {
		return
	}
	cfg.Accounts = []accountModel{}
	for a, err := range d.Client.Accounts(ctx, cfg.Name.ValueString()) {
		if err != nil {
			resp.Diagnostics.AddError("Could not list accounts", fmt.Sprintf("after %d accounts: %v", len(cfg.Accounts), err))
			return
		}
		m, diags := flattenAccount(ctx, a)
		resp.Diagnostics.Append(diags...)
		if resp.Diagnostics.HasError() {
			return
		}
		cfg.Accounts = append(cfg.Accounts, m)
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, cfg)...)
}
