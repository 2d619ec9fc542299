package account

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/identityschema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/adminapi/terraform-provider-adminapi/internal/api"
	"github.com/adminapi/terraform-provider-adminapi/internal/client"
	"github.com/adminapi/terraform-provider-adminapi/internal/provider/common"
)

var (
	_ resource.ResourceWithConfigure   = (*accountUserResource)(nil)
	_ resource.ResourceWithImportState = (*accountUserResource)(nil)
	_ resource.ResourceWithModifyPlan  = (*accountUserResource)(nil)
	_ resource.ResourceWithIdentity    = (*accountUserResource)(nil)
)

// NewAccountUserResource is the factory of adminapi_account_user.
func NewAccountUserResource() resource.Resource { return &accountUserResource{} }

type accountUserResource struct {
	common.ClientHolder
}

const (
	demotionSummary = "Demoting an account admin replaces the membership"
	demotionDetail  = "The admin API refuses to revoke admin privileges (409 conflict), so this membership is replaced: " +
		"removed and added again as user. The account must keep another admin while it has other members."
	lastAdminRule = "The API refuses to remove an account's last admin while other members remain. " +
		"Make another member admin first (role = \"admin\" on another adminapi_account_user), " +
		"or remove the other members first, then apply again."
)

func (r *accountUserResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_account_user"
}

func (r *accountUserResource) Schema(_ context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	replace := []planmodifier.String{stringplanmodifier.RequiresReplace()}
	resp.Schema = schema.Schema{
		MarkdownDescription: "A platform user's membership of an account, with its role. `user` to `admin` is changed in place; " +
			"`admin` to `user` replaces the membership (removed, then added as `user`), because the API refuses to revoke " +
			"admin privileges. An account's last admin cannot be removed while other members remain. " +
			"Import with the id `<account_id>/<username>`.",
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

func (r *accountUserResource) IdentitySchema(_ context.Context, _ resource.IdentitySchemaRequest, resp *resource.IdentitySchemaResponse) {
	resp.IdentitySchema = identityschema.Schema{
		Attributes: map[string]identityschema.Attribute{
			"account_id": identityschema.StringAttribute{RequiredForImport: true, Description: "The account's id, a UUID."},
			"username":   identityschema.StringAttribute{RequiredForImport: true, Description: "The platform user's username."},
		},
	}
}

// ModifyPlan turns a demotion (admin to user), which the API refuses, into a
// replacement, and says so in the plan.
func (r *accountUserResource) ModifyPlan(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
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
	var plan accountUserModel
	resp.Diagnostics.Append(common.GetPlan(ctx, req.Plan, &plan)...)
	if resp.Diagnostics.HasError() {
		return
	}
	accountID, username, role := plan.AccountID.ValueString(), plan.Username.ValueString(), plan.Role.ValueString()
	// The API's PUT adds or changes a member alike: look first, so that an
	// existing membership is imported rather than silently taken over.
	defer lockMemberCreate(r.Client, accountID, username)()
	existing, err := r.Client.GetAccountMember(ctx, accountID, username)
	switch {
	case err == nil:
		resp.Diagnostics.AddError(fmt.Sprintf("Member %s of account %s already exists", username, accountID),
			memberExistsDetail(accountID, *existing))
		return
	case !client.IsNotFound(err):
		resp.Diagnostics.AddError(fmt.Sprintf("Could not add %s to account %s", username, accountID), err.Error())
		return
	}
	m, err := r.Client.SetAccountMember(ctx, accountID, username, role)
	if err != nil {
		resp.Diagnostics.AddError(fmt.Sprintf("Could not add %s to account %s", username, accountID), err.Error())
		return
	}
	resp.Diagnostics.Append(common.SetState(ctx, &resp.State, newAccountUserModel(accountID, m.Username, m.Role))...)
	common.SetIdentity(ctx, resp.Identity, accountUserIdentity(accountID, m.Username), &resp.Diagnostics)
}

func memberExistsDetail(accountID string, m api.AccountMember) string {
	id := common.JoinID(accountID, m.Username)
	return fmt.Sprintf("The platform user %s is already a member of account %s, with role %q.\n\n"+
		"To manage the existing membership with Terraform, import it instead of creating it:\n\n"+
		"  terraform import adminapi_account_user.<name> %s\n\nor with an import block:\n\n"+
		"  import {\n    to = adminapi_account_user.<name>\n    id = %q\n  }", m.Username, accountID, m.Role, id, id)
}

func (r *accountUserResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	var state accountUserModel
	resp.Diagnostics.Append(common.GetState(ctx, req.State, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	accountID, username := state.AccountID.ValueString(), state.Username.ValueString()
	// Before the lookup: state written without identity gains it even when
	// the membership turns out gone.
	common.SetIdentity(ctx, resp.Identity, accountUserIdentity(accountID, username), &resp.Diagnostics)
	m, ok := common.ReadOrRemove(ctx, resp, fmt.Sprintf("member %s of account %s", username, accountID),
		func() (*api.AccountMember, error) { return r.Client.GetAccountMember(ctx, accountID, username) })
	if !ok {
		return
	}
	resp.Diagnostics.Append(common.SetState(ctx, &resp.State, newAccountUserModel(accountID, m.Username, m.Role))...)
}

// Update only ever promotes: a demotion is planned as a replacement.
func (r *accountUserResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	var plan accountUserModel
	resp.Diagnostics.Append(common.GetPlan(ctx, req.Plan, &plan)...)
	if resp.Diagnostics.HasError() {
		return
	}
	accountID, username := plan.AccountID.ValueString(), plan.Username.ValueString()
	m, err := r.Client.SetAccountMember(ctx, accountID, username, plan.Role.ValueString())
	if err != nil {
		detail := err.Error()
		if client.IsConflict(err) {
			// Only when the role was unknown at plan time, so no replacement was planned.
			detail += "\n\n" + demotionDetail + " Plan again with the role known to get that replacement."
		}
		resp.Diagnostics.AddError(fmt.Sprintf("Could not change the role of %s in account %s", username, accountID), detail)
		return
	}
	resp.Diagnostics.Append(common.SetState(ctx, &resp.State, newAccountUserModel(accountID, m.Username, m.Role))...)
	common.SetIdentity(ctx, resp.Identity, accountUserIdentity(accountID, m.Username), &resp.Diagnostics)
}

func (r *accountUserResource) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	var state accountUserModel
	resp.Diagnostics.Append(common.GetState(ctx, req.State, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	accountID, username := state.AccountID.ValueString(), state.Username.ValueString()
	err := removeAccountMember(ctx, r.Client, accountID, username)
	switch {
	case err == nil, client.IsNotFound(err):
	case client.IsConflict(err):
		resp.Diagnostics.AddError(fmt.Sprintf("Cannot remove %s, the last admin of account %s", username, accountID),
			fmt.Sprintf("%v\n\n%s", err, lastAdminRule))
	default:
		resp.Diagnostics.AddError(fmt.Sprintf("Could not remove %s from account %s", username, accountID), err.Error())
	}
}

func (r *accountUserResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	var accountID, username string
	var err error
	var identity accountUserIdentityModel
	if common.ImportedByIdentity(ctx, req, &identity, &resp.Diagnostics) {
		accountID, username, err = checkAccountUserParts(identity.AccountID.ValueString(), identity.Username.ValueString())
	} else {
		accountID, username, err = parseAccountUserID(req.ID)
	}
	if resp.Diagnostics.HasError() {
		return
	}
	if err != nil {
		resp.Diagnostics.AddError(common.InvalidImportTitle(req), err.Error())
		return
	}
	m := newAccountUserModel(accountID, username, "")
	m.Role = types.StringNull()
	resp.Diagnostics.Append(common.SetState(ctx, &resp.State, m)...)
	common.SetIdentity(ctx, resp.Identity, accountUserIdentity(accountID, username), &resp.Diagnostics)
}

// parseAccountUserID parses "<account_id>/<username>" and checks both parts;
// the account id is answered in lowercase.
func parseAccountUserID(id string) (accountID, username string, err error) {
	parts, err := common.SplitID(id, "account_id", "username")
	if err != nil {
		return "", "", err
	}
	if accountID, username, err = checkAccountUserParts(parts[0], parts[1]); err != nil {
		return "", "", fmt.Errorf("expected %s: %w", common.IDForm("account_id", "username"), err)
	}
	return accountID, username, nil
}

// checkAccountUserParts checks the account id and username that name a
// membership; the account id is answered in lowercase.
func checkAccountUserParts(accountID, username string) (string, string, error) {
	id, err := common.ParseAccountID(accountID)
	if err != nil {
		return "", "", err
	}
	if err := common.CheckPart("username", username, api.PlatformUsernamePattern); err != nil {
		return "", "", err
	}
	return id, username, nil
}
