package role

import (
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/resource"
)

func TestUserRoleImportID(t *testing.T) {
	for _, tc := range []struct {
		id, username, role, err string
	}{
		{id: "alice-1/ops", username: "alice-1", role: "ops"},
		{id: "alice-1/read_only-2", username: "alice-1", role: "read_only-2"},
		{id: "alice-1", err: `expected <username>/<role>, got "alice-1"`},
		{id: "alice-1/", err: "expected <username>/<role>"},
		{id: "/ops", err: "expected <username>/<role>"},
		{id: "alice-1/ops/x", err: "expected <username>/<role>"},
		{id: "Alice/ops", err: `expected <username>/<role>: username "Alice" must match`},
		{id: "alice-1/Ops Team", err: `expected <username>/<role>: role "Ops Team" must match`},
	} {
		var diags diag.Diagnostics
		values, ok := userRoleIdentity.Parse(t.Context(), resource.ImportStateRequest{ID: tc.id}, &diags)
		if tc.err != "" {
			if ok || !diags.HasError() || diags[0].Summary() != "Invalid import ID" || !strings.Contains(diags[0].Detail(), tc.err) {
				t.Errorf("import id %q: %v, want an error containing %q", tc.id, diags, tc.err)
			}
			continue
		}
		if !ok || values[0] != tc.username || values[1] != tc.role {
			t.Errorf("import id %q = %q, %v; want %q, %q", tc.id, values, diags, tc.username, tc.role)
		}
	}
}
