package platformuser

import (
	"context"
	"strings"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/adminapi/terraform-provider-adminapi/internal/api"
	"github.com/adminapi/terraform-provider-adminapi/internal/provider/common"
)

// platformUserFields are the attributes of a platform user that hold no
// secret, under the resource's names: each entry of the
// adminapi_platform_users data source's users.
type platformUserFields struct {
	ID                  types.String      `tfsdk:"id"`
	Username            types.String      `tfsdk:"username"`
	Email               common.EmailValue `tfsdk:"email"`
	Name                types.String      `tfsdk:"name"`
	Language            types.String      `tfsdk:"language"`
	ExternalID          types.String      `tfsdk:"external_id"`
	Referer             types.String      `tfsdk:"referer"`
	Tags                types.Set         `tfsdk:"tags"`
	Metadata            types.Map         `tfsdk:"metadata"`
	Enabled             types.Bool        `tfsdk:"enabled"`
	LDAP                types.Bool        `tfsdk:"ldap"`
	RegisteredTimestamp types.Int64       `tfsdk:"registered_timestamp"`
	RegisteredDate      types.String      `tfsdk:"registered_date"`
	Server              types.String      `tfsdk:"server"`
	CreatedAt           types.String      `tfsdk:"created_at"`
	UpdatedAt           types.String      `tfsdk:"updated_at"`
}

// platformUserRecord is everything the API answers about a platform user
// but its roles, which adminapi_user_role manages.
type platformUserRecord struct {
	platformUserFields
	InvitationToken types.String `tfsdk:"invitation_token"`
}

// platformUserModel is the adminapi_platform_user resource: the record and
// the password the configuration sets.
type platformUserModel struct {
	platformUserRecord
	Password          types.String `tfsdk:"password"`
	PasswordWO        types.String `tfsdk:"password_wo"`
	PasswordWOVersion types.Int64  `tfsdk:"password_wo_version"`
}

// expandPlatformUserCreate is the body of POST /platform-users for plan;
// password is nil for an LDAP user.
func expandPlatformUserCreate(ctx context.Context, plan platformUserModel, password *string) (api.CreatePlatformUser, diag.Diagnostics) {
	in := api.CreatePlatformUser{
		Username:        plan.Username.ValueString(),
		Email:           plan.Email.ValueString(),
		Password:        password,
		Name:            common.OptionalString(plan.Name),
		Language:        common.OptionalString(plan.Language),
		ExternalID:      common.OptionalString(plan.ExternalID),
		Referer:         common.OptionalString(plan.Referer),
		InvitationToken: common.OptionalString(plan.InvitationToken),
	}
	if plan.LDAP.ValueBool() {
		ldap := true
		in.LDAP = &ldap
	}
	if !plan.Enabled.IsNull() && !plan.Enabled.IsUnknown() && !plan.Enabled.ValueBool() {
		status := api.StatusDisabled
		in.Status = &status
	}
	tags, diags := platformUserTags(ctx, plan.Tags)
	in.Tags = tags
	metadata, d := platformUserMetadata(ctx, plan.Metadata)
	diags.Append(d...)
	in.Metadata = metadata
	return in, diags
}

// expandPlatformUserUpdate is the body of PATCH /platform-users/{username}:
// only the fields that plan changes from state. A removed name or
// external_id is sent as "" (clear it). E-mail addresses that differ only in
// letter case are the same address and not sent. changed is false when
// there is nothing to send.
func expandPlatformUserUpdate(ctx context.Context, plan, state platformUserModel) (in api.UpdatePlatformUser, changed bool, diags diag.Diagnostics) {
	send := func(v types.String) *string {
		changed = true
		s := v.ValueString()
		return &s
	}
	if !strings.EqualFold(plan.Email.ValueString(), state.Email.ValueString()) {
		in.Email = send(plan.Email.StringValue)
	}
	if !plan.Name.Equal(state.Name) {
		in.Name = send(plan.Name)
	}
	if !plan.Language.Equal(state.Language) {
		in.Language = send(plan.Language)
	}
	if !plan.ExternalID.Equal(state.ExternalID) {
		in.ExternalID = send(plan.ExternalID)
	}
	if !plan.Tags.Equal(state.Tags) {
		tags, d := platformUserTags(ctx, plan.Tags)
		diags.Append(d...)
		in.Tags, changed = &tags, true
	}
	if !plan.Metadata.Equal(state.Metadata) {
		metadata, d := platformUserMetadata(ctx, plan.Metadata)
		diags.Append(d...)
		in.Metadata, changed = &metadata, true
	}
	return in, changed, diags
}

func platformUserTags(ctx context.Context, set types.Set) ([]string, diag.Diagnostics) {
	tags := []string{}
	if set.IsNull() || set.IsUnknown() {
		return tags, nil
	}
	diags := set.ElementsAs(ctx, &tags, false)
	return tags, diags
}

func platformUserMetadata(ctx context.Context, m types.Map) (map[string]string, diag.Diagnostics) {
	out := map[string]string{}
	if m.IsNull() || m.IsUnknown() {
		return out, nil
	}
	diags := m.ElementsAs(ctx, &out, false)
	return out, diags
}

// flattenPlatformUser writes what the API answered into m; the secrets stay as they are.
func flattenPlatformUser(u *api.PlatformUser, m *platformUserModel) diag.Diagnostics {
	return flattenPlatformUserRecord(u, &m.platformUserRecord)
}

func flattenPlatformUserRecord(u *api.PlatformUser, m *platformUserRecord) diag.Diagnostics {
	m.InvitationToken = common.StringOrNull(u.InvitationToken)
	return flattenPlatformUserFields(u, &m.platformUserFields)
}

// flattenPlatformUserFields maps u onto the attributes: an unset name,
// external_id or referer is null, no tags or metadata an empty set or map.
func flattenPlatformUserFields(u *api.PlatformUser, m *platformUserFields) diag.Diagnostics {
	tags, diags := common.StringSet(u.Tags)
	metadata := make(map[string]attr.Value, len(u.Metadata))
	for k, v := range u.Metadata {
		metadata[k] = types.StringValue(v)
	}
	metadataValue, d := types.MapValue(types.StringType, metadata)
	diags.Append(d...)

	m.ID = types.StringValue(u.Username)
	m.Username = types.StringValue(u.Username)
	m.Email = common.NewEmailValue(u.Email)
	m.Name = common.StringOrNull(u.Name)
	m.Language = types.StringValue(u.Language)
	m.ExternalID = types.StringNull()
	if u.ExternalID != nil {
		m.ExternalID = common.StringOrNull(*u.ExternalID)
	}
	m.Referer = common.StringOrNull(u.Referer)
	m.Tags = tags
	m.Metadata = metadataValue
	m.Enabled = types.BoolValue(u.Status == api.StatusEnabled)
	m.LDAP = types.BoolValue(u.LDAP)
	m.RegisteredTimestamp = types.Int64Value(u.RegisteredTimestamp)
	m.RegisteredDate = types.StringValue(u.RegisteredDate)
	m.Server = types.StringValue(u.Server)
	m.CreatedAt = types.StringValue(u.CreatedAt.UTC().Format(time.RFC3339))
	m.UpdatedAt = types.StringValue(u.UpdatedAt.UTC().Format(time.RFC3339))
	return diags
}

// platformUserEntry is one user of adminapi_platform_users: the resource's
// attributes but the secrets, and the roles the user holds.
type platformUserEntry struct {
	platformUserFields
	Roles types.Set `tfsdk:"roles"`
}

// platformUserData is the adminapi_platform_user data source: the record
// and the roles the user holds.
type platformUserData struct {
	platformUserRecord
	Roles types.Set `tfsdk:"roles"`
}
