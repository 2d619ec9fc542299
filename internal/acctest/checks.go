package acctest

import (
	"context"
	"encoding/json"
	"fmt"
	"regexp"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/adminapi/terraform-provider-adminapi/internal/api"
)

// StateHolds checks whether the state, as `terraform show -json`
// prints it (sensitive values included), contains secret anywhere.
func StateHolds(secret string, want bool) statecheck.StateCheck {
	return stateSecretCheck{secret: secret, want: want}
}

type stateSecretCheck struct {
	secret string
	want   bool
}

func (c stateSecretCheck) CheckState(_ context.Context, req statecheck.CheckStateRequest, resp *statecheck.CheckStateResponse) {
	raw, err := json.Marshal(req.State)
	if err != nil {
		resp.Error = err
		return
	}
	if got := strings.Contains(string(raw), c.secret); got != c.want {
		resp.Error = fmt.Errorf("state holds the secret: %v, want %v", got, c.want)
	}
}

// ErrorRegexp matches the given texts in order, whatever line wrapping
// Terraform applies to its diagnostics.
func ErrorRegexp(texts ...string) *regexp.Regexp {
	parts := make([]string, len(texts))
	for i, s := range texts {
		parts[i] = strings.Join(strings.Fields(regexp.QuoteMeta(s)), `\s+`)
	}
	return regexp.MustCompile(`(?s)` + strings.Join(parts, ".*"))
}

// CreatePlatformUsers creates platform users behind Terraform's back.
func CreatePlatformUsers(t *testing.T, srv *Server, usernames ...string) {
	t.Helper()
	password := "acctest-password"
	for _, u := range usernames {
		_, err := srv.Client.CreatePlatformUser(t.Context(), api.CreatePlatformUser{Username: u, Email: u + "@example.com", Password: &password})
		if err != nil {
			t.Fatalf("create platform user %s: %v", u, err)
		}
	}
}

// Check adapts a check of the API's side to a TestCheckFunc.
func Check(f func() error) resource.TestCheckFunc {
	return func(_ *terraform.State) error { return f() }
}

func Want[T comparable](what string, got, want T) error {
	if got != want {
		return fmt.Errorf("%s = %v, want %v", what, got, want)
	}
	return nil
}

var RFC3339 = regexp.MustCompile(`^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$`)

var UUID = regexp.MustCompile(`^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$`)

func MemberID(username string) *regexp.Regexp {
	return regexp.MustCompile(`^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/` + regexp.QuoteMeta(username) + `$`)
}
