package provider

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

func TestParseAccountUserID(t *testing.T) {
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
		account, username, err := parseAccountUserID(tc.in)
		if tc.err != "" {
			if err == nil || !strings.Contains(err.Error(), tc.err) {
				t.Errorf("parseAccountUserID(%q) error = %v, want it to contain %q", tc.in, err, tc.err)
			}
			continue
		}
		if err != nil || account != tc.account || username != tc.username {
			t.Errorf("parseAccountUserID(%q) = %q, %q, %v; want %q, %q", tc.in, account, username, err, tc.account, tc.username)
		}
	}
}

func TestParseAccountID(t *testing.T) {
	if got, err := parseAccountID("0B9F1C2E-5D4A-4E8B-9C3F-2A1B0C9D8E7F"); err != nil || got != "0b9f1c2e-5d4a-4e8b-9c3f-2a1b0c9d8e7f" {
		t.Errorf("parseAccountID(upper case) = %q, %v", got, err)
	}
	for _, bad := range []string{"", "acme", "0b9f1c2e5d4a4e8b9c3f2a1b0c9d8e7f", "urn:uuid:0b9f1c2e-5d4a-4e8b-9c3f-2a1b0c9d8e7f"} {
		if _, err := parseAccountID(bad); err == nil || !strings.Contains(err.Error(), "expected an account id") {
			t.Errorf("parseAccountID(%q) error = %v, want a clear error", bad, err)
		}
	}
}
