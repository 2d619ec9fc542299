package provider_test

import (
	"errors"
	"fmt"
	"os/exec"
	"strings"
	"testing"

	"golang.org/x/crypto/bcrypt"

	"github.com/adminapi/terraform-provider-adminapi/internal/acctest"
	"github.com/adminapi/terraform-provider-adminapi/internal/api"
	"github.com/adminapi/terraform-provider-adminapi/internal/server"
)

const (
	limitedClientID     = "ci-no-delete"
	limitedClientSecret = "ci-no-delete-secret"
)

// TestAccPermissionCheck: an API client without platformUsers:delete plans
// the destroy of a platform user. By default the plan warns, naming the
// permission, the object and the caller; with permission_check = "error"
// it fails before anything is written; with "off", and with a caller that
// holds every permission, it says nothing.
func TestAccPermissionCheck(t *testing.T) {
	hash, err := bcrypt.GenerateFromPassword([]byte(limitedClientSecret), bcrypt.MinCost)
	if err != nil {
		t.Fatal(err)
	}
	var log acctest.RequestLog
	srv := acctest.StartServer(t, func(c *server.Config) {
		c.Logger = log.Logger()
		c.Clients = []server.APIClient{{ID: limitedClientID, SecretHash: string(hash), Permissions: api.Permissions{
			Users: []string{}, Settings: []string{}, PlatformUsers: []string{"read", "create", "update"}, Accounts: []string{},
		}}}
	})
	acctest.CreatePlatformUsers(t, srv, "doomed-user")
	tf := acctest.NewTerraform(t)
	limited := func(extra string) string {
		return fmt.Sprintf("provider \"adminapi\" {\n  endpoint = %q\n  client_id = %q\n  client_secret = %q\n  %s\n}\n",
			srv.URL, limitedClientID, limitedClientSecret, extra)
	}
	user := `
import {
  to = adminapi_platform_user.doomed
  id = "doomed-user"
}

resource "adminapi_platform_user" "doomed" {
  username = "doomed-user"
  email    = "doomed-user@example.com"
}
`
	tf.WriteConfig(t, limited("")+user)
	if out, err := tf.Run(t, "apply", "-auto-approve", "-no-color"); err != nil || strings.Contains(out, "Missing permission") {
		t.Fatalf("import with the permissions it needs: %v\n%s", err, out)
	}
	writes := func() int {
		return log.Count("POST", "", 0) + log.Count("PUT", "", 0) + log.Count("PATCH", "", 0) + log.Count("DELETE", "", 0) -
			log.Count("POST", "/oauth/token", 0)
	}
	before := writes()

	tf.WriteConfig(t, limited(""))
	out, err := tf.Run(t, "plan", "-no-color", "-detailed-exitcode")
	warning := []string{"Warning: Missing permission platformUsers:delete to destroy platform user", `"doomed-user"`,
		`adminapi_platform_user with id "doomed-user"`, "DELETE /platform-users/{username}", `API client "ci-no-delete"`, `permission_check`}
	if code := exitCode(err); code != 2 || !acctest.ErrorRegexp(warning...).MatchString(out) {
		t.Errorf("plan by default: exit %d, want 2 with the warning %q:\n%s", code, warning, out)
	}
	t.Logf("the plan by default:\n%s", out)

	tf.WriteConfig(t, limited(`permission_check = "error"`))
	out, err = tf.Run(t, "apply", "-auto-approve", "-no-color")
	if err == nil || !acctest.ErrorRegexp(append([]string{"Error: Missing permission platformUsers:delete"}, warning[1:]...)...).MatchString(out) {
		t.Errorf("apply with permission_check = \"error\": %v, want it refused at plan time:\n%s", err, out)
	}
	t.Logf("the apply with permission_check = \"error\":\n%s", out)
	if got := writes(); got != before {
		t.Errorf("%d writes reached the server after a refused plan:\n%s", got-before, log.Statuses())
	}

	for name, provider := range map[string]string{
		"off":              limited(`permission_check = "off"`),
		"every permission": srv.ProviderBlock(),
	} {
		tf.WriteConfig(t, provider)
		if out, err := tf.Run(t, "plan", "-no-color"); err != nil || strings.Contains(out, "Missing permission") {
			t.Errorf("plan with %s: %v, want no permission diagnostic:\n%s", name, err, out)
		}
	}
}

func exitCode(err error) int {
	var exit *exec.ExitError
	switch {
	case err == nil:
		return 0
	case errors.As(err, &exit):
		return exit.ExitCode()
	}
	return -1
}

// TestAccPermissionCheck_dataSource: a data source read the caller lacks
// the permission for warns by default (the read itself then fails with the
// API's 403), and with permission_check = "error" fails before any call.
func TestAccPermissionCheck_dataSource(t *testing.T) {
	hash, err := bcrypt.GenerateFromPassword([]byte(limitedClientSecret), bcrypt.MinCost)
	if err != nil {
		t.Fatal(err)
	}
	var log acctest.RequestLog
	srv := acctest.StartServer(t, func(c *server.Config) {
		c.Logger = log.Logger()
		c.Clients = []server.APIClient{{ID: limitedClientID, SecretHash: string(hash), Permissions: api.Permissions{
			Users: []string{}, Settings: []string{}, PlatformUsers: []string{"read"}, Accounts: []string{},
		}}}
	})
	tf := acctest.NewTerraform(t)
	config := func(check string) string {
		return fmt.Sprintf("provider \"adminapi\" {\n  endpoint = %q\n  client_id = %q\n  client_secret = %q\n  permission_check = %q\n}\n",
			srv.URL, limitedClientID, limitedClientSecret, check) + `
data "adminapi_accounts" "all" {}
data "adminapi_roles" "all" {}

resource "adminapi_role" "auditor" {
  name = "auditor"
}
`
	}
	tf.WriteConfig(t, config("warn"))
	out, err := tf.Run(t, "plan", "-no-color")
	if err == nil || !acctest.ErrorRegexp("Warning: Missing permission accounts:read to read data source", "adminapi_accounts",
		"GET /accounts", `API client "ci-no-delete"`).MatchString(out) || strings.Contains(out, "to read data source \"adminapi_roles\"") {
		t.Errorf("plan with warn: %v, want a warning for adminapi_accounts only, then the API's 403:\n%s", err, out)
	}
	if !acctest.ErrorRegexp(`Warning: Missing permission platformUsers:update to create role "auditor"`, "POST /roles").MatchString(out) {
		t.Errorf("plan with warn: want the role to create named in its warning:\n%s", out)
	}
	tf.WriteConfig(t, config("error"))
	before := log.Count("GET", "/accounts", 0)
	out, err = tf.Run(t, "plan", "-no-color")
	if err == nil || !acctest.ErrorRegexp("Error: Missing permission accounts:read to read data source", "adminapi_accounts").MatchString(out) {
		t.Errorf("plan with error: %v, want the read refused:\n%s", err, out)
	}
	if got := log.Count("GET", "/accounts", 0); got != before {
		t.Errorf("GET /accounts was called %d times after the refusal", got-before)
	}
}
