package account

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"

	"github.com/adminapi/terraform-provider-adminapi/internal/provider/common"
)

var _ datasource.DataSourceWithConfigure = (*accountUsersDataSource)(nil)

// NewAccountUsersDataSource is the factory of the adminapi_account_users data source.
func NewAccountUsersDataSource() datasource.DataSource { return &accountUsersDataSource{} }

type accountUsersDataSource struct {
	common.DataSourceClient
}

func (d *accountUsersDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_account_users"
}

func (d *accountUsersDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "The members of an account with their roles. Pages through the API (100 a page) with no cap on the total. " +
			"An account_id that names no account is an error.",
		Attributes: map[string]schema.Attribute{
			"account_id": schema.StringAttribute{
				MarkdownDescription: "The account's id, a UUID (e.g. `adminapi_account.example.id`).",
				Required:            true,
				Validators:          []validator.String{accountIDValidator{}},
			},
			"users": schema.ListNestedAttribute{
				MarkdownDescription: "The account's members, each with its role.",
				Computed:            true,
				NestedObject: schema.NestedAttributeObject{Attributes: map[string]schema.Attribute{
					"username": schema.StringAttribute{MarkdownDescription: "The platform user's username.", Computed: true},
					"role":     schema.StringAttribute{MarkdownDescription: "`user` or `admin`.", Computed: true},
				}},
			},
		},
	}
}

func (d *accountUsersDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	var cfg accountUsersModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &cfg)...)
	if resp.Diagnostics.HasError() {
		return
	}
	cfg.Users = []accountMemberModel{}
	for m, err := range d.Client.AccountMembers(ctx, parsedAccountID(cfg.AccountID)) {
		if err != nil {
			common.AddLookupError(&resp.Diagnostics, "account", "account_id", cfg.AccountID.ValueString(), err)
			return
		}
		cfg.Users = append(cfg.Users, flattenAccountMember(m))
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, cfg)...)
}
