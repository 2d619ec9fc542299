package role

import (
	"context"
	"fmt"
	"slices"

	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/identityschema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"

	"github.com/adminapi/terraform-provider-adminapi/internal/api"
	"github.com/adminapi/terraform-provider-adminapi/internal/client"
	"github.com/adminapi/terraform-provider-adminapi/internal/provider/common"
)

var (
	_ resource.ResourceWithConfigure   = (*userRoleResource)(nil)
	_ resource.ResourceWithImportState = (*userRoleResource)(nil)
	_ resource.ResourceWithIdentity    = (*userRoleResource)(nil)
)

// NewUserRoleResource is the factory of adminapi_user_role.
func NewUserRoleResource() resource.Resource { return &userRoleResource{} }

type userRoleResource struct {
	common.ClientHolder
}

func (r *userRoleResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_user_role"
}

func (r *userRoleResource) Schema(_ context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	replace := []planmodifier.String{stringplanmodifier.RequiresReplace()}
	resp.Schema = schema.Schema{
		MarkdownDescription: "One role assigned to one platform user. A user may hold many roles, each its own resource. " +
			"Set `username` from the user's id (`adminapi_platform_user.<name>.id`): replacing the user deletes its role " +
			"assignments, and the unknown id replaces this assignment with it. Import with the id `<username>/<role>`.",
		Attributes: map[string]schema.Attribute{
			"id": schema.StringAttribute{
				MarkdownDescription: "`<username>/<role>`; the import id.",
				Computed:            true,
				PlanModifiers:       []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
			"username": schema.StringAttribute{
				MarkdownDescription: "The platform user's username. Changing it replaces the assignment. " +
					"Reference the user's `id` (`adminapi_platform_user.<name>.id`), not its `username`: when the user is " +
					"replaced, the platform deletes its role assignments with it, and only the id, unknown until the new user " +
					"exists, makes Terraform replace this assignment in the same plan (`username` stays known: no change " +
					"would be planned and the assignment would stay deleted).",
				Required:      true,
				PlanModifiers: replace,
				Validators: []validator.String{
					stringvalidator.RegexMatches(api.PlatformUsernamePattern, "must be 5 to 60 of a-z 0-9 -, starting and ending with a letter or digit"),
				},
			},
			"role": schema.StringAttribute{
				MarkdownDescription: "The role's name. Changing it replaces the assignment.",
				Required:            true,
				PlanModifiers:       replace,
				Validators: []validator.String{
					stringvalidator.RegexMatches(api.RoleNamePattern, "must be 1 to 63 of a-z 0-9 _ -, starting with a letter or digit"),
				},
			},
		},
	}
}

func (r *userRoleResource) IdentitySchema(_ context.Context, _ resource.IdentitySchemaRequest, resp *resource.IdentitySchemaResponse) {
	resp.IdentitySchema = identityschema.Schema{
		Attributes: map[string]identityschema.Attribute{
			"username": identityschema.StringAttribute{RequiredForImport: true, Description: "The platform user's username."},
			"role":     identityschema.StringAttribute{RequiredForImport: true, Description: "The role's name."},
		},
	}
}

func (r *userRoleResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	var plan userRoleModel
	resp.Diagnostics.Append(common.GetPlan(ctx, req.Plan, &plan)...)
	if resp.Diagnostics.HasError() {
		return
	}
	username, role := plan.Username.ValueString(), plan.Role.ValueString()
	if _, err := r.Client.AssignRole(ctx, username, role); err != nil {
		what := fmt.Sprintf("Assignment of role %s to %s", role, username)
		if !common.KeepIfMayHaveActed(ctx, resp, err, what, newUserRoleModel(username, role), userRoleIdentity(username, role)) {
			common.AddCreateError(&resp.Diagnostics, "adminapi_user_role", what, common.JoinID(username, role), err)
		}
		return
	}
	resp.Diagnostics.Append(common.SetState(ctx, &resp.State, newUserRoleModel(username, role))...)
	common.SetIdentity(ctx, resp.Identity, userRoleIdentity(username, role), &resp.Diagnostics)
}

func (r *userRoleResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	var state userRoleModel
	resp.Diagnostics.Append(common.GetState(ctx, req.State, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	username, role := state.Username.ValueString(), state.Role.ValueString()
	// Before the lookup: state written without identity gains it even when
	// the assignment turns out gone.
	common.SetIdentity(ctx, resp.Identity, userRoleIdentity(username, role), &resp.Diagnostics)
	user, ok := common.ReadOrRemove(ctx, resp, "platform user "+username,
		func() (*api.PlatformUser, error) { return r.Client.GetPlatformUser(ctx, username) })
	if !ok {
		return
	}
	if !slices.Contains(user.Roles, role) {
		resp.State.RemoveResource(ctx)
		return
	}
	resp.Diagnostics.Append(common.SetState(ctx, &resp.State, newUserRoleModel(username, role))...)
}

// Update is never called with a change: both attributes force replacement.
func (r *userRoleResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	var plan userRoleModel
	resp.Diagnostics.Append(common.GetPlan(ctx, req.Plan, &plan)...)
	resp.Diagnostics.Append(common.SetState(ctx, &resp.State, plan)...)
	common.SetIdentity(ctx, resp.Identity, userRoleIdentity(plan.Username.ValueString(), plan.Role.ValueString()), &resp.Diagnostics)
}

func (r *userRoleResource) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	var state userRoleModel
	resp.Diagnostics.Append(common.GetState(ctx, req.State, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	username, role := state.Username.ValueString(), state.Role.ValueString()
	if err := r.Client.UnassignRole(ctx, username, role); err != nil && !client.IsNotFound(err) {
		resp.Diagnostics.AddError(fmt.Sprintf("Could not unassign role %s from %s", role, username), err.Error())
	}
}

func (r *userRoleResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	var username, role string
	var err error
	var identity userRoleIdentityModel
	if common.ImportedByIdentity(ctx, req, &identity, &resp.Diagnostics) {
		username, role = identity.Username.ValueString(), identity.Role.ValueString()
		err = checkUserRoleParts(username, role)
	} else {
		username, role, err = parseUserRoleID(req.ID)
	}
	if resp.Diagnostics.HasError() {
		return
	}
	if err != nil {
		resp.Diagnostics.AddError(common.InvalidImportTitle(req), err.Error())
		return
	}
	resp.Diagnostics.Append(common.SetState(ctx, &resp.State, newUserRoleModel(username, role))...)
	common.SetIdentity(ctx, resp.Identity, userRoleIdentity(username, role), &resp.Diagnostics)
}

// parseUserRoleID parses "<username>/<role>" and checks both parts.
func parseUserRoleID(id string) (username, role string, err error) {
	parts, err := common.SplitID(id, "username", "role")
	if err != nil {
		return "", "", err
	}
	if err := checkUserRoleParts(parts[0], parts[1]); err != nil {
		return "", "", fmt.Errorf("expected %s: %w", common.IDForm("username", "role"), err)
	}
	return parts[0], parts[1], nil
}

// checkUserRoleParts checks the username and role that name an assignment.
func checkUserRoleParts(username, role string) error {
	if err := common.CheckPart("username", username, api.PlatformUsernamePattern); err != nil {
		return err
	}
	return common.CheckPart("role", role, api.RoleNamePattern)
}
