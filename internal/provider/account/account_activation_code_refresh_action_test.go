package account_test

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfversion"

	"github.com/adminapi/terraform-provider-adminapi/internal/acctest"
	"github.com/adminapi/terraform-provider-adminapi/internal/api"
)

// refreshOnUpdateConfig is an account named name whose updates trigger
// adminapi_account_activation_code_refresh on it.
func refreshOnUpdateConfig(srv *acctest.Server, name string) string {
	return srv.Config(fmt.Sprintf(`
action "adminapi_account_activation_code_refresh" "test" {
  config {
    account_id = adminapi_account.test.id
  }
}

resource "adminapi_account" "test" {
  name = %q
  lifecycle {
    action_trigger {
      events  = [after_update]
      actions = [action.adminapi_account_activation_code_refresh.test]
    }
  }
}
`, name))
}

// activationCodeOf reads an account's current activation code behind Terraform's back.
func activationCodeOf(t *testing.T, srv *acctest.Server, id string) string {
	t.Helper()
	c, err := srv.Client.GetActivationCode(t.Context(), id)
	if err != nil {
		t.Fatalf("activation code of %s: %v", id, err)
	}
	return c.ActivationCode
}

func TestAccActivationCodeRefreshAction_afterUpdate(t *testing.T) {
	acctest.SkipOnOpenTofu(t, "actions (Terraform 1.14+)")
	srv := acctest.StartServer(t)
	var id, before string
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		TerraformVersionChecks:   []tfversion.TerraformVersionCheck{tfversion.SkipBelow(tfversion.Version1_14_0)},
		Steps: []resource.TestStep{
			{
				Config: refreshOnUpdateConfig(srv, "acme"),
				Check: func(s *terraform.State) error {
					id = s.RootModule().Resources["adminapi_account.test"].Primary.ID
					before = activationCodeOf(t, srv, id)
					return nil
				},
			},
			{
				// A create is no update: the code made with the account stays.
				Config: refreshOnUpdateConfig(srv, "acme"),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
				Check: acctest.Check(func() error { return acctest.Want("activation code", activationCodeOf(t, srv, id), before) }),
			},
			{
				Config: refreshOnUpdateConfig(srv, "acme-industries"),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction("adminapi_account.test", plancheck.ResourceActionUpdate)},
				},
				Check: func(s *terraform.State) error {
					after := activationCodeOf(t, srv, id)
					if after == before {
						return fmt.Errorf("activation code is still %q after the update", before)
					}
					if strings.Contains(s.String(), after) {
						return fmt.Errorf("the state holds the new activation code")
					}
					return nil
				},
			},
		},
	})
}

func TestAccActivationCodeRefreshAction_badInput(t *testing.T) {
	acctest.SkipOnOpenTofu(t, "actions (Terraform 1.14+)")
	srv := acctest.StartServer(t)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		TerraformVersionChecks:   []tfversion.TerraformVersionCheck{tfversion.SkipBelow(tfversion.Version1_14_0)},
		Steps: []resource.TestStep{
			{
				Config: srv.Config(`
action "adminapi_account_activation_code_refresh" "test" {
  config {
    account_id = "acme"
  }
}
`),
				PlanOnly:    true,
				ExpectError: regexp.MustCompile(`(?s)Invalid account id.*account_id`),
			},
		},
	})
}

// terraform-plugin-testing has no step for `terraform apply -invoke`: this
// test runs the CLI itself.
func TestAccActivationCodeRefreshAction_invoke(t *testing.T) {
	acctest.SkipOnOpenTofu(t, "actions (Terraform 1.14+)")
	acctest.SkipBelowCLI(t, tfversion.Version1_14_0)
	cli := acctest.NewTerraform(t)
	srv := acctest.StartServer(t)
	account, err := srv.Client.CreateAccount(t.Context(), api.AccountInput{Name: "acme"})
	if err != nil {
		t.Fatal(err)
	}
	before := activationCodeOf(t, srv, account.ID)
	// Upper case: the action takes the id in any letter case.
	cli.WriteConfig(t, srv.Config(fmt.Sprintf(`
action "adminapi_account_activation_code_refresh" "acme" {
  config {
    account_id = %q
  }
}

action "adminapi_account_activation_code_refresh" "none" {
  config {
    account_id = "00000000-0000-4000-8000-000000000000"
  }
}
`, strings.ToUpper(account.ID))))

	out, err := cli.Run(t, "apply", "-no-color", "-auto-approve", "-invoke=action.adminapi_account_activation_code_refresh.acme")
	if err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	after := activationCodeOf(t, srv, account.ID)
	if after == before {
		t.Errorf("activation code is still %q after the action", before)
	}
	progress := regexp.MustCompile(`Refreshed the activation code of account ` + account.ID +
		`; the new code expires at \d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ \(in (59m\d\ds|1h0m0s)\)`)
	if !progress.MatchString(out) {
		t.Errorf("output does not match %s:\n%s", progress, out)
	}
	if strings.Contains(out, after) {
		t.Errorf("the output shows the new activation code:\n%s", out)
	}
	state, err := os.ReadFile(filepath.Join(cli.Dir, "terraform.tfstate"))
	if err != nil && !os.IsNotExist(err) {
		t.Fatal(err)
	}
	if strings.Contains(string(state), after) {
		t.Errorf("the state holds the new activation code:\n%s", state)
	}

	out, err = cli.Run(t, "apply", "-no-color", "-auto-approve", "-invoke=action.adminapi_account_activation_code_refresh.none")
	wantErr := acctest.ErrorRegexp(`No account found`, `No account has account_id = "00000000-0000-4000-8000-000000000000"`)
	if err == nil || !wantErr.MatchString(out) {
		t.Errorf("invoke on a missing account: %v, want an error matching %s:\n%s", err, wantErr, out)
	}
}
