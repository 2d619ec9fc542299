package account

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/adminapi/terraform-provider-adminapi/internal/api"
	"github.com/adminapi/terraform-provider-adminapi/internal/provider/common"
)

// NewAccountDataSource is the factory of the adminapi_account data source.
func NewAccountDataSource() datasource.DataSource {
	return &accountDataSource{common.DataSource{Name: "account", Needs: []api.Operation{"GET /accounts/{id}"}, TypeSchema: common.LookupSchema(
		"One account by its id, with the attributes of the `adminapi_account` resource. "+
			"An id that names no account is an error.",
		accountAttributes(), "id", schema.StringAttribute{
			MarkdownDescription: "The account's id, a UUID (any letter case; answered in lowercase, as the API gives it).",
			Validators:          []validator.String{accountIDValidator{}},
		})}}
}

type accountDataSource struct {
	common.DataSource
}

// accountAttributes are the adminapi_account resource's attributes, all
// computed: what a data source answers for one account.
func accountAttributes() map[string]schema.Attribute {
	number := func(what string) schema.Int64Attribute {
		return schema.Int64Attribute{MarkdownDescription: what + ".", Computed: true}
	}
	return map[string]schema.Attribute{
		"id":                      schema.StringAttribute{MarkdownDescription: "The account's id, a lowercase UUID.", Computed: true},
		"name":                    schema.StringAttribute{MarkdownDescription: "The account's name. Not unique.", Computed: true},
		"health_time_period":      number("Health time period, in seconds"),
		"exec_interval":           number("Rule execution interval, in seconds"),
		"base_line_exec_interval": number("Baseline execution interval, in seconds"),
		"cd_model_frequency":      number("Change-detection model frequency, in seconds"),
		"cd_execution_frequency":  number("Change-detection execution frequency, in seconds"),
		"data_retention":          number("Data retention, in days (`0`: keep forever)"),
		"attributes": schema.MapAttribute{
			MarkdownDescription: "Free-form attributes; empty when there are none.",
			ElementType:         types.StringType,
			Computed:            true,
		},
		"created": number("When the account was created, in Unix milliseconds"),
		"updated": number("When the account was last changed, in Unix milliseconds"),
	}
}

func (d *accountDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	if !d.CheckRead(&resp.Diagnostics) {
		return
	}
	get := func(ctx context.Context, id string) (*api.Account, error) {
		return d.Client.GetAccount(ctx, parsedAccountID(types.StringValue(id)))
	}
	flatten := func(a api.Account) (accountModel, diag.Diagnostics) { return flattenAccount(ctx, a) }
	common.ReadOne(ctx, req, resp, "account", "id", get, flatten)
}
