package account

import (
	"context"
	"fmt"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-validators/int64validator"
	"github.com/hashicorp/terraform-plugin-framework-validators/mapvalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/identityschema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/int64default"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/int64planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/mapdefault"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/adminapi/terraform-provider-adminapi/internal/api"
	"github.com/adminapi/terraform-provider-adminapi/internal/client"
	"github.com/adminapi/terraform-provider-adminapi/internal/provider/common"
)

var (
	_ resource.ResourceWithConfigure   = (*accountResource)(nil)
	_ resource.ResourceWithImportState = (*accountResource)(nil)
	_ resource.ResourceWithIdentity    = (*accountResource)(nil)
)

// NewAccountResource is the factory of adminapi_account.
func NewAccountResource() resource.Resource { return &accountResource{} }

type accountResource struct {
	common.ClientHolder
}

func (r *accountResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_account"
}

// accountNumber is one of the account's optional numbers; def is the API's default.
func accountNumber(what string, def int64) schema.Int64Attribute {
	return schema.Int64Attribute{
		MarkdownDescription: fmt.Sprintf("%s. A non-negative integer; defaults to `%d`, the API's default, also when removed from the configuration.", what, def),
		Optional:            true,
		Computed:            true,
		Default:             int64default.StaticInt64(def),
		Validators:          []validator.Int64{int64validator.AtLeast(0)},
	}
}

func (r *accountResource) Schema(_ context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "An account (OISP's accounts): a tenant that platform users join with `adminapi_account_user`. " +
			"Every change replaces the account's settings whole (`PUT`). Import with the account's id (a UUID).",
		Attributes: map[string]schema.Attribute{
			"id": schema.StringAttribute{
				MarkdownDescription: "The account's id, a UUID given by the API; the import id. After a create whose answer was lost (the server may have made the account), it reads `pending-create/<key>/<time>` and the account is tainted: the next refresh repeats the create with the same `Idempotency-Key`, learns the real id, and the apply replaces it, so exactly one account remains.",
				Computed:            true,
				PlanModifiers:       []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
			"name": schema.StringAttribute{
				MarkdownDescription: fmt.Sprintf("The account's name, %d to %d characters. Not unique.", api.AccountNameMin, api.AccountNameMax),
				Required:            true,
				Validators:          []validator.String{stringvalidator.UTF8LengthBetween(api.AccountNameMin, api.AccountNameMax)},
			},
			"health_time_period":      accountNumber("Health time period, in seconds", api.DefaultHealthTimePeriod),
			"exec_interval":           accountNumber("Rule execution interval, in seconds", api.DefaultExecInterval),
			"base_line_exec_interval": accountNumber("Baseline execution interval, in seconds", api.DefaultBaseLineExecInterval),
			"cd_model_frequency":      accountNumber("Change-detection model frequency, in seconds", api.DefaultCDModelFrequency),
			"cd_execution_frequency":  accountNumber("Change-detection execution frequency, in seconds", api.DefaultCDExecutionFrequency),
			"data_retention":          accountNumber("Data retention, in days (`0`: keep forever)", api.DefaultDataRetention),
			"attributes": schema.MapAttribute{
				MarkdownDescription: fmt.Sprintf("Free-form attributes: at most %d keys, each key and value %d to %d characters. Defaults to no attributes.",
					api.AttributesMax, api.AttributeKeyMin, api.AttributeKeyMax),
				ElementType: types.StringType,
				Optional:    true,
				Computed:    true,
				Default:     mapdefault.StaticValue(types.MapValueMust(types.StringType, map[string]attr.Value{})),
				Validators: []validator.Map{
					mapvalidator.SizeAtMost(api.AttributesMax),
					mapvalidator.KeysAre(stringvalidator.UTF8LengthBetween(api.AttributeKeyMin, api.AttributeKeyMax)),
					mapvalidator.ValueStringsAre(stringvalidator.UTF8LengthBetween(api.AttributeValueMin, api.AttributeValueMax)),
				},
			},
			"created": schema.Int64Attribute{
				MarkdownDescription: "When the account was created, in Unix milliseconds.",
				Computed:            true,
				PlanModifiers:       []planmodifier.Int64{int64planmodifier.UseStateForUnknown()},
			},
			"updated": schema.Int64Attribute{
				MarkdownDescription: "When the account was last changed, in Unix milliseconds.",
				Computed:            true,
			},
		},
	}
}

func (r *accountResource) IdentitySchema(_ context.Context, _ resource.IdentitySchemaRequest, resp *resource.IdentitySchemaResponse) {
	resp.IdentitySchema = identityschema.Schema{
		Attributes: map[string]identityschema.Attribute{
			"id": identityschema.StringAttribute{RequiredForImport: true, Description: "The account's id, a UUID."},
		},
	}
}

func (r *accountResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	plan, in, ok := plannedAccount(ctx, req.Plan, &resp.Diagnostics)
	if !ok {
		return
	}
	pending := common.NewPendingCreate(time.Now())
	a, err := r.Client.CreateAccount(pending.Context(ctx), in)
	if err != nil {
		plan.ID = types.StringValue(pending.ID())
		if !common.KeepPendingCreate(ctx, resp, err, "account "+plan.Name.ValueString(), &plan, pending) {
			resp.Diagnostics.AddError("Could not create account "+plan.Name.ValueString(), err.Error())
		}
		return
	}
	r.setState(ctx, *a, &resp.State, &resp.Diagnostics)
	common.SetIdentity(ctx, resp.Identity, accountIdentity(a.ID), &resp.Diagnostics)
}

func (r *accountResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	var id types.String
	resp.Diagnostics.Append(req.State.GetAttribute(ctx, path.Root("id"), &id)...)
	if resp.Diagnostics.HasError() {
		return
	}
	if p, pending := common.ParsePendingCreate(id.ValueString()); pending {
		if id = r.settleCreate(ctx, req.State, p, &resp.Diagnostics); id.IsNull() {
			return
		}
	}
	// Before the lookup: state written without identity gains it even when
	// the account turns out gone.
	common.SetIdentity(ctx, resp.Identity, accountIdentity(id.ValueString()), &resp.Diagnostics)
	a, ok := common.ReadOrRemove(ctx, resp, "account "+id.ValueString(),
		func() (*api.Account, error) { return r.Client.GetAccount(ctx, id.ValueString()) })
	if !ok {
		return
	}
	r.setState(ctx, *a, &resp.State, &resp.Diagnostics)
}

func (r *accountResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	plan, in, ok := plannedAccount(ctx, req.Plan, &resp.Diagnostics)
	if !ok {
		return
	}
	a, err := r.Client.UpdateAccount(ctx, plan.ID.ValueString(), in)
	if err != nil {
		resp.Diagnostics.AddError("Could not update account "+plan.ID.ValueString(), err.Error())
		return
	}
	r.setState(ctx, *a, &resp.State, &resp.Diagnostics)
	common.SetIdentity(ctx, resp.Identity, accountIdentity(a.ID), &resp.Diagnostics)
}

func (r *accountResource) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	var id types.String
	resp.Diagnostics.Append(req.State.GetAttribute(ctx, path.Root("id"), &id)...)
	if resp.Diagnostics.HasError() {
		return
	}
	if p, pending := common.ParsePendingCreate(id.ValueString()); pending { // not refreshed since (-refresh=false)
		if id = r.settleCreate(ctx, req.State, p, &resp.Diagnostics); id.IsNull() {
			return
		}
	}
	if err := r.Client.DeleteAccount(ctx, id.ValueString()); err != nil && !client.IsNotFound(err) {
		resp.Diagnostics.AddError("Could not delete account "+id.ValueString(), err.Error())
	}
}

// settleCreate repeats p, a create that failed but may have taken effect,
// with the body built again from state, which holds the planned values: the
// API answers the repeat with the account the first made, or makes it now.
// It answers the account's id, or null after an error.
func (r *accountResource) settleCreate(ctx context.Context, state tfsdk.State, p common.PendingCreate, diags *diag.Diagnostics) types.String {
	var kept accountModel
	diags.Append(state.Get(ctx, &kept)...)
	if diags.HasError() {
		return types.StringNull()
	}
	in, d := expandAccount(ctx, kept)
	if diags.Append(d...); diags.HasError() {
		return types.StringNull()
	}
	if p.Expired(time.Now()) {
		diags.AddError("Could not reconcile account "+in.Name, fmt.Sprintf("Account %s: %s failed, but may have made the account. "+
			"The API keeps the answer to a create for 24 hours only, and this one is older than %s: repeating it could make "+
			"a second account. Look for the account (data source adminapi_accounts, name = %q), remove this resource from "+
			"the state with `terraform state rm`, and import the account if it exists.", in.Name, p, common.PendingCreateWindow, in.Name))
		return types.StringNull()
	}
	a, err := r.Client.CreateAccount(p.Context(ctx), in)
	if err != nil {
		diags.AddError("Could not reconcile account "+in.Name, fmt.Sprintf("Repeating %s, which failed but may have "+
			"made the account: %v", p, err))
		return types.StringNull()
	}
	return types.StringValue(a.ID)
}

// plannedAccount is the plan and the account it asks for; ok is false on error.
func plannedAccount(ctx context.Context, p tfsdk.Plan, diags *diag.Diagnostics) (plan accountModel, in api.AccountInput, ok bool) {
	diags.Append(p.Get(ctx, &plan)...)
	if diags.HasError() {
		return plan, in, false
	}
	in, d := expandAccount(ctx, plan)
	diags.Append(d...)
	return plan, in, !diags.HasError()
}

func (r *accountResource) setState(ctx context.Context, a api.Account, state *tfsdk.State, diags *diag.Diagnostics) {
	m, d := flattenAccount(ctx, a)
	diags.Append(d...)
	if diags.HasError() {
		return
	}
	diags.Append(state.Set(ctx, m)...)
}

func (r *accountResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	given := req.ID
	var identity accountIdentityModel
	if common.ImportedByIdentity(ctx, req, &identity, &resp.Diagnostics) {
		given = identity.ID.ValueString()
	}
	if resp.Diagnostics.HasError() {
		return
	}
	id, err := common.ParseAccountID(given)
	if err != nil {
		resp.Diagnostics.AddError(common.InvalidImportTitle(req), err.Error())
		return
	}
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("id"), id)...)
	common.SetIdentity(ctx, resp.Identity, accountIdentity(id), &resp.Diagnostics)
}
