package provider_test

import (
	"context"
	"fmt"
	"regexp"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"golang.org/x/crypto/bcrypt"

	"github.com/adminapi/terraform-provider-adminapi/internal/acctest"
	"github.com/adminapi/terraform-provider-adminapi/internal/api"
	"github.com/adminapi/terraform-provider-adminapi/internal/server"
)

const (
	authTestClientID     = "ci-pipeline"
	authTestClientSecret = "ci-pipeline-secret"
)

// Each way to authenticate, through the real Terraform CLI: the provider
// creates a role with it.
func TestAccProvider_authMethods(t *testing.T) {
	hash, err := bcrypt.GenerateFromPassword([]byte(authTestClientSecret), bcrypt.MinCost)
	if err != nil {
		t.Fatal(err)
	}
	srv := acctest.StartServer(t, func(c *server.Config) {
		c.Clients = []server.APIClient{{
			ID: authTestClientID, SecretHash: string(hash),
			Permissions: api.Permissions{Users: []string{}, Settings: []string{}, PlatformUsers: []string{"read", "update"}, Accounts: []string{}},
		}}
	})
	pair, err := srv.Client.Login(context.Background(), acctest.AdminUsername, acctest.AdminPassword)
	if err != nil {
		t.Fatal(err)
	}
	methods := map[string]string{
		"token":              fmt.Sprintf("token = %q", pair.Token),
		"login":              fmt.Sprintf("username = %q\n  password = %q", acctest.AdminUsername, acctest.AdminPassword),
		"client-credentials": fmt.Sprintf("client_id = %q\n  client_secret = %q\n  scopes = [\"admin\"]", authTestClientID, authTestClientSecret),
	}
	for name, auth := range methods {
		t.Run(name, func(t *testing.T) {
			role := "auth-" + name
			resource.Test(t, resource.TestCase{
				ProtoV6ProviderFactories: acctest.ProviderFactories,
				Steps: []resource.TestStep{{
					Config: fmt.Sprintf(`
provider "adminapi" {
  endpoint = %q
  %s
}

resource "adminapi_role" "r" {
  name = %q
}
`, srv.URL, auth, role),
					Check: func(*terraform.State) error {
						_, err := srv.Client.GetRole(context.Background(), role)
						return err
					},
				}},
			})
		})
	}
}

// No way, or two ways, to authenticate fails at plan time, naming the
// attributes and their environment variables.
func TestAccProvider_authErrors(t *testing.T) {
	srv := acctest.StartServer(t)
	cases := map[string]struct {
		auth string
		want *regexp.Regexp
	}{
		"none": {"", phrases("No way to authenticate", "token (ADMINAPI_TOKEN)", "username + password (ADMINAPI_USERNAME + ADMINAPI_PASSWORD)", "client_id + client_secret (ADMINAPI_CLIENT_ID + ADMINAPI_CLIENT_SECRET)")},
		"two": {`token = "x"
  client_id = "a"
  client_secret = "b"`, phrases("More than one way to authenticate", "Found: token (ADMINAPI_TOKEN) and client_id + client_secret")},
		"half": {`username = "ops"`, phrases("password is needed with username + password", "ADMINAPI_PASSWORD")},
		"wrong password": {`username = "admin"
  password = "not-the-password"`, phrases("Could not authenticate to the admin API", "401 invalid-credentials")},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			for _, env := range []string{"ADMINAPI_TOKEN", "ADMINAPI_USERNAME", "ADMINAPI_PASSWORD", "ADMINAPI_CLIENT_ID", "ADMINAPI_CLIENT_SECRET"} {
				t.Setenv(env, "")
			}
			resource.Test(t, resource.TestCase{
				ProtoV6ProviderFactories: acctest.ProviderFactories,
				Steps: []resource.TestStep{{
					Config: fmt.Sprintf(`
provider "adminapi" {
  endpoint = %q
  %s
}

resource "adminapi_role" "r" {
  name = "never-created"
}
`, srv.URL, tc.auth),
					PlanOnly:    true,
					ExpectError: tc.want,
				}},
			})
			if _, err := srv.Client.GetRole(context.Background(), "never-created"); err == nil {
				t.Error("the role was created although the provider configuration is invalid")
			}
		})
	}
}

// phrases matches the given phrases in order, whatever line wrapping
// Terraform puts between their words.
func phrases(ps ...string) *regexp.Regexp {
	quoted := make([]string, len(ps))
	for i, p := range ps {
		quoted[i] = strings.Join(strings.Fields(regexp.QuoteMeta(p)), `\s+`)
	}
	return regexp.MustCompile(`(?s)` + strings.Join(quoted, ".*"))
}

// A provider argument that depends on a value known only after apply is a
// clear plan-time error naming it, not a crash.
func TestAccProvider_unknownConfiguration(t *testing.T) {
	srv := acctest.StartServer(t)
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		Steps: []resource.TestStep{{
			Config: fmt.Sprintf(`
resource "terraform_data" "token" {
  input = "later"
}

provider "adminapi" {
  endpoint = %q
  token    = terraform_data.token.output
}

resource "adminapi_role" "r" {
  name = "never-created"
}
`, srv.URL),
			PlanOnly:    true,
			ExpectError: phrases("Provider configuration not known until apply", "needs token to plan"),
		}},
	})
}
