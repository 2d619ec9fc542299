package account

import (
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/resource"
)

func TestAccountUserImportID(t *testing.T) {
	const id = "0b9f1c2e-5d4a-4e8b-9c3f-2a1b0c9d8e7f"
	for _, tc := range []struct {
		in, account, username, err string
	}{
		{in: id + "/alice-1", account: id, username: "alice-1"},
		{in: strings.ToUpper(id) + "/alice-1", account: id, username: "alice-1"},
		{in: id, err: "expected <account_id>/<username>"},
		{in: "acme/alice-1", err: `expected <account_id>/<username>: expected an account id, a UUID`},
		{in: "{" + id + "}/alice-1", err: "expected an account id"},
		{in: id + "/Alice", err: `username "Alice" must match`},
	} {
		var diags diag.Diagnostics
		values, ok := accountUserIdentity.Parse(t.Context(), resource.ImportStateRequest{ID: tc.in}, &diags)
		if tc.err != "" {
			if ok || !diags.HasError() || diags[0].Summary() != "Invalid import ID" || !strings.Contains(diags[0].Detail(), tc.err) {
				t.Errorf("import id %q: %v, want an error containing %q", tc.in, diags, tc.err)
			}
			continue
		}
		if !ok || values[0] != tc.account || values[1] != tc.username {
			t.Errorf("import id %q = %q, %v; want %q, %q", tc.in, values, diags, tc.account, tc.username)
		}
	}
}
