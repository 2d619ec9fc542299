package adminuser

import (
	"context"
	"fmt"
	"maps"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework-validators/setvalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/identityschema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/setdefault"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/adminapi/terraform-provider-adminapi/internal/api"
	"github.com/adminapi/terraform-provider-adminapi/internal/client"
	"github.com/adminapi/terraform-provider-adminapi/internal/provider/common"
)

var (
	_ resource.ResourceWithConfigure   = (*adminUserResource)(nil)
	_ resource.ResourceWithImportState = (*adminUserResource)(nil)
	_ resource.ResourceWithIdentity    = (*adminUserResource)(nil)
)

const adminUserType = "adminapi_admin_user"

var adminUserPassword = common.SecretTrio{
	Name:        "password",
	Description: "The admin user's password, 8 to 256 characters.",
	Validators:  []validator.String{stringvalidator.UTF8LengthBetween(api.AdminPasswordMin, api.AdminPasswordMax)},
	Required:    true,
}

// NewResource is the adminapi_admin_user resource.
func NewResource() resource.Resource { return &adminUserResource{} }

type adminUserResource struct {
	common.ClientHolder
}

func (r *adminUserResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_admin_user"
}

func (r *adminUserResource) Schema(_ context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	groups := make(map[string]schema.Attribute, len(adminPermissionGroups))
	for _, g := range adminPermissionGroups {
		allowed := api.PermissionGroups[g.group]
		groups[g.attr] = schema.SetAttribute{
			ElementType: types.StringType,
			Optional:    true,
			Computed:    true,
			Default:     setdefault.StaticValue(types.SetValueMust(types.StringType, nil)),
			MarkdownDescription: fmt.Sprintf("Permissions of the API group `%s`: any of `%s`. Omitted means none.",
				g.group, strings.Join(allowed, "`, `")),
			Validators: []validator.Set{setvalidator.ValueStringsAre(stringvalidator.OneOf(allowed...))},
		}
	}
	attrs := map[string]schema.Attribute{
		"id": schema.StringAttribute{
			Computed:            true,
			MarkdownDescription: "The username; the id to import the admin user with.",
			PlanModifiers:       []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
		},
		"username": schema.StringAttribute{
			Required: true,
			MarkdownDescription: "The admin user's login name: 3 to 64 of `a-z 0-9 . _ -`, starting with a letter or digit. " +
				"Changing it replaces the admin user.",
			PlanModifiers: []planmodifier.String{stringplanmodifier.RequiresReplace()},
			Validators:    []validator.String{usernameValidator()},
		},
		"permissions": schema.SingleNestedAttribute{
			Required: true,
			MarkdownDescription: "What the admin user may do, by API group. A caller can only grant permissions it holds itself. " +
				"Changed in place.",
			Attributes: groups,
		},
		"created_at": schema.StringAttribute{
			Computed:            true,
			MarkdownDescription: "When the admin user was created (RFC 3339).",
			PlanModifiers:       []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
		},
		"updated_at": schema.StringAttribute{
			Computed:            true,
			MarkdownDescription: "When the admin user was last changed (RFC 3339).",
		},
	}
	maps.Copy(attrs, adminUserPassword.Attributes())
	resp.Schema = schema.Schema{
		MarkdownDescription: "An admin user of the platform's admin API: someone (or something) that logs in to manage " +
			"settings, platform users and accounts, with a set of permissions. Set the password with `password_wo` and " +
			"`password_wo_version` (Terraform 1.11+) to keep it out of the state.",
		Attributes: attrs,
	}
}

func (r *adminUserResource) IdentitySchema(_ context.Context, _ resource.IdentitySchemaRequest, resp *resource.IdentitySchemaResponse) {
	resp.IdentitySchema = identityschema.Schema{
		Attributes: map[string]identityschema.Attribute{
			"username": identityschema.StringAttribute{
				RequiredForImport: true,
				Description:       "The admin user's username.",
			},
		},
	}
}

func (r *adminUserResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	var plan adminUserModel
	resp.Diagnostics.Append(common.GetPlan(ctx, req.Plan, &plan)...)
	password, ok, diags := adminUserPassword.FromConfig(ctx, req.Config)
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	if !ok {
		resp.Diagnostics.AddAttributeError(path.Root("password"), "Missing password",
			"password or password_wo is required to create an admin user.")
		return
	}
	perms, diags := expandAdminPermissions(ctx, plan.Permissions)
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	username := plan.Username.ValueString()
	u, err := r.Client.CreateAdminUser(ctx, api.CreateAdminUser{Username: username, Password: password, Permissions: perms})
	if err != nil {
		plan.ID = types.StringValue(username)
		if !common.KeepIfMayHaveActed(ctx, resp, err, "Admin user "+username, &plan, identityOf(username)) {
			common.AddCreateError(&resp.Diagnostics, adminUserType, "Admin user "+username, username, err, "username")
		}
		return
	}
	resp.Diagnostics.Append(flattenAdminUser(u, &plan)...)
	resp.Diagnostics.Append(common.SetState(ctx, &resp.State, &plan)...)
	common.SetIdentity(ctx, resp.Identity, identityOf(username), &resp.Diagnostics)
}

func (r *adminUserResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	var state adminUserModel
	resp.Diagnostics.Append(common.GetState(ctx, req.State, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	username := state.ID.ValueString()
	// Set before the read: state written without an identity gets one, also
	// when the read finds the admin user gone.
	common.SetIdentity(ctx, resp.Identity, identityOf(username), &resp.Diagnostics)
	u, ok := common.ReadOrRemove(ctx, resp, "admin user "+username,
		func() (*api.AdminUser, error) { return r.Client.GetAdminUser(ctx, username) })
	if !ok {
		return
	}
	resp.Diagnostics.Append(flattenAdminUser(u, &state)...)
	resp.Diagnostics.Append(common.SetState(ctx, &resp.State, &state)...)
}

func (r *adminUserResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	var plan, state adminUserModel
	resp.Diagnostics.Append(common.GetPlan(ctx, req.Plan, &plan)...)
	resp.Diagnostics.Append(common.GetState(ctx, req.State, &state)...)
	passwordChanged, diags := adminUserPassword.Changed(ctx, req.Plan, req.State)
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	username := state.ID.ValueString()
	if !plan.Permissions.Equal(state.Permissions) {
		perms, diags := expandAdminPermissions(ctx, plan.Permissions)
		resp.Diagnostics.Append(diags...)
		if resp.Diagnostics.HasError() {
			return
		}
		if _, err := r.Client.UpdateAdminUserPermissions(ctx, username, perms); err != nil {
			resp.Diagnostics.AddError("Could not change the permissions of admin user "+username, err.Error())
			return
		}
	}
	if passwordChanged {
		password, ok := adminUserPassword.Resent(ctx, req.Config, &resp.Diagnostics)
		if !ok {
			return
		}
		if _, err := r.Client.ResetAdminUserPassword(ctx, username, &password); err != nil {
			resp.Diagnostics.AddError("Could not set the password of admin user "+username, err.Error())
			return
		}
	}
	u, err := r.Client.GetAdminUser(ctx, username)
	if err != nil {
		resp.Diagnostics.AddError("Could not read admin user "+username, err.Error())
		return
	}
	resp.Diagnostics.Append(flattenAdminUser(u, &plan)...)
	resp.Diagnostics.Append(common.SetState(ctx, &resp.State, &plan)...)
	common.SetIdentity(ctx, resp.Identity, identityOf(username), &resp.Diagnostics)
}

func (r *adminUserResource) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	var state adminUserModel
	resp.Diagnostics.Append(common.GetState(ctx, req.State, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	if err := r.Client.DeleteAdminUser(ctx, state.ID.ValueString()); err != nil && !client.IsNotFound(err) {
		resp.Diagnostics.AddError("Could not delete admin user "+state.ID.ValueString(), err.Error())
	}
}

// ImportState imports by the username: the import id, or the identity's
// username (an import block with identity, Terraform 1.12+).
func (r *adminUserResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	const expected = "an admin username (3 to 64 of a-z 0-9 . _ -, starting with a letter or digit)"
	var identity usernameIdentity
	if common.ImportedByIdentity(ctx, req, &identity, &resp.Diagnostics) {
		if resp.Diagnostics.HasError() {
			return
		}
		if !api.AdminUsernamePattern.MatchString(identity.Username.ValueString()) {
			resp.Diagnostics.AddError(common.InvalidImportTitle(req),
				fmt.Sprintf("identity username: expected %s, got %q", expected, identity.Username.ValueString()))
			return
		}
		req.ID = identity.Username.ValueString()
	}
	common.ImportUsername(ctx, req, resp, api.AdminUsernamePattern, expected)
	if !resp.Diagnostics.HasError() {
		common.SetIdentity(ctx, resp.Identity, identityOf(req.ID), &resp.Diagnostics)
	}
}
