package account

import (
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
)

// accountUserPlan runs ModifyPlan for a change of role from (none when
// empty: a create) to (none when empty: a destroy).
func accountUserPlan(t *testing.T, from, to string) *resource.ModifyPlanResponse {
	t.Helper()
	r := NewAccountUserResource()
	var sresp resource.SchemaResponse
	r.Schema(t.Context(), resource.SchemaRequest{}, &sresp)
	s := sresp.Schema
	typ := s.Type().TerraformType(t.Context())
	value := func(role string) tftypes.Value {
		if role == "" {
			return tftypes.NewValue(typ, nil)
		}
		return tftypes.NewValue(typ, map[string]tftypes.Value{
			"id":         tftypes.NewValue(tftypes.String, "0b9f1c2e-5d4a-4e8b-9c3f-2a1b0c9d8e7f/alice-1"),
			"account_id": tftypes.NewValue(tftypes.String, "0b9f1c2e-5d4a-4e8b-9c3f-2a1b0c9d8e7f"),
			"username":   tftypes.NewValue(tftypes.String, "alice-1"),
			"role":       tftypes.NewValue(tftypes.String, role),
		})
	}
	req := resource.ModifyPlanRequest{
		State:  tfsdk.State{Schema: s, Raw: value(from)},
		Plan:   tfsdk.Plan{Schema: s, Raw: value(to)},
		Config: tfsdk.Config{Schema: s, Raw: value(to)},
	}
	resp := &resource.ModifyPlanResponse{Plan: req.Plan}
	r.(resource.ResourceWithModifyPlan).ModifyPlan(t.Context(), req, resp)
	if resp.Diagnostics.HasError() {
		t.Fatalf("ModifyPlan %q -> %q: %v", from, to, resp.Diagnostics)
	}
	return resp
}

func TestAccountUserDemotionIsReplacementWithWarning(t *testing.T) {
	resp := accountUserPlan(t, "admin", "user")
	if len(resp.RequiresReplace) != 1 || !resp.RequiresReplace[0].Equal(path.Root("role")) {
		t.Errorf("RequiresReplace = %v, want [role]", resp.RequiresReplace)
	}
	warnings := resp.Diagnostics.Warnings()
	if len(warnings) != 1 {
		t.Fatalf("warnings = %v, want one", warnings)
	}
	w, ok := warnings[0].(diag.DiagnosticWithPath)
	if !ok || !w.Path().Equal(path.Root("role")) {
		t.Errorf("warning %v is not attached to role", warnings[0])
	}
	if want := "the admin API refuses to revoke admin privileges (409 conflict), so this membership is replaced: removed and added again as user"; !strings.Contains(strings.ToLower(warnings[0].Detail()), strings.ToLower(want)) {
		t.Errorf("warning detail %q lacks %q", warnings[0].Detail(), want)
	}
}

func TestAccountUserOtherPlansAreLeftAlone(t *testing.T) {
	for _, tc := range [][2]string{{"user", "admin"}, {"user", "user"}, {"admin", "admin"}, {"", "user"}, {"admin", ""}} {
		resp := accountUserPlan(t, tc[0], tc[1])
		if len(resp.RequiresReplace) != 0 || len(resp.Diagnostics) != 0 {
			t.Errorf("%q -> %q: RequiresReplace = %v, diagnostics = %v; want none", tc[0], tc[1], resp.RequiresReplace, resp.Diagnostics)
		}
	}
}
