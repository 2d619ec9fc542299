package provider

import (
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/adminapi/terraform-provider-adminapi/internal/provider/adminuser"
	"github.com/adminapi/terraform-provider-adminapi/internal/provider/platformuser"
)

func TestUsersImportState(t *testing.T) {
	for _, c := range []struct {
		newResource func() resource.Resource
		good, bad   string
	}{
		{adminuser.NewAdminUserResource, "ops.team_1", "Ops"},
		{platformuser.NewPlatformUserResource, "alice-1", "bob"},
	} {
		r, ok := c.newResource().(resource.ResourceWithImportState)
		if !ok {
			t.Fatal("resource does not import")
		}
		var s resource.SchemaResponse
		r.Schema(t.Context(), resource.SchemaRequest{}, &s)
		importID := func(id string) resource.ImportStateResponse {
			resp := resource.ImportStateResponse{State: tfsdk.State{
				Schema: s.Schema, Raw: tftypes.NewValue(s.Schema.Type().TerraformType(t.Context()), nil),
			}}
			r.ImportState(t.Context(), resource.ImportStateRequest{ID: id}, &resp)
			return resp
		}

		resp := importID(c.good)
		if resp.Diagnostics.HasError() {
			t.Fatalf("import %q: %v", c.good, resp.Diagnostics)
		}
		for _, attr := range []string{"id", "username"} {
			var v types.String
			resp.State.GetAttribute(t.Context(), path.Root(attr), &v)
			if v.ValueString() != c.good {
				t.Errorf("import %q: %s = %v", c.good, attr, v)
			}
		}

		resp = importID(c.bad)
		if !resp.Diagnostics.HasError() || !strings.Contains(resp.Diagnostics[0].Detail(), "expected a") {
			t.Errorf("import %q: %v, want a clear error", c.bad, resp.Diagnostics)
		}
	}
}
