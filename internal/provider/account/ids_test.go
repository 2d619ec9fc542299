package account

import (
	"strings"
	"testing"
)

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
