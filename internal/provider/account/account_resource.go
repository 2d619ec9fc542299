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
	"github.com/hashicorp/terraform-plugin-framework/resource"
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

var _ common.ResourceType = (*accountResource)(nil)

// accountIdentity is adminapi_account's identity and import id: the
// account's id, in any letter case, kept in lowercase.
var accountIdentity = common.Identity{{Name: "id", Description: "The account's id, a UUID.", Parse: common.ParseAccountID}}

// NewAccountResource is the factory of adminapi_account.
func NewAccountResource() resource.Resource {
	return &accountResource{common.NewResource(common.ResourceSpec[accountModel]{
		Name: "account", Kind: "account", Identity: accountIdentity,
		IdentityOf: func(m *accountModel) []string { return []string{m.ID.ValueString()} },
		NameOf:     func(m *accountModel) string { return m.Name.ValueString() },
		Needs: common.Needs{
			Read: []api.Operation{"GET /accounts/{id}"}, Create: []api.Operation{"POST /accounts"},
			Update: []api.Operation{"PUT /accounts/{id}"}, Delete: []api.Operation{"DELETE /accounts/{id}"},
		},
	})}
}

type accountResource struct {
	common.Resource[accountModel]
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
		MarkdownDescription: r.Describe("An account (OISP's accounts): a tenant that platform users join with `adminapi_account_user`. " +
			"Every change replaces the account's settings whole (`PUT`). Import with the account's id (a UUID)."),
		Attributes: map[string]schema.Attribute{
			"id": schema.StringAttribute{
				MarkdownDescription: "The account's id, a UUID given by the API; the import id. After a create whose answer was lost (the server may have made the account), it reads `pending-create/<key>/<time>` and the account is tainted: the next refresh repeats the create with the same `Idempotency-Key`, learns the real id, and the apply replaces it, so exactly one account remains.",
				Computed:            true,
				PlanModifiers:       []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
			"name": schema.StringAttribute{
				MarkdownDescription: fmt.Sprintf("The account's name, %d to %d characters. Not unique.", api.AccountNameMin, api.AccountNameMax),
				Required:            true,
				Validators: []validator.String{stringvalidator.UTF8LengthBetween(api.AccountNameMin, api.AccountNameMax),
					stringvalidator.RegexMatches(api.TextRegexp, api.ErrTextControl.Error())},
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
					mapvalidator.KeysAre(stringvalidator.UTF8LengthBetween(api.AttributeKeyMin, api.AttributeKeyMax),
						stringvalidator.RegexMatches(api.TextRegexp, api.ErrTextControl.Error())),
					mapvalidator.ValueStringsAre(stringvalidator.UTF8LengthBetween(api.AttributeValueMin, api.AttributeValueMax),
						stringvalidator.RegexMatches(api.TextRegexp, api.ErrTextControl.Error())),
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

func (r *accountResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	plan, in, ok := r.planned(ctx, req.Plan, &resp.Diagnostics)
	if !ok {
		return
	}
	pending := common.NewPendingCreate(time.Now())
	a, err := r.Client.CreateAccount(pending.Context(ctx), in)
	if err != nil {
		o := r.Object(plan.Name.ValueString())
		plan.ID = types.StringValue(pending.ID())
		if !common.KeepPendingCreate(ctx, resp, err, o, &plan, pending) {
			common.CreateFailed(&resp.Diagnostics, o, err)
		}
		return
	}
	r.save(ctx, *a, &resp.State, resp.Identity, &resp.Diagnostics)
}

func (r *accountResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	state, ok := r.State(ctx, req.State, &resp.Diagnostics)
	if !ok {
		return
	}
	if p, pending := common.ParsePendingCreate(state.ID.ValueString()); pending {
		if state.ID = r.settleCreate(ctx, state, p, &resp.Diagnostics); state.ID.IsNull() {
			return
		}
	}
	id := state.ID.ValueString()
	r.SetIdentity(ctx, resp.Identity, &state, &resp.Diagnostics)
	a, ok := common.ReadOrRemove(ctx, resp, r.Object(id), func() (*api.Account, error) { return r.Client.GetAccount(ctx, id) })
	if !ok {
		return
	}
	r.save(ctx, *a, &resp.State, nil, &resp.Diagnostics)
}

func (r *accountResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	plan, in, ok := r.planned(ctx, req.Plan, &resp.Diagnostics)
	if !ok {
		return
	}
	a, err := r.Client.UpdateAccount(ctx, plan.ID.ValueString(), in)
	if err != nil {
		common.UpdateFailed(&resp.Diagnostics, r.Object(plan.ID.ValueString()), err)
		return
	}
	r.save(ctx, *a, &resp.State, resp.Identity, &resp.Diagnostics)
}

func (r *accountResource) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	state, ok := r.State(ctx, req.State, &resp.Diagnostics)
	if !ok {
		return
	}
	if p, pending := common.ParsePendingCreate(state.ID.ValueString()); pending { // not refreshed since (-refresh=false)
		if state.ID = r.settleCreate(ctx, state, p, &resp.Diagnostics); state.ID.IsNull() {
			return
		}
	}
	id := state.ID.ValueString()
	if err := r.Client.DeleteAccount(ctx, id); err != nil && !client.IsNotFound(err) {
		common.DeleteFailed(&resp.Diagnostics, r.Object(id), err)
	}
}

// settleCreate repeats p, a create that failed but may have taken effect,
// with the body built again from kept, the state, which holds the planned
// values: the API answers the repeat with the account the first made, or
// makes it now. It answers the account's id, or null after an error.
func (r *accountResource) settleCreate(ctx context.Context, kept accountModel, p common.PendingCreate, diags *diag.Diagnostics) types.String {
	in, d := expandAccount(ctx, kept)
	if diags.Append(d...); diags.HasError() {
		return types.StringNull()
	}
	o := r.Object(in.Name)
	if p.Expired(time.Now()) {
		common.Refused(diags, "reconcile", o, "create expired", fmt.Sprintf("Account %s: %s failed, but may have made the account. "+
			"The API keeps the answer to a create for 24 hours only, and this one is older than %s: repeating it could make "+
			"a second account. Look for the account (data source adminapi_accounts, name = %q), remove this resource from "+
			"the state with `terraform state rm`, and import the account if it exists.", in.Name, p, common.PendingCreateWindow, in.Name))
		return types.StringNull()
	}
	a, err := r.Client.CreateAccount(p.Context(ctx), in)
	if err != nil {
		common.Failed(diags, "reconcile", o, fmt.Errorf("repeating %s, which failed but may have made the account: %w", p, err))
		return types.StringNull()
	}
	return types.StringValue(a.ID)
}

// planned is the plan and the account it asks for; ok is false on error.
func (r *accountResource) planned(ctx context.Context, p tfsdk.Plan, diags *diag.Diagnostics) (plan accountModel, in api.AccountInput, ok bool) {
	if plan, ok = r.Plan(ctx, p, diags); !ok {
		return plan, in, false
	}
	in, d := expandAccount(ctx, plan)
	diags.Append(d...)
	return plan, in, !diags.HasError()
}

// save writes a to state, with its identity when identity is not nil.
func (r *accountResource) save(ctx context.Context, a api.Account, state *tfsdk.State, identity *tfsdk.ResourceIdentity, diags *diag.Diagnostics) {
	m, d := flattenAccount(ctx, a)
	if diags.Append(d...); diags.HasError() {
		return
	}
	r.Save(ctx, state, identity, &m, diags)
}
