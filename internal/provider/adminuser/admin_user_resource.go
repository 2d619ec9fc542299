package adminuser

import (
	"context"
	"fmt"
	"maps"

	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
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

var (
	_ common.ResourceType                   = (*adminUserResource)(nil)
	_ resource.ResourceWithConfigValidators = (*adminUserResource)(nil)
	_ resource.ResourceWithUpgradeState     = (*adminUserResource)(nil)
)

// adminUserIdentity is adminapi_admin_user's identity and import id: the
// username.
var adminUserIdentity = common.Identity{{
	Name: "username", Description: "The admin user's username.",
	Parse: common.Matching(checkAdminUsername), Attributes: []string{"username"},
}}

func checkAdminUsername(s string) error {
	if !api.AdminUsernamePattern.MatchString(s) {
		return fmt.Errorf("expected an admin username (3 to 64 of a-z 0-9 . _ -, starting with a letter or digit), got %q", s)
	}
	return nil
}

var adminUserPassword = common.SecretTrio{
	Name:        "password",
	Description: "The admin user's password, 8 to 256 characters.",
	Validators:  []validator.String{stringvalidator.UTF8LengthBetween(api.AdminPasswordMin, api.AdminPasswordMax)},
	Required:    true,
}

// NewAdminUserResource is the adminapi_admin_user resource.
func NewAdminUserResource() resource.Resource {
	return &adminUserResource{common.NewResource(common.ResourceSpec[adminUserModel]{
		Name: "admin_user", Kind: "admin user", Identity: adminUserIdentity,
		IdentityOf: func(m *adminUserModel) []string { return []string{m.ID.ValueString()} },
		Needs: common.Needs{
			Read: []api.Operation{"GET /users/{username}"}, Create: []api.Operation{"POST /users"},
			Update: []api.Operation{"PUT /users/{username}/permissions", "POST /users/{username}/reset-password", "GET /users/{username}"},
			Delete: []api.Operation{"DELETE /users/{username}"},
		},
		UpdateNeeds: adminUserUpdateNeeds,
		PlanChecks:  adminUserPassword.PlanCheck,
	})}
}

type adminUserResource struct {
	common.Resource[adminUserModel]
}

func (r *adminUserResource) ConfigValidators(context.Context) []resource.ConfigValidator {
	return adminUserPassword.ConfigValidators()
}

func (r *adminUserResource) Schema(_ context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
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
		"permissions": schema.MapAttribute{
			ElementType: adminPermissionsElemType,
			Required:    true,
			MarkdownDescription: "What the admin user may do: a map from permission group to the set of its permissions, " +
				adminPermissionGroupsDoc() + ". A group left out (or empty) means none; any other key is an error. " +
				"A caller can only grant permissions it holds itself. Changed in place.",
			Validators: []validator.Map{permissionsValidator{}},
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
		Version: adminUserSchemaVersion,
		MarkdownDescription: r.Describe("An admin user of the platform's admin API: someone (or something) that logs in to manage " +
			"settings, platform users and accounts, with a set of permissions. Set the password with `password_wo` and " +
			"`password_wo_version` (Terraform 1.11+) to keep it out of the state."),
		Attributes: attrs,
	}
}

func (r *adminUserResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	plan, ok := r.Plan(ctx, req.Plan, &resp.Diagnostics)
	if !ok {
		return
	}
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
		if !r.KeepIfMayHaveActed(ctx, resp, err, username, &plan) {
			common.AddCreateError(&resp.Diagnostics, r.TypeName(), r.Object(username), username, err, "username")
		}
		return
	}
	resp.Diagnostics.Append(flattenAdminUser(u, &plan)...)
	r.Save(ctx, &resp.State, resp.Identity, &plan, &resp.Diagnostics)
}

func (r *adminUserResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	state, ok := r.State(ctx, req.State, &resp.Diagnostics)
	if !ok {
		return
	}
	username := state.ID.ValueString()
	r.SetIdentity(ctx, resp.Identity, &state, &resp.Diagnostics)
	u, ok := common.ReadOrRemove(ctx, resp, r.Object(username),
		func() (*api.AdminUser, error) { return r.Client.GetAdminUser(ctx, username) })
	if !ok {
		return
	}
	resp.Diagnostics.Append(flattenAdminUser(u, &state)...)
	r.Save(ctx, &resp.State, nil, &state, &resp.Diagnostics)
}

func (r *adminUserResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	plan, ok := r.Plan(ctx, req.Plan, &resp.Diagnostics)
	if !ok {
		return
	}
	state, ok := r.State(ctx, req.State, &resp.Diagnostics)
	if !ok {
		return
	}
	passwordChanged, diags := adminUserPassword.Changed(ctx, req.Plan, req.State)
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	username := state.ID.ValueString()
	o := r.Object(username)
	if !sameAdminPermissions(ctx, plan.Permissions, state.Permissions) {
		perms, diags := expandAdminPermissions(ctx, plan.Permissions)
		resp.Diagnostics.Append(diags...)
		if resp.Diagnostics.HasError() {
			return
		}
		if _, err := r.Client.UpdateAdminUserPermissions(ctx, username, perms); err != nil {
			common.Failed(&resp.Diagnostics, "change the permissions of", o, err)
			return
		}
	}
	if passwordChanged {
		password, ok := adminUserPassword.Resent(ctx, req.Config, &resp.Diagnostics)
		if !ok {
			return
		}
		if _, err := r.Client.ResetAdminUserPassword(ctx, username, &password); err != nil {
			common.Failed(&resp.Diagnostics, "set the password of", o, err)
			return
		}
	}
	u, err := r.Client.GetAdminUser(ctx, username)
	if err != nil {
		common.ReadFailed(&resp.Diagnostics, o, err)
		return
	}
	resp.Diagnostics.Append(flattenAdminUser(u, &plan)...)
	r.Save(ctx, &resp.State, resp.Identity, &plan, &resp.Diagnostics)
}

func (r *adminUserResource) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	state, ok := r.State(ctx, req.State, &resp.Diagnostics)
	if !ok {
		return
	}
	username := state.ID.ValueString()
	if err := r.Client.DeleteAdminUser(ctx, username); err != nil && !client.IsNotFound(err) {
		common.DeleteFailed(&resp.Diagnostics, r.Object(username), err)
	}
}

// adminUserUpdateNeeds are the operations an update calls: changing the
// permissions (not when only the keys of empty groups change), setting the
// password, then reading the admin user back.
func adminUserUpdateNeeds(prior, planned *adminUserModel) []api.Operation {
	var ops []api.Operation
	if !sameAdminPermissions(context.Background(), planned.Permissions, prior.Permissions) {
		ops = append(ops, "PUT /users/{username}/permissions")
	}
	if !planned.Password.Equal(prior.Password) || !planned.PasswordWOVersion.Equal(prior.PasswordWOVersion) {
		ops = append(ops, "POST /users/{username}/reset-password")
	}
	return append(ops, "GET /users/{username}")
}
