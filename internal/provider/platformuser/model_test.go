package platformuser

import (
	"context"
	"reflect"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/adminapi/terraform-provider-adminapi/internal/api"
	"github.com/adminapi/terraform-provider-adminapi/internal/provider/common"
)

func TestPlatformUserSchemaIsValid(t *testing.T) {
	var resp resource.SchemaResponse
	NewPlatformUserResource().Schema(t.Context(), resource.SchemaRequest{}, &resp)
	if diags := resp.Schema.ValidateImplementation(t.Context()); diags.HasError() {
		t.Fatalf("schema: %v", diags)
	}
	for _, name := range []string{"username", "email", "name", "language", "external_id", "referer", "invitation_token",
		"tags", "metadata", "enabled", "ldap", "password", "password_wo", "password_wo_version",
		"registered_timestamp", "registered_date", "server", "created_at", "updated_at", "id"} {
		if _, ok := resp.Schema.Attributes[name]; !ok {
			t.Errorf("schema lacks %s", name)
		}
	}
	if _, ok := resp.Schema.Attributes["roles"]; ok || resp.Schema.Version != 1 {
		t.Errorf("schema version %d with roles %v: roles left the resource in version 1 (adminapi_user_role manages them)", resp.Schema.Version, ok)
	}
}

// platformUserTestModel is a fully known model as a plan would hold it.
func platformUserTestModel(t *testing.T) platformUserModel {
	t.Helper()
	tags, diags := common.StringSet([]string{"b", "a"})
	if diags.HasError() {
		t.Fatal(diags)
	}
	return platformUserModel{platformUserRecord: platformUserRecord{
		platformUserFields: platformUserFields{
			Username: types.StringValue("alice"), Email: common.NewEmailValue("Alice@Example.com"),
			Name: types.StringValue("Alice"), Language: types.StringValue("fr"),
			ExternalID: types.StringNull(), Referer: types.StringUnknown(),
			Tags:     tags,
			Metadata: types.MapValueMust(types.StringType, map[string]attr.Value{"team": types.StringValue("blue")}),
			Enabled:  types.BoolValue(true), LDAP: types.BoolValue(false),
		},
		InvitationToken: types.StringValue("inv"),
	}}
}

func TestExpandPlatformUserCreate(t *testing.T) {
	m := platformUserTestModel(t)
	pw := "secret-pw"
	in, diags := expandPlatformUserCreate(context.Background(), m, &pw)
	if diags.HasError() {
		t.Fatal(diags)
	}
	if in.Username != "alice" || in.Email != "Alice@Example.com" || *in.Password != pw || *in.Name != "Alice" ||
		*in.Language != "fr" || *in.InvitationToken != "inv" {
		t.Errorf("create body %+v", in)
	}
	// Null and unknown optional values are not sent; neither is the default status or ldap.
	if in.ExternalID != nil || in.Referer != nil || in.Status != nil || in.LDAP != nil {
		t.Errorf("unexpected fields: external_id %v referer %v status %v ldap %v", in.ExternalID, in.Referer, in.Status, in.LDAP)
	}
	if len(in.Tags) != 2 || in.Metadata["team"] != "blue" {
		t.Errorf("tags %v metadata %v", in.Tags, in.Metadata)
	}

	m.Enabled, m.LDAP = types.BoolValue(false), types.BoolValue(true)
	in, _ = expandPlatformUserCreate(context.Background(), m, nil)
	if in.Status == nil || *in.Status != api.StatusDisabled || in.LDAP == nil || !*in.LDAP || in.Password != nil {
		t.Errorf("disabled LDAP user: status %v ldap %v password %v", in.Status, in.LDAP, in.Password)
	}
}

func TestExpandPlatformUserUpdate(t *testing.T) {
	state := platformUserTestModel(t)
	state.ExternalID = types.StringValue("sid-1")

	if _, changed, _ := expandPlatformUserUpdate(context.Background(), state, state); changed {
		t.Error("no difference must send nothing")
	}

	plan := state
	plan.Email = common.NewEmailValue("ALICE@example.COM")
	if in, changed, _ := expandPlatformUserUpdate(context.Background(), plan, state); changed || in.Email != nil {
		t.Errorf("a case-only e-mail difference must send nothing, got %+v", in)
	}

	plan = state
	plan.Email = common.NewEmailValue("alice@example.org")
	plan.Name = types.StringNull()
	plan.ExternalID = types.StringNull()
	plan.Tags = types.SetValueMust(types.StringType, nil)
	in, changed, diags := expandPlatformUserUpdate(context.Background(), plan, state)
	if diags.HasError() {
		t.Fatal(diags)
	}
	if !changed {
		t.Fatal("changes not detected")
	}
	want := api.UpdatePlatformUser{}
	email, empty := "alice@example.org", ""
	tags := []string{}
	want.Email, want.Name, want.ExternalID, want.Tags = &email, &empty, &empty, &tags
	if !reflect.DeepEqual(in, want) {
		t.Errorf("patch = %+v, want %+v (removed name and external_id are cleared with \"\")", in, want)
	}
}

func TestFlattenPlatformUser(t *testing.T) {
	now := time.Date(2024, 5, 1, 10, 0, 0, 0, time.UTC)
	u := &api.PlatformUser{
		Username: "bob-1", Email: "bob@example.com", Language: "en", Tags: nil, Metadata: nil,
		Status: api.StatusDisabled, Roles: []string{"viewer"}, LDAP: true, RegisteredTimestamp: now.Unix(),
		RegisteredDate: now.Format(time.RFC1123), Server: "https://core.example.com", CreatedAt: now, UpdatedAt: now,
	}
	m := platformUserModel{Password: types.StringValue("kept"), PasswordWOVersion: types.Int64Value(2)}
	if diags := flattenPlatformUser(u, &m); diags.HasError() {
		t.Fatal(diags)
	}
	if !m.Name.IsNull() || !m.ExternalID.IsNull() || !m.Referer.IsNull() || !m.InvitationToken.IsNull() {
		t.Errorf("unset fields must be null: name %v external_id %v referer %v invitation_token %v",
			m.Name, m.ExternalID, m.Referer, m.InvitationToken)
	}
	if m.Tags.IsNull() || len(m.Tags.Elements()) != 0 || m.Metadata.IsNull() || len(m.Metadata.Elements()) != 0 {
		t.Errorf("tags %v metadata %v: want empty known values", m.Tags, m.Metadata)
	}
	if m.Enabled.ValueBool() || !m.LDAP.ValueBool() {
		t.Errorf("enabled %v ldap %v", m.Enabled, m.LDAP)
	}
	if m.ID.ValueString() != "bob-1" || m.RegisteredTimestamp.ValueInt64() != now.Unix() || m.CreatedAt.ValueString() != "2024-05-01T10:00:00Z" {
		t.Errorf("id %v registered %v created %v", m.ID, m.RegisteredTimestamp, m.CreatedAt)
	}
	if m.Password.ValueString() != "kept" || m.PasswordWOVersion.ValueInt64() != 2 {
		t.Error("flatten must not touch the secrets")
	}

	sid := "sid-9"
	u.ExternalID, u.Name, u.Status = &sid, "Bob", api.StatusEnabled
	_ = flattenPlatformUser(u, &m)
	if m.ExternalID.ValueString() != sid || m.Name.ValueString() != "Bob" || !m.Enabled.ValueBool() {
		t.Errorf("external_id %v name %v enabled %v", m.ExternalID, m.Name, m.Enabled)
	}
}
