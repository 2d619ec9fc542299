package platformuser_test

import (
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"testing"

	"github.com/adminapi/terraform-provider-adminapi/internal/acctest"
	"github.com/adminapi/terraform-provider-adminapi/internal/api"
)

// TestAccQuery_generateConfig: the configuration `terraform query
// -generate-config-out` writes from the list resources plans with no
// change for platform users as a platform holds them. An admin user's
// needs a password first, which the plan asks for; with one, setting it is
// the only change.
func TestAccQuery_generateConfig(t *testing.T) {
	t.Parallel()
	cli := newQueryCLI(t)
	srv := acctest.StartServer(t)
	users, _ := guideUsers(60)
	acctest.CreatePlatformUsersConcurrently(t, srv, users)
	importWithQuery(t, cli, srv, users)

	ops := api.CreateAdminUser{Username: "ops", Password: "ops-password", Permissions: api.Permissions{
		Users: []string{"read"}, Settings: []string{}, PlatformUsers: []string{"read", "update"}, Accounts: []string{},
	}}
	if _, err := srv.Client.CreateAdminUser(t.Context(), ops); err != nil {
		t.Fatal(err)
	}
	if err := os.Remove(filepath.Join(cli.dir, "users.tfquery.hcl")); err != nil {
		t.Fatal(err)
	}
	cli.write("admins.tfquery.hcl", `
list "adminapi_admin_user" "admins" {
  provider         = adminapi
  include_resource = true
}
`)
	cli.mustRun("query", "-no-color", "-generate-config-out=admins.tf")
	out, err := cli.run("plan", "-input=false", "-no-color")
	if err == nil || !acctest.ErrorRegexp("At least one of these attributes must be configured", "[password,password_wo,password_wo_version]").MatchString(out) {
		t.Fatalf("plan of generated admin users without a password: %v, want the password asked for:\n%s", err, out)
	}
	admins := cli.read("admins.tf")
	admins = regexp.MustCompile(`(?m)^(\s*)password_wo\s*=\s*null.*$`).ReplaceAllString(admins, `${1}password_wo = "a-new-password"`)
	admins = regexp.MustCompile(`(?m)^(\s*)password_wo_version\s*=\s*null.*$`).ReplaceAllString(admins, `${1}password_wo_version = 1`)
	cli.write("admins.tf", admins)
	plan, summary := cli.plan()
	if summary != "Plan: 2 to import, 0 to add, 2 to change, 0 to destroy." {
		t.Fatalf("the plan says %q, want both admin users imported and their password set", summary)
	}
	for _, rc := range plan.ResourceChanges {
		if rc.Type != "adminapi_admin_user" {
			continue
		}
		changed := guideChangedAttributes(rc.Change.Before, rc.Change.After)
		if rc.Change.Importing == nil || !slices.Equal(changed, []string{"password_wo_version: <nil> -> 1"}) {
			t.Errorf("%s: importing %v, changes %v, want an import that only sets password_wo_version", rc.Address, rc.Change.Importing, changed)
		}
	}
}
