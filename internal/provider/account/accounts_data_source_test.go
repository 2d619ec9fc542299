package account_test

import (
	"context"
	"fmt"
	"maps"
	"os"
	"slices"
	"strconv"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"
	"github.com/hashicorp/terraform-plugin-testing/tfversion"

	"github.com/adminapi/terraform-provider-adminapi/internal/acctest"
	"github.com/adminapi/terraform-provider-adminapi/internal/api"
)

// moreThanAPage is more accounts than one page of the API holds.
const moreThanAPage = 130

// createAccounts creates n accounts named <prefix>-<i> behind Terraform's
// back, with every number and attribute set, and answers them by id.
func createAccounts(t *testing.T, srv *acctest.Server, prefix string, n int) map[string]api.Account {
	t.Helper()
	byID := make(map[string]api.Account, n)
	for i := range n {
		v := int64(i)
		a, err := srv.Client.CreateAccount(t.Context(), api.AccountInput{
			Name: fmt.Sprintf("%s-%03d", prefix, i), HealthTimePeriod: &v, ExecInterval: &v, BaseLineExecInterval: &v,
			CDModelFrequency: &v, CDExecutionFrequency: &v, DataRetention: &v,
			Attributes: map[string]string{"index": strconv.Itoa(i)},
		})
		if err != nil {
			t.Fatalf("create account %d: %v", i, err)
		}
		byID[a.ID] = *a
	}
	return byID
}

// accountsListed checks that the data source at addr lists exactly the
// accounts of want, each with the API's values.
func accountsListed(addr string, want map[string]api.Account) resource.TestCheckFunc {
	return func(s *terraform.State) error {
		rs, ok := s.RootModule().Resources[addr]
		if !ok {
			return fmt.Errorf("%s not in state", addr)
		}
		attrs := rs.Primary.Attributes
		if got := attrs["accounts.#"]; got != strconv.Itoa(len(want)) {
			return fmt.Errorf("%s lists %s accounts, want %d", addr, got, len(want))
		}
		seen := map[string]bool{}
		for i := range len(want) {
			at := func(name string) string { return attrs[fmt.Sprintf("accounts.%d.%s", i, name)] }
			a, ok := want[at("id")]
			if !ok || seen[a.ID] {
				return fmt.Errorf("accounts[%d].id = %q: unknown or listed twice", i, at("id"))
			}
			seen[a.ID] = true
			for name, v := range map[string]string{
				"name": a.Name, "health_time_period": fmt.Sprint(a.HealthTimePeriod), "exec_interval": fmt.Sprint(a.ExecInterval),
				"base_line_exec_interval": fmt.Sprint(a.BaseLineExecInterval), "cd_model_frequency": fmt.Sprint(a.CDModelFrequency),
				"cd_execution_frequency": fmt.Sprint(a.CDExecutionFrequency), "data_retention": fmt.Sprint(a.DataRetention),
				"created": fmt.Sprint(a.Created), "updated": fmt.Sprint(a.Updated),
				"attributes.%": fmt.Sprint(len(a.Attributes)), "attributes.index": a.Attributes["index"],
			} {
				if at(name) != v {
					return fmt.Errorf("accounts[%d].%s = %q, want %q", i, name, at(name), v)
				}
			}
		}
		return nil
	}
}

func TestAccAccountsDataSource(t *testing.T) {
	srv := acctest.StartServer(t)
	all := createAccounts(t, srv, "bulk", moreThanAPage)
	acme := createAccounts(t, srv, "acme", 2)
	maps.Copy(all, acme)
	// Two accounts with the same name: the filter is on the name.
	for id, a := range acme {
		updated, err := srv.Client.UpdateAccount(t.Context(), id, api.AccountInput{Name: "acme", Attributes: a.Attributes})
		if err != nil {
			t.Fatal(err)
		}
		acme[id], all[id] = *updated, *updated
	}
	const addr = "data.adminapi_accounts.test"

	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config:      srv.Config(`data "adminapi_accounts" "test" { name = "" }`),
				PlanOnly:    true,
				ExpectError: acctest.ErrorRegexp("Attribute name UTF-8 character count must be between 1 and 255, got: 0"),
			},
			{
				Config: srv.Config(`data "adminapi_accounts" "test" {}`),
				Check:  accountsListed(addr, all),
			},
			{
				Config: srv.Config(`data "adminapi_accounts" "test" { name = "acme" }`),
				Check:  accountsListed(addr, acme),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("accounts").AtSliceIndex(0).AtMapKey("exec_interval"),
						knownvalue.Int64Exact(api.DefaultExecInterval)),
				},
			},
			{
				Config: srv.Config(`data "adminapi_accounts" "test" { name = "bulk" }`),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("accounts"), knownvalue.ListExact([]knownvalue.Check{})),
				},
			},
		},
	})
}

// accountsExample is the data source's documented example: a for_each
// resource and a for_each import over every existing account.
const accountsExample = "../../../examples/data-sources/adminapi_accounts/data-source.tf"

// TestAccAccountsDataSource_forEachImport runs accountsExample: the plan
// imports every account and changes none.
func TestAccAccountsDataSource_forEachImport(t *testing.T) {
	srv := acctest.StartServer(t)
	existing := createAccounts(t, srv, "existing", moreThanAPage)
	example, err := os.ReadFile(accountsExample)
	if err != nil {
		t.Fatal(err)
	}
	config := srv.Config(string(example))
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		TerraformVersionChecks:   []tfversion.TerraformVersionCheck{tfversion.SkipBelow(tfversion.Version1_7_0)},
		Steps: []resource.TestStep{
			{
				Config: config,
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply:             []plancheck.PlanCheck{importsOnly("adminapi_account", slices.Collect(maps.Keys(existing)))},
					PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
				ConfigStateChecks: []statecheck.StateCheck{accountsUnchanged(srv, existing)},
			},
			{
				// terraform-plugin-testing cannot shim a state with for_each
				// instances: destroy them in a step so that the test ends empty.
				Config: srv.ProviderBlock(),
			},
		},
	})
}

// importsOnly checks that a plan imports exactly the given ids into
// resources of type resourceType, and changes nothing.
func importsOnly(resourceType string, ids []string) plancheck.PlanCheck {
	return importsOnlyCheck{resourceType: resourceType, ids: ids}
}

type importsOnlyCheck struct {
	resourceType string
	ids          []string
}

func (c importsOnlyCheck) CheckPlan(_ context.Context, req plancheck.CheckPlanRequest, resp *plancheck.CheckPlanResponse) {
	var imported []string
	for _, rc := range req.Plan.ResourceChanges {
		switch {
		case rc.Mode != "managed":
		case !rc.Change.Actions.NoOp():
			resp.Error = fmt.Errorf("%s: planned %v, want no change", rc.Address, rc.Change.Actions)
			return
		case rc.Type != c.resourceType || rc.Change.Importing == nil:
			resp.Error = fmt.Errorf("%s is not an imported %s", rc.Address, c.resourceType)
			return
		default:
			imported = append(imported, rc.Change.Importing.ID)
		}
	}
	slices.Sort(imported)
	if want := slices.Sorted(slices.Values(c.ids)); !slices.Equal(imported, want) {
		resp.Error = fmt.Errorf("the plan imports %d ids, want %d: %v", len(imported), len(want), imported)
	}
}

// accountsUnchanged checks that no account was created or updated.
func accountsUnchanged(srv *acctest.Server, before map[string]api.Account) statecheck.StateCheck {
	return apiStateCheck(func() error {
		n := 0
		for a, err := range srv.Client.Accounts(context.Background(), "") {
			if err != nil {
				return err
			}
			if b, ok := before[a.ID]; !ok || b.Updated != a.Updated {
				return fmt.Errorf("account %s (%s) was created or changed", a.ID, a.Name)
			}
			n++
		}
		return acctest.Want("number of accounts", n, len(before))
	})
}

// apiStateCheck adapts a check of the API's side to a StateCheck, which,
// unlike a Check, works with for_each instances in the state.
type apiStateCheck func() error

func (f apiStateCheck) CheckState(_ context.Context, _ statecheck.CheckStateRequest, resp *statecheck.CheckStateResponse) {
	resp.Error = f()
}
