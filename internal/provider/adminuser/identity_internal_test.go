package adminuser

import (
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/adminapi/terraform-provider-adminapi/internal/api"
)

// TestImportStateByIdentity: an import block's identity sets the state's
// id and username and the identity; an identity that is no admin username
// is refused, naming the value.
func TestImportStateByIdentity(t *testing.T) {
	r := &adminUserResource{}
	var s resource.SchemaResponse
	r.Schema(t.Context(), resource.SchemaRequest{}, &s)
	var is resource.IdentitySchemaResponse
	r.IdentitySchema(t.Context(), resource.IdentitySchemaRequest{}, &is)
	importIdentity := func(username string) (resource.ImportStateResponse, usernameIdentity, string) {
		identity := &tfsdk.ResourceIdentity{Schema: is.IdentitySchema,
			Raw: tftypes.NewValue(is.IdentitySchema.Type().TerraformType(t.Context()), nil)}
		if diags := identity.Set(t.Context(), identityOf(username)); diags.HasError() {
			t.Fatal(diags)
		}
		resp := resource.ImportStateResponse{
			State: tfsdk.State{Schema: s.Schema, Raw: tftypes.NewValue(s.Schema.Type().TerraformType(t.Context()), nil)},
			Identity: &tfsdk.ResourceIdentity{Schema: is.IdentitySchema,
				Raw: tftypes.NewValue(is.IdentitySchema.Type().TerraformType(t.Context()), nil)},
		}
		r.ImportState(t.Context(), resource.ImportStateRequest{Identity: identity}, &resp)
		var got usernameIdentity
		var id types.String
		if !resp.Diagnostics.HasError() {
			resp.Diagnostics.Append(resp.Identity.Get(t.Context(), &got)...)
			resp.Diagnostics.Append(resp.State.GetAttribute(t.Context(), path.Root("id"), &id)...)
		}
		return resp, got, id.ValueString()
	}

	resp, identity, id := importIdentity("ops.team_1")
	if resp.Diagnostics.HasError() || identity.Username.ValueString() != "ops.team_1" || id != "ops.team_1" {
		t.Errorf("import by identity ops.team_1: identity %v, id %q, %v", identity, id, resp.Diagnostics)
	}
	resp, _, _ = importIdentity("Ops")
	if !resp.Diagnostics.HasError() || resp.Diagnostics[0].Summary() != "Invalid import identity" ||
		!strings.Contains(resp.Diagnostics[0].Detail(), `got "Ops"`) {
		t.Errorf("import by identity Ops: %v, want it refused naming the value", resp.Diagnostics)
	}
}

func TestAdminUserDisplayName(t *testing.T) {
	none := api.Permissions{Users: []string{}, Settings: []string{}, PlatformUsers: []string{}, Accounts: []string{}}
	some := none
	some.Settings, some.PlatformUsers = []string{"read"}, []string{"read", "create"}
	for _, c := range []struct {
		permissions api.Permissions
		want        string
	}{
		{none, "ops (no permissions)"},
		{some, "ops (permissions: settings, platform_users)"},
	} {
		if got := adminUserDisplayName(&api.AdminUser{Username: "ops", Permissions: c.permissions}); got != c.want {
			t.Errorf("display name %q, want %q", got, c.want)
		}
	}
}
