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
	_ common.ResourceType                   = (*platformUserResource)(nil)
	_ resource.ResourceWithConfigValidators = (*platformUserResource)(nil)
	_ resource.ResourceWithUpgradeState     = (*platformUserResource)(nil)
)

// platformUserKind names a platform user in titles.
const platformUserKind = "platform user"

// platformUserIdentity is adminapi_platform_user's identity and import id:
// the username.
var platformUserIdentity = common.Identity{{
	Name: "username", Description: "The platform user's username.",
	Parse: common.Matching(checkPlatformUsername), Attributes: []string{"username"},
}}

func checkPlatformUsername(s string) error {
	if !api.PlatformUsernamePattern.MatchString(s) {
		return fmt.Errorf("expected a platform username (5 to 60 of a-z 0-9 -, starting and ending with a letter or digit), got %q", s)
	}
	return nil
}

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
	"referer": createOnlyAttribute(fmt.Sprintf("Who referred the user, at most %d characters.", api.RefererMax), false, api.RefererMax),
	"invitation_token": createOnlyAttribute(fmt.Sprintf("The invitation token the user registered with, at most %d characters "+
		"(a secret: sensitive).", api.InvitationTokenMax), true, api.InvitationTokenMax),
}

// textValidator refuses what api.ValidText refuses: control characters and
// bidirectional overrides.
var textValidator = stringvalidator.RegexMatches(api.TextRegexp, api.ErrTextControl.Error())

func createOnlyAttribute(desc string, sensitive bool, maxLen int) schema.StringAttribute {
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
		Validators: []validator.String{stringvalidator.LengthAtLeast(1), stringvalidator.UTF8LengthAtMost(maxLen)},
	}
}

// platformUserDeletionHint tells how to allow deleting platform users.
var platformUserDeletionHint = fmt.Sprintf("The platform refuses to delete platform users: its setting %s.%s must contain %q. "+
	"Add it, for example with the adminapi_platform_settings resource:\n\n"+
	"  settings = {\n    %s = { %s = jsonencode([%q, \"personalToken\"]) }\n  }\n\nthen destroy again.",
	api.SettingsGroupAPI, api.SettingAccountDeletion, api.AccountDeletionAdminToken,
	api.SettingsGroupAPI, api.SettingAccountDeletion, api.AccountDeletionAdminToken)

// NewPlatformUserResource is the adminapi_platform_user resource.
func NewPlatformUserResource() resource.Resource {
	return &platformUserResource{common.NewResource(common.ResourceSpec[platformUserModel]{
		Name: "platform_user", Kind: platformUserKind, Identity: platformUserIdentity,
		IdentityOf: func(m *platformUserModel) []string { return []string{m.ID.ValueString()} },
		PlanChecks: platformUserPlanChecks,
		Needs: common.Needs{
			Read: []api.Operation{"GET /platform-users/{username}"}, Create: []api.Operation{"POST /platform-users"},
			Update: []api.Operation{"PATCH /platform-users/{username}", "POST /platform-users/{username}/enable",
				"POST /platform-users/{username}/disable", "PUT /platform-users/{username}/password", "GET /platform-users/{username}"},
			Delete: []api.Operation{"DELETE /platform-users/{username}"},
		},
	})}
}

type platformUserResource struct {
	common.Resource[platformUserModel]
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
			MarkdownDescription: fmt.Sprintf("The user's display name, at most %d characters, without control characters.", api.NameMax),
			Validators:          []validator.String{stringvalidator.UTF8LengthBetween(1, api.NameMax), textValidator},
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
				setvalidator.ValueStringsAre(stringvalidator.UTF8LengthBetween(api.TagMin, api.TagMax), textValidator),
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
				mapvalidator.KeysAre(textValidator),
				mapvalidator.ValueStringsAre(stringvalidator.UTF8LengthAtMost(api.MetadataValueMax), textValidator),
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
		Version: platformUserSchemaVersion,
		MarkdownDescription: r.Describe("A user of the platform: its e-mail, profile, tags and metadata, status, and password " +
			"(or LDAP). Deleting platform users must be allowed by the platform setting " +
			"`API_SETTINGS.ACCOUNT_DELETION` (it must contain `adminToken`, as it does by default)."),
		Attributes: attrs,
	}
}

// platformUserPlanChecks plans no change when nothing but the e-mail's
// letter case differs, and requires a password to create a user that is
// not an LDAP user. An imported user is not created and needs none. A user
// to create gets no create-only value it is not given, also when it
// replaces another.
func platformUserPlanChecks(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	if req.Plan.Raw.IsNull() {
		return
	}
	if platformUserPassword.PlanCheck(ctx, req, resp); resp.Diagnostics.HasError() {
		return
	}
	if !req.State.Raw.IsNull() {
		keepPriorWhenSame(ctx, req, resp)
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

// keepPriorWhenSame plans the prior state of a user when the plan differs
// from it only in the values the framework marked unknown: see
// samePlanAsPrior.
func keepPriorWhenSame(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	failed := func(err error) {
		var username types.String
		resp.Diagnostics.Append(req.State.GetAttribute(ctx, path.Root("id"), &username)...)
		common.Failed(&resp.Diagnostics, "compare the plan with the prior state of",
			common.Object{Kind: platformUserKind, Name: username.ValueString()}, err)
	}
	s, ok := req.Plan.Schema.(schema.Schema)
	if !ok {
		failed(fmt.Errorf("expected a resource schema, got %T; please report this to the provider's maintainers", req.Plan.Schema))
		return
	}
	unknown, err := unknownOnChange(s, req.Config.Raw)
	if err != nil {
		failed(err)
		return
	}
	same, ok, err := samePlanAsPrior(req.Plan.Raw, req.State.Raw, unknown)
	if err != nil {
		failed(err)
		return
	}
	if ok {
		resp.Plan.Raw = same
	}
}

func (r *platformUserResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	plan, ok := r.Plan(ctx, req.Plan, &resp.Diagnostics)
	if !ok {
		return
	}
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
		if !r.KeepIfMayHaveActed(ctx, resp, err, in.Username, &plan) {
			common.AddCreateError(&resp.Diagnostics, r.TypeName(), r.Object(in.Username), in.Username, err, "username")
		}
		return
	}
	resp.Diagnostics.Append(flattenPlatformUser(u, &plan)...)
	r.Save(ctx, &resp.State, resp.Identity, &plan, &resp.Diagnostics)
}

func (r *platformUserResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	state, ok := r.State(ctx, req.State, &resp.Diagnostics)
	if !ok {
		return
	}
	username := state.ID.ValueString()
	r.SetIdentity(ctx, resp.Identity, &state, &resp.Diagnostics)
	u, ok := common.ReadOrRemove(ctx, resp, r.Object(username),
		func() (*api.PlatformUser, error) { return r.Client.GetPlatformUser(ctx, username) })
	if !ok {
		return
	}
	resp.Diagnostics.Append(flattenPlatformUser(u, &state)...)
	r.Save(ctx, &resp.State, nil, &state, &resp.Diagnostics)
}

func (r *platformUserResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	plan, ok := r.Plan(ctx, req.Plan, &resp.Diagnostics)
	if !ok {
		return
	}
	state, ok := r.State(ctx, req.State, &resp.Diagnostics)
	if !ok {
		return
	}
	passwordChanged, diags := platformUserPassword.Changed(ctx, req.Plan, req.State)
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	username := state.ID.ValueString()
	o := r.Object(username)
	patch, changed, diags := expandPlatformUserUpdate(ctx, plan, state)
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	if changed {
		if _, err := r.Client.UpdatePlatformUser(ctx, username, patch); err != nil {
			common.UpdateFailed(&resp.Diagnostics, o, err)
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
			common.Failed(&resp.Diagnostics, "change the status of", o, err)
			return
		}
	}
	if passwordChanged {
		password, ok := platformUserPassword.Resent(ctx, req.Config, &resp.Diagnostics)
		if !ok {
			return
		}
		if err := r.Client.SetPlatformUserPassword(ctx, username, password); err != nil {
			common.Failed(&resp.Diagnostics, "set the password of", o, err)
			return
		}
	}
	u, err := r.Client.GetPlatformUser(ctx, username)
	if err != nil {
		common.ReadFailed(&resp.Diagnostics, o, err)
		return
	}
	resp.Diagnostics.Append(flattenPlatformUser(u, &plan)...)
	r.Save(ctx, &resp.State, resp.Identity, &plan, &resp.Diagnostics)
}

func (r *platformUserResource) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	state, ok := r.State(ctx, req.State, &resp.Diagnostics)
	if !ok {
		return
	}
	username := state.ID.ValueString()
	err := r.Client.DeletePlatformUser(ctx, username)
	switch {
	case err == nil, client.IsNotFound(err):
	case client.IsDeletionDisabled(err):
		common.Refused(&resp.Diagnostics, "delete", r.Object(username), "deletion disabled",
			platformUserDeletionHint+"\n\nAPI answer: "+err.Error())
	default:
		common.DeleteFailed(&resp.Diagnostics, r.Object(username), err)
	}
}
