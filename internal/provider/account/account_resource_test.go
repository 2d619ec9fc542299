package account_test

import (
	"fmt"
	"maps"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/compare"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/adminapi/terraform-provider-adminapi/internal/acctest"
	"github.com/adminapi/terraform-provider-adminapi/internal/api"
)

func accountConfig(srv *acctest.Server, body string) string {
	return srv.Config(fmt.Sprintf(`
resource "adminapi_account" "test" {
%s
}
`, body))
}

func TestAccAccount(t *testing.T) {
	srv := acctest.StartServer(t)
	ctx := t.Context()
	const addr = "adminapi_account.test"
	var id string
	// apiAccount checks the API's copy of the account in state against want,
	// whose zero numbers mean the API's default.
	apiAccount := func(want api.Account) resource.TestCheckFunc {
		return func(s *terraform.State) error {
			id = s.RootModule().Resources[addr].Primary.ID
			a, err := srv.Client.GetAccount(ctx, id)
			if err != nil {
				return err
			}
			want.ID, want.Created, want.Updated = a.ID, a.Created, a.Updated
			for _, f := range []struct {
				p   *int64
				def int64
			}{
				{&want.HealthTimePeriod, api.DefaultHealthTimePeriod}, {&want.ExecInterval, api.DefaultExecInterval},
				{&want.BaseLineExecInterval, api.DefaultBaseLineExecInterval}, {&want.CDModelFrequency, api.DefaultCDModelFrequency},
				{&want.CDExecutionFrequency, api.DefaultCDExecutionFrequency}, {&want.DataRetention, api.DefaultDataRetention},
			} {
				if *f.p == 0 {
					*f.p = f.def
				}
			}
			if !maps.Equal(a.Attributes, want.Attributes) || fmt.Sprint(*a) != fmt.Sprint(want) {
				return fmt.Errorf("API account = %+v, want %+v", *a, want)
			}
			l, err := srv.Client.ListAccounts(ctx, "", 0, 1)
			if err != nil {
				return err
			}
			return acctest.Want("number of accounts", l.Total, 1)
		}
	}
	number := func(name string, want int64) statecheck.StateCheck {
		return statecheck.ExpectKnownValue(addr, tfjsonpath.New(name), knownvalue.Int64Exact(want))
	}
	created := statecheck.CompareValue(compare.ValuesSame())
	updated := statecheck.CompareValue(compare.ValuesDiffer())
	first := accountConfig(srv, `
  name          = "acme"
  exec_interval = 600
  attributes = {
    region = "eu"
  }`)
	second := accountConfig(srv, `
  name           = "acme-industries"
  data_retention = 30
  attributes = {
    region = "us"
    tier   = "gold"
  }`)

	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config:      accountConfig(srv, `name = "acme"`+"\n"+`exec_interval = -1`),
				PlanOnly:    true,
				ExpectError: acctest.ErrorRegexp("Attribute exec_interval value must be at least 0, got: -1"),
			},
			{
				Config:      accountConfig(srv, fmt.Sprintf(`name = "acme"`+"\n"+`attributes = { %q = "x" }`, strings.Repeat("k", 1025))),
				PlanOnly:    true,
				ExpectError: acctest.ErrorRegexp(`Attribute attributes["kkk`, "UTF-8 character count must be between 1 and 1024, got: 1025"),
			},
			{
				Config: first,
				Check:  apiAccount(api.Account{Name: "acme", ExecInterval: 600, Attributes: map[string]string{"region": "eu"}}),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply:             []plancheck.PlanCheck{plancheck.ExpectResourceAction(addr, plancheck.ResourceActionCreate)},
					PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("id"), knownvalue.StringRegexp(acctest.UUID)),
					number("exec_interval", 600),
					number("health_time_period", api.DefaultHealthTimePeriod),
					number("data_retention", api.DefaultDataRetention),
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("attributes"), knownvalue.MapExact(map[string]knownvalue.Check{
						"region": knownvalue.StringExact("eu"),
					})),
					created.AddStateValue(addr, tfjsonpath.New("created")),
					updated.AddStateValue(addr, tfjsonpath.New("updated")),
				},
			},
			{
				// exec_interval removed from the configuration goes back to the API's default.
				Config: second,
				Check: apiAccount(api.Account{Name: "acme-industries", DataRetention: 30,
					Attributes: map[string]string{"region": "us", "tier": "gold"}}),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply:             []plancheck.PlanCheck{plancheck.ExpectResourceAction(addr, plancheck.ResourceActionUpdate)},
					PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
				ConfigStateChecks: []statecheck.StateCheck{
					number("exec_interval", api.DefaultExecInterval),
					number("data_retention", 30),
					created.AddStateValue(addr, tfjsonpath.New("created")),
					updated.AddStateValue(addr, tfjsonpath.New("updated")),
				},
			},
			{
				ResourceName:      addr,
				ImportState:       true,
				ImportStateVerify: true,
			},
			{
				ResourceName:  addr,
				ImportState:   true,
				ImportStateId: "acme-industries",
				ExpectError:   acctest.ErrorRegexp("Invalid import ID", `expected <id>: expected an account id, a UUID`, `got "acme-industries"`),
			},
			{
				// Attributes emptied and a number removed: both back to the defaults.
				Config: accountConfig(srv, `name = "acme-industries"`),
				Check:  apiAccount(api.Account{Name: "acme-industries", Attributes: map[string]string{}}),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply:             []plancheck.PlanCheck{plancheck.ExpectResourceAction(addr, plancheck.ResourceActionUpdate)},
					PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
			},
			{
				PreConfig: func() {
					if err := srv.Client.DeleteAccount(ctx, id); err != nil {
						t.Fatalf("delete account behind Terraform's back: %v", err)
					}
				},
				Config: second,
				Check: apiAccount(api.Account{Name: "acme-industries", DataRetention: 30,
					Attributes: map[string]string{"region": "us", "tier": "gold"}}),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply:             []plancheck.PlanCheck{plancheck.ExpectResourceAction(addr, plancheck.ResourceActionCreate)},
					PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
			},
		},
	})
}
