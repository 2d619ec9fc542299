package account

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/adminapi/terraform-provider-adminapi/internal/provider/common"
)

var _ datasource.DataSourceWithConfigure = (*accountDataSource)(nil)

// NewAccountDataSource is the factory of the adminapi_account data source.
func NewAccountDataSource() datasource.DataSource { return &accountDataSource{} }

type accountDataSource struct {
	common.DataSourceClient
}

func (d *accountDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_account"
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

func (d *accountDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	attrs := accountAttributes()
	attrs["id"] = schema.StringAttribute{
		MarkdownDescription: "The account's id, a UUID (any letter case; answered in lowercase, as the API gives it).",
		Required:            true,
		Validators:          []validator.String{accountIDValidator{}},
	}
	resp.Schema = schema.Schema{
		MarkdownDescription: "One account by its id, with the attributes of the `adminapi_account` resource. " +
			"An id that names no account is an error.",
		Attributes: attrs,
	}
}

func (d *accountDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	var cfg accountModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &cfg)...)
	if resp.Diagnostics.HasError() {
		return
	}
	a, err := d.Client.GetAccount(ctx, parsedAccountID(cfg.ID))
	if err != nil {
		common.AddLookupError(&resp.Diagnostics, "account", "id", cfg.ID.ValueString(), err)
		return
	}
	m, diags := flattenAccount(ctx, *a)
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, m)...)
}
