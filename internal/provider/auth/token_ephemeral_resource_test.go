package auth_test

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"os"
	"strings"
	"testing"
	"time"

	tfjson "github.com/hashicorp/terraform-json"
	"github.com/hashicorp/terraform-plugin-testing/config"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfversion"
	"golang.org/x/crypto/bcrypt"

	"github.com/adminapi/terraform-provider-adminapi/internal/acctest"
	"github.com/adminapi/terraform-provider-adminapi/internal/api"
	"github.com/adminapi/terraform-provider-adminapi/internal/client"
	"github.com/adminapi/terraform-provider-adminapi/internal/server"
)

var ephemeralVersions = []tfversion.TerraformVersionCheck{tfversion.SkipBelow(tfversion.Version1_10_0)}

// echoTokenConfig opens adminapi_token "this" with the given arguments, copies
// it into echo.token, and creates the role named `role` through a second
// adminapi provider that authenticates with the token.
func echoTokenConfig(providerBlock, endpoint, arguments, role string) string {
	return providerBlock + fmt.Sprintf(`
ephemeral "adminapi_token" "this" {
%s
}

provider "echo" {
  data = ephemeral.adminapi_token.this
}

resource "echo" "token" {}

provider "adminapi" {
  alias    = "by_token"
  endpoint = %q
  token    = ephemeral.adminapi_token.this.token
}

resource "adminapi_role" "by_token" {
  provider = adminapi.by_token
  name     = %q
}
`, arguments, endpoint, role)
}

// tokenLifecycle checks the token that echo.token holds, after the apply:
// the server issued it to `who`, it created the role during the run, Terraform
// revoked it when it closed the ephemeral resource, and the API refuses it now.
func tokenLifecycle(srv *acctest.Server, rec *tokenRecorder, who string) statecheck.StateCheck {
	return tokenLifecycleCheck{srv: srv, rec: rec, who: who}
}

type tokenLifecycleCheck struct {
	srv *acctest.Server
	rec *tokenRecorder
	who string
}

func (c tokenLifecycleCheck) CheckState(ctx context.Context, req statecheck.CheckStateRequest, resp *statecheck.CheckStateResponse) {
	data, err := echoed(req.State)
	if err != nil {
		resp.Error = err
		return
	}
	token, _ := data["token"].(string)
	if token == "" {
		resp.Error = fmt.Errorf("echo.token holds no token: %v", data)
		return
	}
	var issuedTo error
	if who, ok := c.rec.issuedTo(token); !ok || who != c.who {
		issuedTo = fmt.Errorf("the token was issued to %q (issued by the server: %v), want %q", who, ok, c.who)
	}
	resp.Error = errors.Join(
		issuedTo,
		c.rec.answered(token, http.MethodPost, "/roles", http.StatusCreated),
		c.rec.answered(token, http.MethodPost, "/auth/logout", http.StatusNoContent),
		refused(ctx, c.srv.URL, token),
		expiresWithinAnHour(data["expires_at"]),
	)
}

// echoed answers the data that echo.token copied from the ephemeral resource.
func echoed(state *tfjson.State) (map[string]any, error) {
	if state != nil && state.Values != nil && state.Values.RootModule != nil {
		for _, r := range state.Values.RootModule.Resources {
			if r.Address == "echo.token" {
				data, ok := r.AttributeValues["data"].(map[string]any)
				if !ok {
					return nil, fmt.Errorf("echo.token data = %v", r.AttributeValues["data"])
				}
				return data, nil
			}
		}
	}
	return nil, errors.New("echo.token is not in the state")
}

// refused checks that the API answers 401 to GET /auth/me with the token.
func refused(ctx context.Context, endpoint, token string) error {
	c, err := client.New(client.Config{Endpoint: endpoint, Token: token})
	if err != nil {
		return err
	}
	_, err = c.Me(ctx)
	switch {
	case err == nil:
		return errors.New("GET /auth/me with the closed token answered 200, want 401")
	case !client.IsUnauthorized(err):
		return fmt.Errorf("GET /auth/me with the closed token: got %w, want 401", err)
	}
	return nil
}

func expiresWithinAnHour(v any) error {
	s, _ := v.(string)
	if !acctest.RFC3339.MatchString(s) {
		return fmt.Errorf("expires_at = %q, want RFC 3339 in UTC", s)
	}
	at, err := time.Parse(time.RFC3339, s)
	if err != nil {
		return err
	}
	if now := time.Now(); !at.After(now) || at.After(now.Add(time.Hour+time.Minute)) {
		return fmt.Errorf("expires_at = %s, want within the hour the server's tokens live", s)
	}
	return nil
}

func TestAccToken_providerLogin(t *testing.T) {
	srv, rec := startRecordedServer(t)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: providerFactories(),
		TerraformVersionChecks:   ephemeralVersions,
		Steps: []resource.TestStep{{
			Config:            echoTokenConfig(srv.ProviderBlock(), srv.URL, "", "made-with-login-token"),
			ConfigStateChecks: []statecheck.StateCheck{tokenLifecycle(srv, rec, acctest.AdminUsername)},
		}},
	})
}

func TestAccToken_providerClientCredentials(t *testing.T) {
	const clientID, secret = "ci-pipeline", "ci-pipeline-secret"
	hash, err := bcrypt.GenerateFromPassword([]byte(secret), bcrypt.MinCost)
	if err != nil {
		t.Fatal(err)
	}
	srv, rec := startRecordedServer(t, func(cfg *server.Config) {
		cfg.Clients = []server.APIClient{{ID: clientID, SecretHash: string(hash), Permissions: api.Permissions{
			Users: []string{}, Settings: []string{}, Accounts: []string{},
			PlatformUsers: api.PermissionGroups[api.GroupPlatformUsers],
		}}}
	})
	providerBlock := fmt.Sprintf(`
provider "adminapi" {
  endpoint      = %q
  client_id     = %q
  client_secret = %q
}
`, srv.URL, clientID, secret)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: providerFactories(),
		TerraformVersionChecks:   ephemeralVersions,
		Steps: []resource.TestStep{{
			Config:            echoTokenConfig(providerBlock, srv.URL, "", "made-with-client-token"),
			ConfigStateChecks: []statecheck.StateCheck{tokenLifecycle(srv, rec, clientID)},
		}},
	})
}

// createOps creates the admin user ops, who may manage roles, and answers its password.
func createOps(t *testing.T, srv *acctest.Server) string {
	t.Helper()
	const password = "ops-password-for-tokens"
	_, err := srv.Client.CreateAdminUser(t.Context(), api.CreateAdminUser{Username: "ops", Password: password, Permissions: api.Permissions{
		Users: []string{}, Settings: []string{}, Accounts: []string{}, PlatformUsers: []string{"read", "update"},
	}})
	if err != nil {
		t.Fatalf("create ops: %v", err)
	}
	return password
}

func TestAccToken_staticTokenProvider(t *testing.T) {
	srv, rec := startRecordedServer(t)
	password := createOps(t, srv)
	pair, err := srv.Client.Login(t.Context(), acctest.AdminUsername, acctest.AdminPassword)
	if err != nil {
		t.Fatal(err)
	}
	providerBlock := fmt.Sprintf(`
provider "adminapi" {
  endpoint = %q
  token    = %q
}
`, srv.URL, pair.Token)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: providerFactories(),
		TerraformVersionChecks:   ephemeralVersions,
		Steps: []resource.TestStep{
			{
				Config:      echoTokenConfig(providerBlock, srv.URL, "", "never-made"),
				ExpectError: acctest.ErrorRegexp("Missing username and password", "static token", "Give username and password"),
			},
			{
				Config:            echoTokenConfig(providerBlock, srv.URL, fmt.Sprintf("username = \"ops\"\npassword = %q", password), "made-by-ops"),
				ConfigStateChecks: []statecheck.StateCheck{tokenLifecycle(srv, rec, "ops")},
			},
		},
	})
}

func TestAccToken_badInput(t *testing.T) {
	srv, rec := startRecordedServer(t)
	createOps(t, srv)
	config := func(arguments string) string {
		return srv.Config(fmt.Sprintf("ephemeral \"adminapi_token\" \"this\" {\n%s\n}\n", arguments))
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: providerFactories(),
		TerraformVersionChecks:   ephemeralVersions,
		Steps: []resource.TestStep{
			{
				Config:      config("username = \"Bad User\"\npassword = \"whatever-password\""),
				ExpectError: acctest.ErrorRegexp(`Attribute username must be 3 to 64 of a-z 0-9 . _ -`),
			},
			{
				Config:      config(`password = "whatever-password"`),
				ExpectError: acctest.ErrorRegexp(`Attribute "username" must be specified when "password" is specified`),
			},
			{
				Config:      config(`username = "ops"`),
				ExpectError: acctest.ErrorRegexp(`Attribute "password" must be specified when "username" is specified`),
			},
			{
				Config:      config("username = \"ops\"\npassword = \"\""),
				ExpectError: acctest.ErrorRegexp("Attribute password string length must be at least 1"),
			},
			{
				Config:      config("username = \"ops\"\npassword = \"not-the-password\""),
				ExpectError: acctest.ErrorRegexp("Login refused", `The admin API refused the login of "ops": the username or password is wrong`),
			},
		},
	})
	if n := rec.loginAttempts("Bad User"); n != 0 {
		t.Errorf("a username breaking the rule reached the API: %d logins", n)
	}
	if n := rec.loginAttempts("ops"); n != 1 {
		t.Errorf("ops logged in %d times, want 1: only the wrong password reaches the API", n)
	}
}

const tokenExample = "../../../examples/ephemeral-resources/adminapi_token/ephemeral-resource.tf"

func TestAccToken_example(t *testing.T) {
	srv, rec := startRecordedServer(t)
	password := createOps(t, srv)
	example, err := os.ReadFile(tokenExample)
	if err != nil {
		t.Fatal(err)
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: providerFactories(),
		TerraformVersionChecks:   ephemeralVersions,
		Steps: []resource.TestStep{{
			Config:          srv.Config(strings.ReplaceAll(string(example), "https://lead.example.com", srv.URL)),
			ConfigVariables: config.Variables{"ops_password": config.StringVariable(password)},
			Check: func(*terraform.State) error {
				return rec.usedBy(http.MethodPost, "/roles", http.StatusCreated, "ops")
			},
		}},
	})
}
