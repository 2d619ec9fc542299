package platformuser

import (
	"context"
	"fmt"
	"maps"

	"github.com/hashicorp/terraform-plugin-framework-validators/mapvalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/setvalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/identityschema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/booldefault"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/boolplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/int64planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/mapdefault"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/setdefault"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringdefault"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/adminapi/terraform-provider-adminapi/internal/api"
	"github.com/adminapi/terraform-provider-adminapi/internal/client"
	"github.com/adminapi/terraform-provider-adminapi/internal/provider/common"
)

var (
	_ resource.ResourceWithConfigure        = (*platformUserResource)(nil)
	_ resource.ResourceWithImportState      = (*platformUserResource)(nil)
	_ resource.ResourceWithModifyPlan       = (*platformUserResource)(nil)
	_ resource.ResourceWithConfigValidators = (*platformUserResource)(nil)
	_ resource.ResourceWithIdentity         = (*platformUserResource)(nil)
)

const platformUserType = "adminapi_platform_user"

var platformUserPassword = common.SecretTrio{
	Name:        "password",
	Description: "The platform user's password, 6 to 99 characters. Required to create a user unless `ldap = true`, forbidden for an LDAP user.",
	Validators:  []validator.String{stringvalidator.UTF8LengthBetween(api.PlatformPasswordMin, api.PlatformPasswordMax)},
}

// createOnlyAttributes are set at creation only: the API cannot change them.
// Omitted, they keep what the platform holds (an imported user's referer is
// no change), but a user created, or replaced for another reason, is created
// without them (createdWithout).
var createOnlyAttributes = map[string]schema.StringAttribute{
	"referer":          createOnlyAttribute("Who referred the user.", false),
	"invitation_token": createOnlyAttribute("The invitation token the user registered with (a secret: sensitive).", true),
}

func createOnlyAttribute(desc string, sensitive bool) schema.StringAttribute {
	return schema.StringAttribute{
		Optional:  true,
		Computed:  true,
		Sensitive: sensitive,
		MarkdownDescription: desc + " Set at creation only: changing it replaces the user. Omitting it keeps what the " +
			"platform holds, except when the user is replaced for another reason (a changed `username` or `ldap`, or `-replace`): the new " +
			"user is created without it, and the plan shows it going to null. Write it in the configuration to keep it " +
			"through a replacement.",
		PlanModifiers: []planmodifier.String{
			stringplanmodifier.UseStateForUnknown(),
			stringplanmodifier.RequiresReplace(),
		},
		Validators: []validator.String{stringvalidator.LengthAtLeast(1)},
	}
}

// platformUserDeletionHint tells how to allow deleting platform users.
var platformUserDeletionHint = fmt.Sprintf("The platform refuses to delete platform users: its setting %s.%s must contain %q. "+
	"Add it, for example with the adminapi_platform_settings resource:\n\n"+
	"  settings = {\n    %s = { %s = jsonencode([%q, \"personalToken\"]) }\n  }\n\nthen destroy again.",
	api.SettingsGroupAPI, api.SettingAccountDeletion, api.AccountDeletionAdminToken,
	api.SettingsGroupAPI, api.SettingAccountDeletion, api.AccountDeletionAdminToken)

// NewResource is the adminapi_platform_user resource.
func NewResource() resource.Resource { return &platformUserResource{} }

type platformUserResource struct {
	common.ClientHolder
}

func (r *platformUserResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_platform_user"
}

func (r *platformUserResource) ConfigValidators(context.Context) []resource.ConfigValidator {
	return []resource.ConfigValidator{platformUserLDAPValidator{}}
}

func (r *platformUserResource) Schema(_ context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	stable := func(desc string) schema.StringAttribute {
		return schema.StringAttribute{
			Computed:            true,
			MarkdownDescription: desc,
			PlanModifiers:       []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
		}
	}
	attrs := map[string]schema.Attribute{
		"id": stable("The username; the id to import the user with."),
		"username": schema.StringAttribute{
			Required: true,
			MarkdownDescription: "The user's name on the platform: 5 to 60 of `a-z 0-9 -`, starting and ending with a letter or digit. " +
				"Changing it replaces the user.",
			PlanModifiers: []planmodifier.String{stringplanmodifier.RequiresReplace()},
			Validators: []validator.String{stringvalidator.RegexMatches(api.PlatformUsernamePattern,
				"must be 5 to 60 of a-z 0-9 -, starting and ending with a letter or digit")},
		},
		"email": schema.StringAttribute{
			CustomType: common.EmailType{},
			Required:   true,
			MarkdownDescription: fmt.Sprintf("The user's e-mail address, at most %d characters, unique on the platform. "+
				"Addresses that differ only in letter case are the same: such a difference is no change.", api.EmailMax),
			Validators:    []validator.String{common.EmailValidator{}},
			PlanModifiers: []planmodifier.String{emailKeepPriorCase{}},
		},
		"name": schema.StringAttribute{
			Optional:            true,
			MarkdownDescription: fmt.Sprintf("The user's display name, at most %d characters.", api.NameMax),
			Validators:          []validator.String{stringvalidator.UTF8LengthBetween(1, api.NameMax)},
		},
		"language": schema.StringAttribute{
			Optional:            true,
			Computed:            true,
			Default:             stringdefault.StaticString(api.DefaultLanguage),
			MarkdownDescription: fmt.Sprintf("The user's language code, at most %d characters. Defaults to `%s`.", api.LanguageMax, api.DefaultLanguage),
			Validators:          []validator.String{stringvalidator.UTF8LengthBetween(1, api.LanguageMax)},
		},
		"external_id": schema.StringAttribute{
			Optional:            true,
			MarkdownDescription: fmt.Sprintf("The user's id at an identity provider (e.g. a SID), unique on the platform, at most %d characters.", api.ExternalIDMax),
			Validators:          []validator.String{stringvalidator.UTF8LengthBetween(1, api.ExternalIDMax)},
		},
		"tags": schema.SetAttribute{
			ElementType: types.StringType,
			Optional:    true,
			Computed:    true,
			Default:     setdefault.StaticValue(types.SetValueMust(types.StringType, nil)),
			MarkdownDescription: fmt.Sprintf("Tags of the user: at most %d, each %d to %d characters.",
				api.TagsMax, api.TagMin, api.TagMax),
			Validators: []validator.Set{
				setvalidator.SizeAtMost(api.TagsMax),
				setvalidator.ValueStringsAre(stringvalidator.UTF8LengthBetween(api.TagMin, api.TagMax)),
			},
		},
		"metadata": schema.MapAttribute{
			ElementType: types.StringType,
			Optional:    true,
			Computed:    true,
			Default:     mapdefault.StaticValue(types.MapValueMust(types.StringType, nil)),
			MarkdownDescription: fmt.Sprintf("Free-form metadata: at most %d keys, each value at most %d characters.",
				api.MetadataKeysMax, api.MetadataValueMax),
			Validators: []validator.Map{
				mapvalidator.SizeAtMost(api.MetadataKeysMax),
				mapvalidator.ValueStringsAre(stringvalidator.UTF8LengthAtMost(api.MetadataValueMax)),
			},
		},
		"enabled": schema.BoolAttribute{
			Optional:            true,
			Computed:            true,
			Default:             booldefault.StaticBool(true),
			MarkdownDescription: "Whether the user may use the platform (status `enabled`) or not (`disabled`). Defaults to `true`.",
		},
		"ldap": schema.BoolAttribute{
			Optional: true,
			Computed: true,
			Default:  booldefault.StaticBool(false),
			MarkdownDescription: "Whether the user authenticates with LDAP, elsewhere; an LDAP user has no password here. " +
				"Defaults to `false`. Changing it replaces the user.",
			PlanModifiers: []planmodifier.Bool{boolplanmodifier.RequiresReplace()},
		},
		"roles": schema.SetAttribute{
			ElementType: types.StringType,
			Computed:    true,
			MarkdownDescription: "The roles the user holds. Assign them with `adminapi_user_role`; this attribute " +
				"only reports them.",
		},
		"registered_timestamp": schema.Int64Attribute{
			Computed:            true,
			MarkdownDescription: "When the user registered, in Unix seconds.",
			PlanModifiers:       []planmodifier.Int64{int64planmodifier.UseStateForUnknown()},
		},
		"registered_date": stable("When the user registered, readable."),
		"server":          stable("The URL of the core machine that holds the user's data."),
		"created_at":      stable("When the user was created (RFC 3339)."),
		"updated_at": schema.StringAttribute{
			Computed:            true,
			MarkdownDescription: "When the user was last changed (RFC 3339).",
		},
	}
	maps.Copy(attrs, platformUserPassword.Attributes())
	for name, a := range createOnlyAttributes {
		attrs[name] = a
	}
	resp.Schema = schema.Schema{
		MarkdownDescription: "A user of the platform: its e-mail, profile, tags and metadata, status, and password " +
			"(or LDAP). Deleting platform users must be allowed by the platform setting " +
			"`API_SETTINGS.ACCOUNT_DELETION` (it must contain `adminToken`, as it does by default).",
		Attributes: attrs,
	}
}

func (r *platformUserResource) IdentitySchema(_ context.Context, _ resource.IdentitySchemaRequest, resp *resource.IdentitySchemaResponse) {
	resp.IdentitySchema = identityschema.Schema{
		Attributes: map[string]identityschema.Attribute{
			"username": identityschema.StringAttribute{
				RequiredForImport: true,
				Description:       "The platform user's username.",
			},
		},
	}
}

// ModifyPlan plans no change when nothing but the e-mail's letter case
// differs, and requires a password to create a user that is not an LDAP
// user. An imported user is not created and needs none. A user to create
// gets no create-only value it is not given, also when it replaces another.
func (r *platformUserResource) ModifyPlan(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	if req.Plan.Raw.IsNull() {
		return
	}
	if !req.State.Raw.IsNull() {
		s, ok := req.Plan.Schema.(schema.Schema)
		if !ok {
			resp.Diagnostics.AddError("Unexpected schema", fmt.Sprintf("expected a resource schema, got %T; please report this to the provider's maintainers", req.Plan.Schema))
			return
		}
		unknown, err := unknownOnChange(s, req.Config.Raw)
		if err != nil {
			resp.Diagnostics.AddError("Could not compare the plan with the prior state", err.Error())
			return
		}
		same, ok, err := samePlanAsPrior(req.Plan.Raw, req.State.Raw, unknown)
		if err != nil {
			resp.Diagnostics.AddError("Could not compare the plan with the prior state", err.Error())
			return
		}
		if ok {
			resp.Plan.Raw = same
		}
		return
	}
	resp.Diagnostics.Append(createdWithout(ctx, req.Config, &resp.Plan)...)
	if resp.Diagnostics.HasError() {
		return
	}
	var ldap types.Bool
	resp.Diagnostics.Append(req.Plan.GetAttribute(ctx, path.Root("ldap"), &ldap)...)
	if resp.Diagnostics.HasError() || ldap.IsUnknown() || ldap.ValueBool() {
		return
	}
	for _, name := range []string{platformUserPassword.Name, platformUserPassword.WoName()} {
		var pw types.String
		resp.Diagnostics.Append(req.Config.GetAttribute(ctx, path.Root(name), &pw)...)
		if resp.Diagnostics.HasError() || !pw.IsNull() {
			return
		}
	}
	resp.Diagnostics.AddAttributeError(path.Root("password"), "Missing password",
		"password or password_wo is required to create a platform user unless ldap = true.")
}

func (r *platformUserResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	var plan platformUserModel
	resp.Diagnostics.Append(common.GetPlan(ctx, req.Plan, &plan)...)
	password, ok, diags := platformUserPassword.FromConfig(ctx, req.Config)
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	var pw *string
	if ok && !plan.LDAP.ValueBool() {
		pw = &password
	}
	in, diags := expandPlatformUserCreate(ctx, plan, pw)
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	u, err := r.Client.CreatePlatformUser(ctx, in)
	if err != nil {
		plan.ID = types.StringValue(in.Username)
		if !common.KeepIfMayHaveActed(ctx, resp, err, "Platform user "+in.Username, &plan, identityOf(in.Username)) {
			common.AddCreateError(&resp.Diagnostics, platformUserType, "Platform user "+in.Username, in.Username, err, "username")
		}
		return
	}
	resp.Diagnostics.Append(flattenPlatformUser(u, &plan)...)
	resp.Diagnostics.Append(common.SetState(ctx, &resp.State, &plan)...)
	common.SetIdentity(ctx, resp.Identity, identityOf(in.Username), &resp.Diagnostics)
}

func (r *platformUserResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	var state platformUserModel
	resp.Diagnostics.Append(common.GetState(ctx, req.State, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	username := state.ID.ValueString()
	// Set before the read: state written without an identity gets one, also
	// when the read finds the user gone.
	common.SetIdentity(ctx, resp.Identity, identityOf(username), &resp.Diagnostics)
	u, ok := common.ReadOrRemove(ctx, resp, "platform user "+username,
		func() (*api.PlatformUser, error) { return r.Client.GetPlatformUser(ctx, username) })
	if !ok {
		return
	}
	resp.Diagnostics.Append(flattenPlatformUser(u, &state)...)
	resp.Diagnostics.Append(common.SetState(ctx, &resp.State, &state)...)
}

func (r *platformUserResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	var plan, state platformUserModel
	resp.Diagnostics.Append(common.GetPlan(ctx, req.Plan, &plan)...)
	resp.Diagnostics.Append(common.GetState(ctx, req.State, &state)...)
	passwordChanged, diags := platformUserPassword.Changed(ctx, req.Plan, req.State)
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	username := state.ID.ValueString()
	patch, changed, diags := expandPlatformUserUpdate(ctx, plan, state)
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	if changed {
		if _, err := r.Client.UpdatePlatformUser(ctx, username, patch); err != nil {
			resp.Diagnostics.AddError("Could not update platform user "+username, err.Error())
			return
		}
	}
	if !plan.Enabled.Equal(state.Enabled) {
		var err error
		if plan.Enabled.ValueBool() {
			_, err = r.Client.EnablePlatformUser(ctx, username)
		} else {
			_, err = r.Client.DisablePlatformUser(ctx, username)
		}
		if err != nil {
			resp.Diagnostics.AddError("Could not change the status of platform user "+username, err.Error())
			return
		}
	}
	if passwordChanged {
		password, ok := platformUserPassword.Resent(ctx, req.Config, &resp.Diagnostics)
		if !ok {
			return
		}
		if err := r.Client.SetPlatformUserPassword(ctx, username, password); err != nil {
			resp.Diagnostics.AddError("Could not set the password of platform user "+username, err.Error())
			return
		}
	}
	u, err := r.Client.GetPlatformUser(ctx, username)
	if err != nil {
		resp.Diagnostics.AddError("Could not read platform user "+username, err.Error())
		return
	}
	resp.Diagnostics.Append(flattenPlatformUser(u, &plan)...)
	resp.Diagnostics.Append(common.SetState(ctx, &resp.State, &plan)...)
	common.SetIdentity(ctx, resp.Identity, identityOf(username), &resp.Diagnostics)
}

func (r *platformUserResource) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	var state platformUserModel
	resp.Diagnostics.Append(common.GetState(ctx, req.State, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	username := state.ID.ValueString()
	err := r.Client.DeletePlatformUser(ctx, username)
	switch {
	case err == nil, client.IsNotFound(err):
	case client.IsDeletionDisabled(err):
		resp.Diagnostics.AddError("Deleting platform user "+username+" is disabled",
			platformUserDeletionHint+"\n\nAPI answer: "+err.Error())
	default:
		resp.Diagnostics.AddError("Could not delete platform user "+username, err.Error())
	}
}

// ImportState imports by the username: the import id, or the identity's
// username (an import block with identity, Terraform 1.12+).
func (r *platformUserResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	const expected = "a platform username (5 to 60 of a-z 0-9 -, starting and ending with a letter or digit)"
	var identity usernameIdentity
	if common.ImportedByIdentity(ctx, req, &identity, &resp.Diagnostics) {
		if resp.Diagnostics.HasError() {
			return
		}
		if !api.PlatformUsernamePattern.MatchString(identity.Username.ValueString()) {
			resp.Diagnostics.AddError(common.InvalidImportTitle(req),
				fmt.Sprintf("identity username: expected %s, got %q", expected, identity.Username.ValueString()))
			return
		}
		req.ID = identity.Username.ValueString()
	}
	common.ImportUsername(ctx, req, resp, api.PlatformUsernamePattern, expected)
	if !resp.Diagnostics.HasError() {
		common.SetIdentity(ctx, resp.Identity, identityOf(req.ID), &resp.Diagnostics)
	}
}
