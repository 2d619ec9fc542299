package role

import (
	"context"
	"fmt"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"

	"github.com/adminapi/terraform-provider-adminapi/internal/api"
	"github.com/adminapi/terraform-provider-adminapi/internal/client"
	"github.com/adminapi/terraform-provider-adminapi/internal/provider/common"
)

var _ common.ResourceType = (*roleResource)(nil)

// roleIdentity is adminapi_role's identity and import id: the name.
var roleIdentity = common.Identity{{Name: "name", Description: "The role's name.", Parse: common.Matching(checkRoleName)}}

// NewRoleResource is the factory of adminapi_role.
func NewRoleResource() resource.Resource {
	return &roleResource{common.NewResource(common.ResourceSpec[roleModel]{
		Name: "role", Kind: "role", Identity: roleIdentity,
		IdentityOf: func(m *roleModel) []string { return []string{m.ID.ValueString()} },
		Needs: common.Needs{
			Read: []api.Operation{"GET /roles/{name}"}, Create: []api.Operation{"POST /roles"},
			Update: []api.Operation{"PATCH /roles/{name}"}, Delete: []api.Operation{"DELETE /roles/{name}"},
		},
	})}
}

type roleResource struct {
	common.Resource[roleModel]
}

func checkRoleName(name string) error {
	return common.CheckPart("role name", name, api.RoleNamePattern)
}

func (r *roleResource) Schema(_ context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: r.Describe("A role that platform users can hold (Datasentinel's roles). Assign it with `adminapi_user_role`. " +
			"A role cannot be deleted while it is assigned: destroy its `adminapi_user_role` resources first " +
			"(Terraform does so on its own when they refer to this role)."),
		Attributes: map[string]schema.Attribute{
			"id": schema.StringAttribute{
				MarkdownDescription: "The role's name; the import id.",
				Computed:            true,
				PlanModifiers:       []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
			"name": schema.StringAttribute{
				MarkdownDescription: "The role's name: 1 to 63 of `a-z 0-9 _ -`, starting with a letter or digit. Changing it replaces the role.",
				Required:            true,
				PlanModifiers:       []planmodifier.String{stringplanmodifier.RequiresReplace()},
				Validators:          []validator.String{roleNameValidator()},
			},
			"description": schema.StringAttribute{
				MarkdownDescription: fmt.Sprintf("What the role is for, at most %d characters. Removing it clears the description.", api.RoleDescriptionMax),
				Optional:            true,
				Validators:          []validator.String{stringvalidator.UTF8LengthAtMost(api.RoleDescriptionMax)},
			},
			"created_at": schema.StringAttribute{
				MarkdownDescription: "When the role was created (RFC 3339).",
				Computed:            true,
				PlanModifiers:       []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
		},
	}
}

func (r *roleResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	plan, ok := r.Plan(ctx, req.Plan, &resp.Diagnostics)
	if !ok {
		return
	}
	role, err := r.Client.CreateRole(ctx, expandCreateRole(plan))
	if err != nil {
		name := plan.Name.ValueString()
		plan.ID = plan.Name
		if !r.KeepIfMayHaveActed(ctx, resp, err, name, &plan) {
			common.AddCreateError(&resp.Diagnostics, r.TypeName(), r.Object(name), name, err)
		}
		return
	}
	m := flattenRole(*role, plan.Description)
	r.Save(ctx, &resp.State, resp.Identity, &m, &resp.Diagnostics)
}

func (r *roleResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	state, ok := r.State(ctx, req.State, &resp.Diagnostics)
	if !ok {
		return
	}
	name := state.ID.ValueString()
	r.SetIdentity(ctx, resp.Identity, &state, &resp.Diagnostics)
	role, ok := common.ReadOrRemove(ctx, resp, r.Object(name), func() (*api.Role, error) { return r.Client.GetRole(ctx, name) })
	if !ok {
		return
	}
	m := flattenRole(*role, state.Description)
	r.Save(ctx, &resp.State, nil, &m, &resp.Diagnostics)
}

func (r *roleResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	plan, ok := r.Plan(ctx, req.Plan, &resp.Diagnostics)
	if !ok {
		return
	}
	// A null description is sent as "", which clears it.
	role, err := r.Client.UpdateRole(ctx, plan.Name.ValueString(), plan.Description.ValueString())
	if err != nil {
		common.UpdateFailed(&resp.Diagnostics, r.Object(plan.Name.ValueString()), err)
		return
	}
	m := flattenRole(*role, plan.Description)
	r.Save(ctx, &resp.State, resp.Identity, &m, &resp.Diagnostics)
}

func (r *roleResource) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	state, ok := r.State(ctx, req.State, &resp.Diagnostics)
	if !ok {
		return
	}
	name := state.ID.ValueString()
	err := r.Client.DeleteRole(ctx, name)
	switch {
	case err == nil, client.IsNotFound(err):
	case client.IsConflict(err):
		common.Refused(&resp.Diagnostics, "delete", r.Object(name), "still assigned", roleAssignedDetail(name, err, r.holders(ctx, name)))
	default:
		common.DeleteFailed(&resp.Diagnostics, r.Object(name), err)
	}
}

// holders lists up to maxRoleHolders users holding the role, for the error
// message; a failure to list leaves it empty.
func (r *roleResource) holders(ctx context.Context, role string) []string {
	var names []string
	for u, err := range r.Client.PlatformUsers(ctx, api.PlatformUserFilter{Role: role}) {
		if err != nil || len(names) == maxRoleHolders {
			break
		}
		names = append(names, u.Username)
	}
	return names
}

const maxRoleHolders = 20

func roleAssignedDetail(role string, err error, holders []string) string {
	var b strings.Builder
	fmt.Fprintf(&b, "%v\n\nThe API refuses to delete a role while any platform user holds it. ", err)
	if len(holders) > 0 {
		fmt.Fprintf(&b, "It is assigned to: %s", strings.Join(holders, ", "))
		if len(holders) == maxRoleHolders {
			b.WriteString(" (and maybe more)")
		}
		b.WriteString(". ")
	}
	fmt.Fprintf(&b, "Remove those assignments first: destroy the adminapi_user_role resources with role = %q "+
		"(a reference such as role = adminapi_role.<name>.name makes Terraform order this on its own), "+
		"or unassign the role outside Terraform, then apply again.", role)
	return b.String()
}
