package provider_test

import (
	"context"
	"encoding/base64"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfversion"
	"golang.org/x/crypto/bcrypt"

	"github.com/adminapi/terraform-provider-adminapi/internal/acctest"
	"github.com/adminapi/terraform-provider-adminapi/internal/api"
	"github.com/adminapi/terraform-provider-adminapi/internal/server"
)

const (
	logTestClientID     = "log-test-pipeline"
	logTestClientSecret = "log-test-client-secret-7f3a9c"
	logTestOpsPassword  = "log-test-ops-password-2b8e1d"
)

// captureTraceLog sends every log line of the Terraform runs of resource.Test
// to one file, at TRACE, and answers its path. How it gets there:
//   - Terraform CLI: terraform-plugin-testing (internal/plugintest) gives the
//     CLI TF_LOG_PATH=$TF_ACC_LOG_PATH through terraform-exec, whose
//     SetLogPath sets TF_LOG=TRACE with it (terraform-exec otherwise clears
//     TF_LOG* for the CLI): core, plan, apply, destroy, state reads.
//   - The provider under test runs in this process (provider factories):
//     terraform-plugin-testing serves it with plugin.ServeOpts.UseTFLogSink,
//     so tf6server builds each request's loggers with
//     tfsdklog.ContextWithTestLogging, which writes to $TF_ACC_LOG_PATH at
//     TRACE. The levels of the provider's own logger
//     (TF_LOG_PROVIDER_ADMINAPI: tflog, e.g. the client's request lines) and of
//     the SDK's subsystems (TF_LOG_SDK, _PROTO, _FRAMEWORK) are set to TRACE
//     here, so that no ambient setting turns them down.
//   - Not captured: the test harness's own subsystem (helper_resource), which
//     prints each step's configuration, the test's secrets included: it is
//     no part of what a user running Terraform sees. TF_LOG_SDK_PROTO_DATA_DIR
//     (protocol dumps, off by default) stays unset.
func captureTraceLog(t *testing.T) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "trace.log")
	for env, value := range map[string]string{
		"TF_ACC_LOG_PATH":            path,
		"TF_LOG":                     "TRACE",
		"TF_ACC_LOG":                 "",
		"TF_LOG_CORE":                "",
		"TF_LOG_PATH":                "",
		"TF_LOG_PATH_MASK":           "",
		"TF_LOG_PROVIDER":            "",
		"TF_LOG_PROVIDER_ADMINAPI":   "TRACE",
		"TF_LOG_SDK":                 "TRACE",
		"TF_LOG_SDK_PROTO":           "TRACE",
		"TF_LOG_SDK_FRAMEWORK":       "TRACE",
		"TF_LOG_SDK_HELPER_RESOURCE": "OFF",
		"TF_LOG_SDK_PROTO_DATA_DIR":  "",
	} {
		t.Setenv(env, value)
	}
	return path
}

// secretLeak is a line of the log that holds a secret.
type secretLeak struct {
	secret string
	line   int
}

// findSecrets answers where the log at path holds any of the secrets, and
// how many lines it has.
func findSecrets(path string, secrets []string) ([]secretLeak, int, error) {
	raw, err := os.ReadFile(path)
	if err != nil {
		return nil, 0, err
	}
	lines := strings.Split(strings.TrimSuffix(string(raw), "\n"), "\n")
	var leaks []secretLeak
	for i, line := range lines {
		for _, s := range secrets {
			if strings.Contains(line, s) {
				leaks = append(leaks, secretLeak{secret: s, line: i + 1})
			}
		}
	}
	return leaks, len(lines), nil
}

// withDerivedForms adds to each secret the forms it could be logged in
// otherwise: a token's signature alone, and client_id:secret in Basic auth.
func withDerivedForms(secrets []string) []string {
	out := slices.Clone(secrets)
	for _, s := range secrets {
		if parts := strings.Split(s, "."); len(parts) == 3 && len(parts[2]) >= 16 {
			out = append(out, parts[2])
		}
	}
	basic := base64.StdEncoding.EncodeToString([]byte(logTestClientID + ":" + logTestClientSecret))
	return append(out, basic, logTestClientSecret)
}

// secretsConfig manages every resource that carries a secret, both ways
// (password kept in state, password_wo not), and opens both ephemeral
// resources, which the preconditions use.
func secretsConfig(provider, accountID, gen string, version int) string {
	return provider + fmt.Sprintf(`
resource "adminapi_admin_user" "plain" {
  username    = "log-admin-plain"
  password    = "admin-plain-%[1]s"
  permissions = { accounts = ["read"] }
}

resource "adminapi_admin_user" "wo" {
  username            = "log-admin-wo"
  password_wo         = "admin-wo-%[1]s"
  password_wo_version = %[2]d
  permissions         = { accounts = ["read"] }
}

resource "adminapi_platform_user" "plain" {
  username = "log-user-plain"
  email    = "log-user-plain@example.com"
  password = "user-plain-%[1]s"
}

resource "adminapi_platform_user" "wo" {
  username            = "log-user-wo"
  email               = "log-user-wo@example.com"
  password_wo         = "user-wo-%[1]s"
  password_wo_version = %[2]d
}

ephemeral "adminapi_token" "own" {}

ephemeral "adminapi_token" "ops" {
  username = "log-ops"
  password = %[3]q
}

ephemeral "adminapi_account_activation_code" "code" {
  account_id = %[4]q
}

resource "terraform_data" "uses_ephemerals" {
  lifecycle {
    precondition {
      condition = alltrue([
        length(ephemeral.adminapi_token.own.token) > 20,
        length(ephemeral.adminapi_token.ops.token) > 20,
        length(ephemeral.adminapi_account_activation_code.code.activation_code) == 8,
      ])
      error_message = "An ephemeral value is missing."
    }
  }
}
`, gen, version, logTestOpsPassword, accountID)
}

// passwords are the passwords secretsConfig sets for one generation.
func passwords(gen string) (kept, writeOnly []string) {
	return []string{"admin-plain-" + gen, "user-plain-" + gen}, []string{"admin-wo-" + gen, "user-wo-" + gen}
}

// stateHoldsNone checks that the state holds none of the secrets known when
// the check runs.
func stateHoldsNone(secrets func() []string) statecheck.StateCheck {
	return lateStateCheck(func() []statecheck.StateCheck {
		var checks []statecheck.StateCheck
		for _, s := range secrets() {
			checks = append(checks, acctest.StateHolds(s, false))
		}
		return checks
	})
}

type lateStateCheck func() []statecheck.StateCheck

func (f lateStateCheck) CheckState(ctx context.Context, req statecheck.CheckStateRequest, resp *statecheck.CheckStateResponse) {
	var errs []error
	for _, c := range f() {
		var r statecheck.CheckStateResponse
		c.CheckState(ctx, req, &r)
		errs = append(errs, r.Error)
	}
	resp.Error = errors.Join(errs...)
}

func secretStateChecks(gen string, rec *acctest.Requests, provider []string) []statecheck.StateCheck {
	kept, writeOnly := passwords(gen)
	checks := []statecheck.StateCheck{stateHoldsNone(rec.IssuedSecrets)}
	for _, s := range kept {
		checks = append(checks, acctest.StateHolds(s, true))
	}
	for _, s := range append(append(writeOnly, logTestOpsPassword), provider...) {
		checks = append(checks, acctest.StateHolds(s, false))
	}
	return checks
}

// TestAccSecrets_notLogged runs plan, apply, an update of every password and
// destroy with TF_LOG=TRACE, once for each way the provider authenticates
// with credentials, and searches the whole log (Terraform's and the
// provider's lines) for every secret the test knows or the server issued.
// Not parallel: it sets environment variables.
func TestAccSecrets_notLogged(t *testing.T) {
	hash, err := bcrypt.GenerateFromPassword([]byte(logTestClientSecret), bcrypt.MinCost)
	if err != nil {
		t.Fatal(err)
	}
	all := api.Permissions{Users: api.PermissionGroups[api.GroupUsers], Settings: api.PermissionGroups[api.GroupSettings],
		PlatformUsers: api.PermissionGroups[api.GroupPlatformUsers], Accounts: api.PermissionGroups[api.GroupAccounts]}
	ways := []struct {
		name, auth string
		secrets    []string
	}{
		{"login", fmt.Sprintf("username = %q\n  password = %q", acctest.AdminUsername, acctest.AdminPassword), []string{acctest.AdminPassword}},
		{"client-credentials", fmt.Sprintf("client_id = %q\n  client_secret = %q", logTestClientID, logTestClientSecret), []string{logTestClientSecret}},
	}
	for _, way := range ways {
		t.Run(way.name, func(t *testing.T) {
			logPath := captureTraceLog(t)
			srv, rec := acctest.StartRecordedServer(t, func(c *server.Config) {
				c.Clients = []server.APIClient{{ID: logTestClientID, SecretHash: string(hash), Permissions: all}}
			})
			ctx := context.Background()
			ops := api.CreateAdminUser{Username: "log-ops", Password: logTestOpsPassword,
				Permissions: api.Permissions{Users: []string{}, Settings: []string{}, PlatformUsers: []string{}, Accounts: []string{"read"}}}
			if _, err := srv.Client.CreateAdminUser(ctx, ops); err != nil {
				t.Fatal(err)
			}
			account, err := srv.Client.CreateAccount(ctx, api.AccountInput{Name: "log-account"})
			if err != nil {
				t.Fatal(err)
			}
			provider := fmt.Sprintf("provider \"adminapi\" {\n  endpoint = %q\n  %s\n}\n", srv.URL, way.auth)
			resource.Test(t, resource.TestCase{
				ProtoV6ProviderFactories: acctest.ProviderFactories,
				TerraformVersionChecks:   []tfversion.TerraformVersionCheck{tfversion.SkipBelow(tfversion.Version1_11_0)},
				Steps: []resource.TestStep{
					{Config: secretsConfig(provider, account.ID, "first-4c1d", 1), ConfigStateChecks: secretStateChecks("first-4c1d", rec, way.secrets)},
					{Config: secretsConfig(provider, account.ID, "second-9e2f", 2), ConfigStateChecks: secretStateChecks("second-9e2f", rec, way.secrets)},
				},
			})
			code, err := srv.Client.GetActivationCode(ctx, account.ID)
			if err != nil {
				t.Fatal(err)
			}
			issued := rec.IssuedSecrets()
			// At least: the provider's own login or token, and the two
			// ephemeral tokens of each of the 4 runs (plan and apply, twice).
			if len(issued) < 9 {
				t.Errorf("the recorder saw %d tokens and codes issued, want at least 9: %v", len(issued), issued)
			}
			if !slices.Contains(issued, code.ActivationCode) {
				t.Errorf("the recorder did not see the activation code %s among what the server issued", code.ActivationCode)
			}
			secrets := append(append(issued, way.secrets...), logTestOpsPassword, code.ActivationCode)
			for _, gen := range []string{"first-4c1d", "second-9e2f"} {
				kept, writeOnly := passwords(gen)
				secrets = append(append(secrets, kept...), writeOnly...)
			}
			checkLogClean(t, logPath, withDerivedForms(secrets))
		})
	}
}

// checkLogClean fails when the log holds a secret, or when it is too thin to
// prove anything: it must hold Terraform's lines for plan, apply and
// destroy, the provider's SDK lines for each type and its own request lines
// for the password changes and the token revocation; and a secret planted
// in it must be found.
func checkLogClean(t *testing.T, path string, secrets []string) {
	t.Helper()
	leaks, lines, err := findSecrets(path, secrets)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("searched the %d lines of the TRACE log for %d secrets", lines, len(secrets))
	for _, l := range leaks {
		t.Errorf("the TRACE log holds secret %q on line %d", l.secret, l.line)
	}
	raw, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	log := string(raw)
	cli, version := "terraform", "Terraform version: "
	if acctest.OpenTofu() {
		cli, version = "tofu", "OpenTofu version: "
	}
	for _, want := range []string{
		version, cli + `", "plan"`, cli + `", "apply"`, cli + `", "destroy"`, // the CLI
		"tf_resource_type=adminapi_admin_user", "tf_resource_type=adminapi_platform_user", // the provider (SDK lines)
		"tf_ephemeral_resource_type=adminapi_token", "tf_ephemeral_resource_type=adminapi_account_activation_code",
		"tf_rpc=ApplyResourceChange", "tf_rpc=OpenEphemeralResource", "tf_rpc=CloseEphemeralResource",
		"Calling provider defined", // terraform-plugin-framework at TRACE
		"adminapi request",         // the provider's own logger: the client's request lines, at DEBUG
		"path=/auth/logout", "path=/users/log-admin-wo/reset-password", "path=/platform-users/log-user-wo/password", "method=DELETE",
	} {
		if !strings.Contains(log, want) {
			t.Errorf("the TRACE log (%d lines) lacks %q: it does not capture what it should", lines, want)
		}
	}
	if lines < 2000 {
		t.Errorf("the TRACE log has %d lines, want at least 2000", lines)
	}
	plantSecret(t, path, lines, secrets)
}

// plantSecret copies the log with one of the secrets written into a
// harmless line in its middle, and checks that findSecrets reports exactly
// that line.
func plantSecret(t *testing.T, path string, lines int, secrets []string) {
	t.Helper()
	raw, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	all := strings.Split(string(raw), "\n")
	mid := lines / 2
	planted := logTestOpsPassword
	all[mid-1] += " harmless=" + planted
	copyPath := path + ".planted"
	if err := os.WriteFile(copyPath, []byte(strings.Join(all, "\n")), 0o600); err != nil {
		t.Fatal(err)
	}
	leaks, _, err := findSecrets(copyPath, secrets)
	if err != nil {
		t.Fatal(err)
	}
	if want := []secretLeak{{secret: planted, line: mid}}; !slices.Equal(leaks, want) {
		t.Errorf("planted secret on line %d: findSecrets answered %v, want %v", mid, leaks, want)
	}
}
