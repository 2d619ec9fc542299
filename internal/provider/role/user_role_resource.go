package role

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"

	"github.com/adminapi/terraform-provider-adminapi/internal/api"
	"github.com/adminapi/terraform-provider-adminapi/internal/client"
	"github.com/adminapi/terraform-provider-adminapi/internal/provider/common"
)

var _ common.ResourceType = (*userRoleResource)(nil)

// userRoleIdentity is adminapi_user_role's identity; its import id is
// "<username>/<role>".
var userRoleIdentity = common.Identity{
	{Name: "username", Description: "The platform user's username.", Parse: common.Matching(checkAssignedUsername), Attributes: []string{"username"}},
	{Name: "role", Description: "The role's name.", Parse: common.Matching(checkAssignedRole), Attributes: []string{"role"}},
}

// NewUserRoleResource is the factory of adminapi_user_role.
func NewUserRoleResource() resource.Resource {
	return &userRoleResource{common.NewResource(common.ResourceSpec[userRoleModel]{
		Name: "user_role", Kind: "role assignment", Identity: userRoleIdentity,
		IdentityOf: func(m *userRoleModel) []string { return []string{m.Username.ValueString(), m.Role.ValueString()} },
		Needs: common.Needs{
			Read:   []api.Operation{"GET /platform-users/{username}"},
			Create: []api.Operation{"POST /platform-users/{username}/roles/{role}"},
			Delete: []api.Operation{"DELETE /platform-users/{username}/roles/{role}"},
		},
	})}
}

type userRoleResource struct {
	common.Resource[userRoleModel]
}

func checkAssignedUsername(s string) error {
	return common.CheckPart("username", s, api.PlatformUsernamePattern)
}

func checkAssignedRole(s string) error { return common.CheckPart("role", s, api.RoleNamePattern) }

func (r *userRoleResource) Schema(_ context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	replace := []planmodifier.String{stringplanmodifier.RequiresReplace()}
	resp.Schema = schema.Schema{
		MarkdownDescription: r.Describe("One role assigned to one platform user. A user may hold many roles, each its own resource. " +
			"Set `username` from the user's id (`adminapi_platform_user.<name>.id`): replacing the user deletes its role " +
			"assignments, and the unknown id replaces this assignment with it. Import with the id `<username>/<role>`."),
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

func (r *userRoleResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	plan, ok := r.Plan(ctx, req.Plan, &resp.Diagnostics)
	if !ok {
		return
	}
	username, role := plan.Username.ValueString(), plan.Role.ValueString()
	m := newUserRoleModel(username, role)
	if _, err := r.Client.AssignRole(ctx, username, role); err != nil {
		if !r.KeepIfMayHaveActed(ctx, resp, err, m.ID.ValueString(), &m) {
			r.addCreateError(&resp.Diagnostics, username, role, m.ID.ValueString(), err)
		}
		return
	}
	r.Save(ctx, &resp.State, resp.Identity, &m, &resp.Diagnostics)
}

// addCreateError reports a failed assignment: a 404 names the attribute,
// username or role, whose object does not exist, as the API's message
// tells.
func (r *userRoleResource) addCreateError(diags *diag.Diagnostics, username, role, id string, err error) {
	o := r.Object(id)
	if apiErr, ok := client.AsAPIError(err); ok && client.IsNotFound(err) {
		switch {
		case strings.HasPrefix(apiErr.Message, "the platform user "):
			diags.AddAttributeError(path.Root("username"), common.Title("create", o, "no such platform user"),
				fmt.Sprintf("No platform user has username = %q.\n\nAPI answer: %v", username, err))
			return
		case strings.HasPrefix(apiErr.Message, "the role "):
			diags.AddAttributeError(path.Root("role"), common.Title("create", o, "no such role"),
				fmt.Sprintf("No role has name = %q.\n\nAPI answer: %v", role, err))
			return
		}
	}
	common.AddCreateError(diags, r.TypeName(), o, id, err)
}

func (r *userRoleResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	state, ok := r.State(ctx, req.State, &resp.Diagnostics)
	if !ok {
		return
	}
	username, role := state.Username.ValueString(), state.Role.ValueString()
	r.SetIdentity(ctx, resp.Identity, &state, &resp.Diagnostics)
	user, ok := common.ReadOrRemove(ctx, resp, r.Object(state.ID.ValueString()),
		func() (*api.PlatformUser, error) { return r.Client.GetPlatformUser(ctx, username) })
	if !ok {
		return
	}
	if !slices.Contains(user.Roles, role) {
		resp.State.RemoveResource(ctx)
		return
	}
	m := newUserRoleModel(username, role)
	r.Save(ctx, &resp.State, nil, &m, &resp.Diagnostics)
}

// Update is never called with a change: both attributes force replacement.
func (r *userRoleResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	plan, ok := r.Plan(ctx, req.Plan, &resp.Diagnostics)
	if ok {
		r.Save(ctx, &resp.State, resp.Identity, &plan, &resp.Diagnostics)
	}
}

func (r *userRoleResource) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	state, ok := r.State(ctx, req.State, &resp.Diagnostics)
	if !ok {
		return
	}
	err := r.Client.UnassignRole(ctx, state.Username.ValueString(), state.Role.ValueString())
	if err != nil && !client.IsNotFound(err) {
		common.DeleteFailed(&resp.Diagnostics, r.Object(state.ID.ValueString()), err)
	}
}
