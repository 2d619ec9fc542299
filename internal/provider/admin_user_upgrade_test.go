package provider_test

import (
	"slices"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/tfversion"

	"github.com/adminapi/terraform-provider-adminapi/internal/acctest"
	"github.com/adminapi/terraform-provider-adminapi/internal/api"
)

// adminUserV0Config is the configuration testdata/admin_user_v0.tfstate
// was written for: accounts left out (version 0 stored it as []).
const adminUserV0Config = `
resource "adminapi_admin_user" "ops" {
  username = "ops-v0"
  password = "ops-v0-password"
  permissions = {
    users          = ["read"]
    settings       = ["read", "update"]
    platform_users = ["read", "create"]
  }
}
`

// TestAccAdminUser_stateUpgradePermissionsMap: state written with schema
// version 0 (testdata/admin_user_v0.tfstate, `permissions` an object of
// four sets) plans no change with schema version 1 (`permissions` a map);
// the next refresh writes version 1 with the configured groups only. A
// configuration that then writes the left-out group as [] applies without
// changing the admin user, and plans no change after.
func TestAccAdminUser_stateUpgradePermissionsMap(t *testing.T) {
	acctest.SkipBelowCLI(t, tfversion.Version1_11_0)
	srv := acctest.StartServer(t)
	password := "ops-v0-password"
	if _, err := srv.Client.CreateAdminUser(t.Context(), api.CreateAdminUser{Username: "ops-v0", Password: password, Permissions: api.Permissions{
		Users: []string{"read"}, Settings: []string{"read", "update"}, PlatformUsers: []string{"read", "create"}, Accounts: []string{},
	}}); err != nil {
		t.Fatal(err)
	}
	tf := acctest.NewTerraform(t)
	tf.WriteConfig(t, srv.Config(adminUserV0Config))
	tf.WriteState(t, "testdata/admin_user_v0.tfstate")
	if out, err := tf.Run(t, "plan", "-detailed-exitcode", "-no-color"); exitCode(err) != 0 {
		t.Fatalf("plan of state written by schema version 0: %v, want no change:\n%s", err, out)
	}
	if out, err := tf.Run(t, "apply", "-refresh-only", "-auto-approve", "-no-color"); err != nil {
		t.Fatalf("apply -refresh-only: %v\n%s", err, out)
	}
	var attrs struct {
		Username    string              `json:"username"`
		Permissions map[string][]string `json:"permissions"`
	}
	version := tf.StateInstance(t, "adminapi_admin_user", &attrs)
	keys := make([]string, 0, len(attrs.Permissions))
	for k := range attrs.Permissions {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	if version != 1 || attrs.Username != "ops-v0" || !slices.Equal(keys, []string{"platform_users", "settings", "users"}) {
		t.Errorf("upgraded state: schema version %d, username %s, permissions %v; want version 1, ops-v0, the three configured groups",
			version, attrs.Username, attrs.Permissions)
	}

	tf.WriteConfig(t, srv.Config(strings.Replace(adminUserV0Config, "  }\n}", "    accounts       = []\n  }\n}", 1)))
	if out, err := tf.Run(t, "apply", "-auto-approve", "-no-color"); err != nil {
		t.Fatalf("apply with accounts = []: %v\n%s", err, out)
	}
	if out, err := tf.Run(t, "plan", "-detailed-exitcode", "-no-color"); exitCode(err) != 0 {
		t.Errorf("plan after accounts = []: %v, want no change:\n%s", err, out)
	}
}
