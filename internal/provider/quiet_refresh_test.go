package provider_test

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/tfversion"

	"github.com/adminapi/terraform-provider-adminapi/internal/acctest"
	"github.com/adminapi/terraform-provider-adminapi/internal/api"
)

// everyType is a configuration holding every resource type with its
// dependents, as a pipeline's would.
const everyType = `
resource "adminapi_admin_user" "ops" {
  username            = "quiet-ops"
  password_wo         = "quiet-ops-password"
  password_wo_version = 1
  permissions         = { platform_users = ["read"] }
}

resource "adminapi_role" "auditor" {
  name        = "quiet-auditor"
  description = "Reads the audit trail"
}

resource "adminapi_platform_user" "alice" {
  username = "quiet-alice"
  email    = "quiet-alice@example.com"
  ldap     = true
  tags     = ["ops"]
}

resource "adminapi_user_role" "alice_auditor" {
  username = adminapi_platform_user.alice.id
  role     = adminapi_role.auditor.name
}

resource "adminapi_account" "corp" {
  name = "Quiet Corp"
}

resource "adminapi_account_user" "alice_corp" {
  account_id = adminapi_account.corp.id
  username   = adminapi_platform_user.alice.id
  role       = "user"
}

resource "adminapi_platform_settings" "this" {
  settings = {
    EMAIL_SETTINGS = { EMAIL_ENABLED = jsonencode(true) }
  }
}
`

// TestAccQuietRefresh: after an apply of every resource type with its
// dependents, a drift job's refresh finds nothing (exit 0) and a plan is
// empty: no user "has changed" because an assignment gave it a role.
func TestAccQuietRefresh(t *testing.T) {
	acctest.SkipBelowCLI(t, tfversion.Version1_12_0) // 1.11's refresh-only plan exits 2 on "No changes": see the troubleshooting guide
	srv := acctest.StartServer(t)
	tf := acctest.NewTerraform(t)
	tf.WriteConfig(t, srv.Config(everyType))
	if out, err := tf.Run(t, "apply", "-auto-approve", "-no-color"); err != nil {
		t.Fatalf("apply: %v\n%s", err, out)
	}
	for _, args := range [][]string{{"plan", "-refresh-only"}, {"plan"}} {
		out, err := tf.Run(t, append(args, "-detailed-exitcode", "-no-color")...)
		if code := exitCode(err); code != 0 {
			t.Errorf("terraform %s -detailed-exitcode: exit %d, want 0:\n%s", strings.Join(args, " "), code, out)
		}
	}
}

// TestAccPlatformUser_stateUpgradeDropsRoles: state that today's provider
// wrote with schema version 0 (testdata/platform_user_v0.tfstate, with
// roles) plans no change; the next apply writes schema version 1 without
// roles.
func TestAccPlatformUser_stateUpgradeDropsRoles(t *testing.T) {
	acctest.SkipBelowCLI(t, tfversion.Version1_11_0)
	srv := acctest.StartServer(t)
	ctx, ldap := t.Context(), true
	if _, err := srv.Client.CreatePlatformUser(ctx, api.CreatePlatformUser{Username: "alice-v0", Email: "alice-v0@example.com", LDAP: &ldap}); err != nil {
		t.Fatal(err)
	}
	if _, err := srv.Client.CreateRole(ctx, api.CreateRole{Name: "auditor"}); err != nil {
		t.Fatal(err)
	}
	if _, err := srv.Client.AssignRole(ctx, "alice-v0", "auditor"); err != nil {
		t.Fatal(err)
	}
	tf := acctest.NewTerraform(t)
	tf.WriteConfig(t, srv.Config(`
resource "adminapi_platform_user" "alice" {
  username = "alice-v0"
  email    = "alice-v0@example.com"
  ldap     = true
}
resource "adminapi_role" "auditor" {
  name = "auditor"
}
resource "adminapi_user_role" "alice_auditor" {
  username = adminapi_platform_user.alice.id
  role     = adminapi_role.auditor.name
}
`))
	tf.WriteState(t, "testdata/platform_user_v0.tfstate")
	if out, err := tf.Run(t, "plan", "-detailed-exitcode", "-no-color"); exitCode(err) != 0 {
		t.Fatalf("plan of state written by schema version 0: %v, want no change:\n%s", err, out)
	}
	if out, err := tf.Run(t, "apply", "-refresh-only", "-auto-approve", "-no-color"); err != nil {
		t.Fatalf("apply -refresh-only: %v\n%s", err, out)
	}
	var attrs map[string]json.RawMessage
	version := tf.StateInstance(t, "adminapi_platform_user", &attrs)
	if _, ok := attrs["roles"]; ok || version != 1 || string(attrs["username"]) != `"alice-v0"` {
		t.Errorf("upgraded state: schema version %d, roles kept %v, username %s; want version 1 without roles", version, ok, attrs["username"])
	}
}
