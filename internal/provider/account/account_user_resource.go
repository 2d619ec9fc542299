package account

import (
	"context"
	"fmt"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/adminapi/terraform-provider-adminapi/internal/api"
	"github.com/adminapi/terraform-provider-adminapi/internal/client"
	"github.com/adminapi/terraform-provider-adminapi/internal/provider/common"
)

var _ common.ResourceType = (*accountUserResource)(nil)

// accountUserIdentity is adminapi_account_user's identity; its import id is
// "<account_id>/<username>", the account id in any letter case, kept in
// lowercase.
var accountUserIdentity = common.Identity{
	{Name: "account_id", Description: "The account's id, a UUID.", Parse: common.ParseAccountID, Attributes: []string{"account_id"}},
	{Name: "username", Description: "The platform user's username.", Parse: common.Matching(checkMemberUsername), Attributes: []string{"username"}},
}

// NewAccountUserResource is the factory of adminapi_account_user.
func NewAccountUserResource() resource.Resource {
	return &accountUserResource{common.NewResource(common.ResourceSpec[accountUserModel]{
		Name: "account_user", Kind: "account membership", Identity: accountUserIdentity,
		Needs: common.Needs{
			Read:   []api.Operation{"GET /accounts/{id}/users/{username}"},
			Create: []api.Operation{"PUT /accounts/{id}/users/{username}"},
			Update: []api.Operation{"PUT /accounts/{id}/users/{username}"},
			Delete: []api.Operation{"DELETE /accounts/{id}/users/{username}"},
		},
		IdentityOf: func(m *accountUserModel) []string {
			return []string{m.AccountID.ValueString(), m.Username.ValueString()}
		},
		PlanChecks: planDemotion,
	})}
}

type accountUserResource struct {
	common.Resource[accountUserModel]
}

func checkMemberUsername(s string) error {
	return common.CheckPart("username", s, api.PlatformUsernamePattern)
}

const (
	demotionSummary = "Demoting an account admin replaces the membership"
	demotionDetail  = "The admin API refuses to revoke admin privileges (409 conflict), so this membership is replaced: " +
		"removed and added again as user. The account must keep another admin while it has other members."
	lastAdminRule = "The API refuses to remove an account's last admin while other members remain. " +
		"Make another member admin first (role = \"admin\" on another adminapi_account_user), " +
		"or remove the other members first, then apply again."
)

func (r *accountUserResource) Schema(_ context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	replace := []planmodifier.String{stringplanmodifier.RequiresReplace()}
	resp.Schema = schema.Schema{
		MarkdownDescription: r.Describe("A platform user's membership of an account, with its role. `user` to `admin` is changed in place; " +
			"`admin` to `user` replaces the membership (removed, then added as `user`), because the API refuses to revoke " +
			"admin privileges. An account's last admin cannot be removed while other members remain. " +
			"Import with the id `<account_id>/<username>`."),
		Attributes: map[string]schema.Attribute{
			"id": schema.StringAttribute{
				MarkdownDescription: "`<account_id>/<username>`; the import id.",
				Computed:            true,
				PlanModifiers:       []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
			"account_id": schema.StringAttribute{
				MarkdownDescription: "The account's id (a lowercase UUID, e.g. `adminapi_account.example.id`). Changing it replaces the membership.",
				Required:            true,
				PlanModifiers:       replace,
				Validators:          []validator.String{stringvalidator.RegexMatches(common.AccountIDPattern, "must be an account id: a lowercase UUID")},
			},
			"username": schema.StringAttribute{
				MarkdownDescription: "The platform user's username. Changing it replaces the membership. " +
					"Reference the user's `id` (`adminapi_platform_user.<name>.id`), not its `username`: when the user is " +
					"replaced, the platform deletes its account memberships with it, and only the id, unknown until the new " +
					"user exists, makes Terraform replace this membership in the same plan (`username` stays known: no change " +
					"would be planned and the membership would stay deleted).",
				Required:      true,
				PlanModifiers: replace,
				Validators: []validator.String{
					stringvalidator.RegexMatches(api.PlatformUsernamePattern, "must be 5 to 60 of a-z 0-9 -, starting and ending with a letter or digit"),
				},
			},
			"role": schema.StringAttribute{
				MarkdownDescription: "`user` or `admin`. `user` to `admin` is an in-place update; `admin` to `user` replaces the membership.",
				Required:            true,
				Validators:          []validator.String{stringvalidator.OneOf(api.MemberRoleUser, api.MemberRoleAdmin)},
			},
		},
	}
}

// planDemotion turns a demotion (admin to user), which the API refuses,
// into a replacement, and says so in the plan.
func planDemotion(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	if req.State.Raw.IsNull() || req.Plan.Raw.IsNull() {
		return
	}
	var stateRole, planRole types.String
	resp.Diagnostics.Append(req.State.GetAttribute(ctx, path.Root("role"), &stateRole)...)
	resp.Diagnostics.Append(req.Plan.GetAttribute(ctx, path.Root("role"), &planRole)...)
	if resp.Diagnostics.HasError() {
		return
	}
	if stateRole.ValueString() == api.MemberRoleAdmin && !planRole.IsUnknown() && planRole.ValueString() == api.MemberRoleUser {
		resp.RequiresReplace = append(resp.RequiresReplace, path.Root("role"))
		resp.Diagnostics.AddAttributeWarning(path.Root("role"), demotionSummary, demotionDetail)
	}
}

func (r *accountUserResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	plan, ok := r.Plan(ctx, req.Plan, &resp.Diagnostics)
	if !ok {
		return
	}
	accountID, username, role := plan.AccountID.ValueString(), plan.Username.ValueString(), plan.Role.ValueString()
	id := common.JoinID(accountID, username)
	o := r.Object(id)
	// The API's PUT adds or changes a member alike; with If-None-Match: * it
	// only adds, and the server alone decides which of concurrent creates of
	// one membership (in this run or in another state) wins: an existing
	// membership is imported rather than silently taken over.
	member, err := r.Client.CreateAccountMember(ctx, accountID, username, role)
	switch {
	case client.IsPreconditionFailed(err):
		common.Refused(&resp.Diagnostics, "create", o, "already exists", memberExistsDetail(id, err))
		return
	case err != nil:
		addMemberWriteError(&resp.Diagnostics, "create", accountID, username, err)
		return
	}
	m := newAccountUserModel(accountID, member.Username, member.Role)
	r.Save(ctx, &resp.State, resp.Identity, &m, &resp.Diagnostics)
}

// addMemberWriteError reports a failed create or update (verb) of the
// membership: a 404 names the attribute, account_id or username, whose
// object does not exist, as the API's message tells.
func addMemberWriteError(diags *diag.Diagnostics, verb, accountID, username string, err error) {
	o := common.Object{Kind: "account membership", Name: common.JoinID(accountID, username)}
	apiErr, ok := client.AsAPIError(err)
	if ok && client.IsNotFound(err) {
		switch {
		case strings.HasPrefix(apiErr.Message, "the account "):
			diags.AddAttributeError(path.Root("account_id"), common.Title(verb, o, "no such account"),
				fmt.Sprintf("No account has id = %q.\n\nAPI answer: %v", accountID, err))
			return
		case strings.HasPrefix(apiErr.Message, "the platform user "):
			diags.AddAttributeError(path.Root("username"), common.Title(verb, o, "no such platform user"),
				fmt.Sprintf("No platform user has username = %q.\n\nAPI answer: %v", username, err))
			return
		}
	}
	common.Failed(diags, verb, o, err)
}

// memberExistsDetail says how to import the membership id, which err, the
// API's 412, says exists.
func memberExistsDetail(id string, err error) string {
	return fmt.Sprintf("%v\n\n"+
		"To manage the existing membership with Terraform, import it instead of creating it:\n\n"+
		"  terraform import adminapi_account_user.<name> %s\n\nor with an import block:\n\n"+
		"  import {\n    to = adminapi_account_user.<name>\n    id = %q\n  }", err, id, id)
}

func (r *accountUserResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	state, ok := r.State(ctx, req.State, &resp.Diagnostics)
	if !ok {
		return
	}
	accountID, username := state.AccountID.ValueString(), state.Username.ValueString()
	r.SetIdentity(ctx, resp.Identity, &state, &resp.Diagnostics)
	member, ok := common.ReadOrRemove(ctx, resp, r.Object(common.JoinID(accountID, username)),
		func() (*api.AccountMember, error) { return r.Client.GetAccountMember(ctx, accountID, username) })
	if !ok {
		return
	}
	m := newAccountUserModel(accountID, member.Username, member.Role)
	r.Save(ctx, &resp.State, nil, &m, &resp.Diagnostics)
}

// Update only ever promotes: a demotion is planned as a replacement.
func (r *accountUserResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	plan, ok := r.Plan(ctx, req.Plan, &resp.Diagnostics)
	if !ok {
		return
	}
	accountID, username := plan.AccountID.ValueString(), plan.Username.ValueString()
	member, err := r.Client.SetAccountMember(ctx, accountID, username, plan.Role.ValueString())
	switch {
	case client.IsConflict(err):
		// Only when the role was unknown at plan time, so no replacement was planned.
		common.Refused(&resp.Diagnostics, "update", r.Object(common.JoinID(accountID, username)), "demotion refused",
			fmt.Sprintf("%v\n\n%s Plan again with the role known to get that replacement.", err, demotionDetail))
		return
	case err != nil:
		addMemberWriteError(&resp.Diagnostics, "update", accountID, username, err)
		return
	}
	m := newAccountUserModel(accountID, member.Username, member.Role)
	r.Save(ctx, &resp.State, resp.Identity, &m, &resp.Diagnostics)
}

func (r *accountUserResource) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	state, ok := r.State(ctx, req.State, &resp.Diagnostics)
	if !ok {
		return
	}
	accountID, username := state.AccountID.ValueString(), state.Username.ValueString()
	o := r.Object(common.JoinID(accountID, username))
	err := removeAccountMember(ctx, r.Client, accountID, username)
	switch {
	case err == nil, client.IsNotFound(err):
	case client.IsConflict(err):
		common.Refused(&resp.Diagnostics, "delete", o, "last admin", fmt.Sprintf("%v\n\n%s", err, lastAdminRule))
	default:
		common.DeleteFailed(&resp.Diagnostics, o, err)
	}
}
