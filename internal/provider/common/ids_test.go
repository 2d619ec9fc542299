package common

import (
	"strings"
	"testing"
)

func TestParseAccountID(t *testing.T) {
	if got, err := ParseAccountID("0B9F1C2E-5D4A-4E8B-9C3F-2A1B0C9D8E7F"); err != nil || got != "0b9f1c2e-5d4a-4e8b-9c3f-2a1b0c9d8e7f" {
		t.Errorf("ParseAccountID(upper case) = %q, %v", got, err)
	}
	for _, bad := range []string{"", "acme", "0b9f1c2e5d4a4e8b9c3f2a1b0c9d8e7f", "urn:uuid:0b9f1c2e-5d4a-4e8b-9c3f-2a1b0c9d8e7f"} {
		if _, err := ParseAccountID(bad); err == nil || !strings.Contains(err.Error(), "expected an account id") {
			t.Errorf("ParseAccountID(%q) error = %v, want a clear error", bad, err)
		}
	}
}
