package role

import (
	"context"
	"fmt"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/path"
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
	_ resource.ResourceWithConfigure   = (*roleResource)(nil)
	_ resource.ResourceWithImportState = (*roleResource)(nil)
	_ resource.ResourceWithIdentity    = (*roleResource)(nil)
)

// NewRoleResource is the factory of adminapi_role.
func NewRoleResource() resource.Resource { return &roleResource{} }

type roleResource struct {
	common.ClientHolder
}

func (r *roleResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_role"
}

func (r *roleResource) Schema(_ context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "A role that platform users can hold (Datasentinel's roles). Assign it with `adminapi_user_role`. " +
			"A role cannot be deleted while it is assigned: destroy its `adminapi_user_role` resources first " +
			"(Terraform does so on its own when they refer to this role).",
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

func (r *roleResource) IdentitySchema(_ context.Context, _ resource.IdentitySchemaRequest, resp *resource.IdentitySchemaResponse) {
	resp.IdentitySchema = identityschema.Schema{
		Attributes: map[string]identityschema.Attribute{
			"name": identityschema.StringAttribute{RequiredForImport: true, Description: "The role's name."},
		},
	}
}

func (r *roleResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	var plan roleModel
	resp.Diagnostics.Append(common.GetPlan(ctx, req.Plan, &plan)...)
	if resp.Diagnostics.HasError() {
		return
	}
	role, err := r.Client.CreateRole(ctx, expandCreateRole(plan))
	if err != nil {
		name := plan.Name.ValueString()
		plan.ID = plan.Name
		if !common.KeepIfMayHaveActed(ctx, resp, err, "Role "+name, &plan, roleIdentity(name)) {
			common.AddCreateError(&resp.Diagnostics, "adminapi_role", "Role "+name, name, err)
		}
		return
	}
	resp.Diagnostics.Append(common.SetState(ctx, &resp.State, flattenRole(*role, plan.Description))...)
	common.SetIdentity(ctx, resp.Identity, roleIdentity(role.Name), &resp.Diagnostics)
}

func (r *roleResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	var state roleModel
	resp.Diagnostics.Append(common.GetState(ctx, req.State, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	name := state.ID.ValueString()
	// Before the lookup: state written without identity gains it even when
	// the role turns out gone.
	common.SetIdentity(ctx, resp.Identity, roleIdentity(name), &resp.Diagnostics)
	role, ok := common.ReadOrRemove(ctx, resp, "role "+name, func() (*api.Role, error) { return r.Client.GetRole(ctx, name) })
	if !ok {
		return
	}
	resp.Diagnostics.Append(common.SetState(ctx, &resp.State, flattenRole(*role, state.Description))...)
}

func (r *roleResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	var plan roleModel
	resp.Diagnostics.Append(common.GetPlan(ctx, req.Plan, &plan)...)
	if resp.Diagnostics.HasError() {
		return
	}
	// A null description is sent as "", which clears it.
	role, err := r.Client.UpdateRole(ctx, plan.Name.ValueString(), plan.Description.ValueString())
	if err != nil {
		resp.Diagnostics.AddError("Could not update role "+plan.Name.ValueString(), err.Error())
		return
	}
	resp.Diagnostics.Append(common.SetState(ctx, &resp.State, flattenRole(*role, plan.Description))...)
	common.SetIdentity(ctx, resp.Identity, roleIdentity(role.Name), &resp.Diagnostics)
}

func (r *roleResource) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	var state roleModel
	resp.Diagnostics.Append(common.GetState(ctx, req.State, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	name := state.ID.ValueString()
	err := r.Client.DeleteRole(ctx, name)
	switch {
	case err == nil, client.IsNotFound(err):
	case client.IsConflict(err):
		resp.Diagnostics.AddError("Role "+name+" is still assigned", roleAssignedDetail(name, err, r.holders(ctx, name)))
	default:
		resp.Diagnostics.AddError("Could not delete role "+name, err.Error())
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

func (r *roleResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	name := req.ID
	var identity roleIdentityModel
	if common.ImportedByIdentity(ctx, req, &identity, &resp.Diagnostics) {
		name = identity.Name.ValueString()
	}
	if resp.Diagnostics.HasError() {
		return
	}
	if err := common.CheckPart("role name", name, api.RoleNamePattern); err != nil {
		resp.Diagnostics.AddError(common.InvalidImportTitle(req), fmt.Sprintf("expected <name>: %v", err))
		return
	}
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("id"), name)...)
	common.SetIdentity(ctx, resp.Identity, roleIdentity(name), &resp.Diagnostics)
}
