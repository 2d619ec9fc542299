package role

import (
	"strings"
	"testing"
)

func TestParseUserRoleID(t *testing.T) {
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
		username, role, err := parseUserRoleID(tc.id)
		if tc.err != "" {
			if err == nil || !strings.Contains(err.Error(), tc.err) {
				t.Errorf("parseUserRoleID(%q) error = %v, want it to contain %q", tc.id, err, tc.err)
			}
			continue
		}
		if err != nil || username != tc.username || role != tc.role {
			t.Errorf("parseUserRoleID(%q) = %q, %q, %v; want %q, %q", tc.id, username, role, err, tc.username, tc.role)
		}
	}
}
