package provider_test

import (
	"fmt"
	"regexp"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/adminapi/terraform-provider-adminapi/internal/acctest"
	"github.com/adminapi/terraform-provider-adminapi/internal/api"
)

// accessErrorRegexp matches the given texts in order, whatever line wrapping
// Terraform applies to its diagnostics.
func accessErrorRegexp(texts ...string) *regexp.Regexp {
	parts := make([]string, len(texts))
	for i, s := range texts {
		parts[i] = strings.Join(strings.Fields(regexp.QuoteMeta(s)), `\s+`)
	}
	return regexp.MustCompile(`(?s)` + strings.Join(parts, ".*"))
}

// accessCreatePlatformUsers creates platform users behind Terraform's back.
func accessCreatePlatformUsers(t *testing.T, srv *acctest.Server, usernames ...string) {
	t.Helper()
	password := "acctest-password"
	for _, u := range usernames {
		_, err := srv.Client.CreatePlatformUser(t.Context(), api.CreatePlatformUser{Username: u, Email: u + "@example.com", Password: &password})
		if err != nil {
			t.Fatalf("create platform user %s: %v", u, err)
		}
	}
}

// accessCheck adapts a check of the API's side to a TestCheckFunc.
func accessCheck(f func() error) resource.TestCheckFunc {
	return func(_ *terraform.State) error { return f() }
}

func accessWant[T comparable](what string, got, want T) error {
	if got != want {
		return fmt.Errorf("%s = %v, want %v", what, got, want)
	}
	return nil
}

var accessRFC3339 = regexp.MustCompile(`^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$`)

var accessUUID = regexp.MustCompile(`^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$`)

func accessMemberID(username string) *regexp.Regexp {
	return regexp.MustCompile(`^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/` + regexp.QuoteMeta(username) + `$`)
}
