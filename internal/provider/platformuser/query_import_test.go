package platformuser_test

import (
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	tfjson "github.com/hashicorp/terraform-json"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"

	"github.com/adminapi/terraform-provider-adminapi/internal/acctest"
	"github.com/adminapi/terraform-provider-adminapi/internal/api"
)

const requiredProviders = `
terraform {
  required_providers {
    adminapi = { source = "adminapi/adminapi" }
  }
}
`

// importWithQuery follows the guide with Terraform 1.14+: its query file
// and `terraform query -generate-config-out=generated.tf` over the users of
// srv, then a plan that imports every user and changes none, the apply, and
// a plan with nothing to do; no user is changed, and no generated line
// holds a password or invitation token of users, those of srv.
func importWithQuery(t *testing.T, cli *queryCLI, srv *acctest.Server, users []api.CreatePlatformUser) {
	t.Helper()
	passwords := map[string]string{}
	var secrets []string
	for _, u := range users {
		if u.Password != nil {
			passwords[u.Username] = *u.Password
			secrets = append(secrets, *u.Password)
		}
		if u.InvitationToken != nil {
			secrets = append(secrets, *u.InvitationToken)
		}
	}
	before := map[string]time.Time{}
	for u, err := range srv.Client.PlatformUsers(t.Context(), api.PlatformUserFilter{}) {
		if err != nil {
			t.Fatal(err)
		}
		before[u.Username] = u.UpdatedAt
	}
	query, err := os.ReadFile(filepath.Join(guideExampleDir, "users.tfquery.hcl"))
	if err != nil {
		t.Fatal(err)
	}
	cli.write("providers.tf", requiredProviders+srv.ProviderBlock())
	cli.write("users.tfquery.hcl", string(query))

	start := time.Now()
	cli.mustRun("query", "-no-color", "-generate-config-out=generated.tf")
	generated := cli.read("generated.tf")
	for _, s := range secrets {
		if strings.Contains(generated, s) {
			t.Fatalf("generated.tf holds the secret %q", s)
		}
	}
	t.Logf("terraform query -generate-config-out: %v", time.Since(start))

	start = time.Now()
	plan, summary := cli.plan()
	if want := fmt.Sprintf("Plan: %d to import, 0 to add, 0 to change, 0 to destroy.", len(before)); summary != want {
		t.Fatalf("the plan says %q, want %q", summary, want)
	}
	if imported := importedUnchanged(t, plan); !slices.Equal(imported, slices.Sorted(maps.Keys(before))) {
		t.Fatalf("the plan imports %d users, want the %d there are", len(imported), len(before))
	}
	t.Logf("terraform plan: %v", time.Since(start))

	start = time.Now()
	cli.mustRun("apply", "-input=false", "-no-color", "tfplan")
	t.Logf("terraform apply: %v", time.Since(start))
	if plan, summary := cli.plan(); summary != "" || len(importedUnchanged(t, plan)) != 0 {
		t.Fatalf("the plan after apply is not empty: %q", summary)
	}
	var resp statecheck.CheckStateResponse
	guideUsersUnchanged{srv: srv, before: before, passwords: passwords}.CheckState(t.Context(), statecheck.CheckStateRequest{}, &resp)
	if resp.Error != nil {
		t.Fatal(resp.Error)
	}
}

// importedUnchanged checks that every change of plan changes nothing, and
// answers the usernames of the users it imports, sorted.
func importedUnchanged(t *testing.T, plan *tfjson.Plan) []string {
	t.Helper()
	var usernames []string
	for _, rc := range plan.ResourceChanges {
		if !rc.Change.Actions.NoOp() {
			t.Fatalf("%s: planned %v, want no change: %s", rc.Address, rc.Change.Actions,
				guideChangedAttributes(rc.Change.Before, rc.Change.After))
		}
		if rc.Change.Importing == nil {
			continue
		}
		identity, _ := rc.Change.Importing.Identity.(map[string]any)
		username, _ := identity["username"].(string)
		if rc.Type != "adminapi_platform_user" || username == "" {
			t.Fatalf("%s is imported with the identity %v, want a platform user's username", rc.Address, rc.Change.Importing.Identity)
		}
		usernames = append(usernames, username)
	}
	slices.Sort(usernames)
	return usernames
}
