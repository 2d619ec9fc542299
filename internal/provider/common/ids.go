package common

import (
	"fmt"
	"regexp"
	"strings"

	"github.com/google/uuid"
)

// AccountIDPattern is the form the API gives account ids in: a lowercase UUID.
var AccountIDPattern = regexp.MustCompile(`^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$`)

// JoinID builds a composite import id such as "alice/ops".
func JoinID(parts ...string) string {
	return strings.Join(parts, "/")
}

// ParseAccountID accepts a UUID in its canonical 36-character form, in any
// letter case, and answers it in the lowercase form the API uses.
func ParseAccountID(s string) (string, error) {
	u, err := uuid.Parse(s)
	if err != nil || len(s) != 36 {
		return "", fmt.Errorf("expected an account id, a UUID such as 0b9f1c2e-5d4a-4e8b-9c3f-2a1b0c9d8e7f, got %q", s)
	}
	return u.String(), nil
}

// CheckPart reports a part of an import id that breaks its rule.
func CheckPart(name, value string, pattern *regexp.Regexp) error {
	if !pattern.MatchString(value) {
		return fmt.Errorf("%s %q must match %s", name, value, pattern)
	}
	return nil
}
