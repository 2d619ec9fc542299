package account

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"

	"github.com/adminapi/terraform-provider-adminapi/internal/api"
	"github.com/adminapi/terraform-provider-adminapi/internal/provider/common"
)

// NewAccountUsersDataSource is the factory of the adminapi_account_users data source.
func NewAccountUsersDataSource() datasource.DataSource {
	return &accountUsersDataSource{common.DataSource{Name: "account_users", Needs: []api.Operation{"GET /accounts/{id}", "GET /accounts/{id}/users"}, TypeSchema: schema.Schema{
		MarkdownDescription: "The members of an account with their roles. Pages through the API (100 a page) with no cap on the total. " +
			"An account_id that names no account is an error.",
		Attributes: map[string]schema.Attribute{
			"account_id": schema.StringAttribute{
				MarkdownDescription: "The account's id, a UUID (e.g. `adminapi_account.example.id`).",
				Required:            true,
				Validators:          []validator.String{accountIDValidator{}},
			},
			"shard": common.ShardDataSourceAttribute("the members whose username falls"),
			"users": common.ComputedList("The account's members, each with its role.", map[string]schema.Attribute{
				"username": schema.StringAttribute{MarkdownDescription: "The platform user's username.", Computed: true},
				"role":     schema.StringAttribute{MarkdownDescription: "`user` or `admin`.", Computed: true},
			}),
		},
	}}}
}

type accountUsersDataSource struct {
	common.DataSource
}

func (d *accountUsersDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	if !d.CheckRead(&resp.Diagnostics) {
		return
	}
	cfg, ok := common.Config[accountUsersModel](ctx, req.Config, &resp.Diagnostics)
	if !ok {
		return
	}
	members := membersIn(ctx, d.Client, parsedAccountID(cfg.AccountID), cfg.Shard)
	flatten := func(m api.AccountMember) (accountMemberModel, diag.Diagnostics) { return flattenAccountMember(m), nil }
	cfg.Users, ok = common.CollectOr(members, flatten, &resp.Diagnostics, func(_ int, err error) {
		common.AddLookupError(&resp.Diagnostics, "account", "account_id", cfg.AccountID.ValueString(), err)
	})
	if ok {
		resp.Diagnostics.Append(resp.State.Set(ctx, cfg)...)
	}
}
