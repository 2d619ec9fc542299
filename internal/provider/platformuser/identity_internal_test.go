package platformuser

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
// id and username and the identity; an identity that is no platform username
// is refused, naming the value.
func TestImportStateByIdentity(t *testing.T) {
	r := &platformUserResource{}
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

	resp, identity, id := importIdentity("alice-1")
	if resp.Diagnostics.HasError() || identity.Username.ValueString() != "alice-1" || id != "alice-1" {
		t.Errorf("import by identity alice-1: identity %v, id %q, %v", identity, id, resp.Diagnostics)
	}
	resp, _, _ = importIdentity("bob")
	if !resp.Diagnostics.HasError() || resp.Diagnostics[0].Summary() != "Invalid import identity" ||
		!strings.Contains(resp.Diagnostics[0].Detail(), `got "bob"`) {
		t.Errorf("import by identity bob: %v, want it refused naming the value", resp.Diagnostics)
	}
}

func TestPlatformUserDisplayName(t *testing.T) {
	for _, c := range []struct {
		user api.PlatformUser
		want string
	}{
		{api.PlatformUser{Username: "alice", Name: "Alice Martin", Email: "Alice@Example.com", Status: api.StatusEnabled},
			"alice (Alice Martin, Alice@Example.com)"},
		{api.PlatformUser{Username: "bob-ldap", Email: "bob@example.com", Status: api.StatusDisabled},
			"bob-ldap (bob@example.com, disabled)"},
	} {
		if got := platformUserDisplayName(&c.user); got != c.want {
			t.Errorf("display name %q, want %q", got, c.want)
		}
	}
}
