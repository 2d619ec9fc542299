package role_test

import (
	"context"
	"fmt"
	"os"
	"slices"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"
	"github.com/hashicorp/terraform-plugin-testing/tfversion"

	"github.com/adminapi/terraform-provider-adminapi/internal/acctest"
)

// rolesExample imports every role with the data source.
const rolesExample = "../../../examples/data-sources/adminapi_roles/data-source.tf"

// bulkRoles is more than one page of 100.
const bulkRoles = 150

func TestAccRolesDataSource(t *testing.T) {
	srv := acctest.StartServer(t)
	ctx := t.Context()
	example, err := os.ReadFile(rolesExample)
	if err != nil {
		t.Fatal(err)
	}
	// Every third role has a description; they are created in reverse order
	// and listed sorted by name all the same.
	descriptions := map[string]string{}
	names := make([]string, bulkRoles)
	for i := range bulkRoles {
		names[i] = fmt.Sprintf("bulk-%03d", i)
		descriptions[names[i]] = map[bool]string{true: "Role " + names[i]}[i%3 == 0]
	}
	sorted := make([]knownvalue.Check, bulkRoles)
	for i, name := range names {
		sorted[i] = knownvalue.ObjectExact(roleObject(name, descriptions[name], knownvalue.StringRegexp(acctest.RFC3339)))
	}
	const list = "data.adminapi_roles.existing"
	roles := func(checks ...knownvalue.Check) statecheck.StateCheck {
		return statecheck.ExpectKnownValue(list, tfjsonpath.New("roles"), knownvalue.ListExact(checks))
	}
	roleCount := func(want int) statecheck.StateCheck {
		return apiCheck(func() error {
			l, err := srv.Client.ListRoles(ctx, 0, 1)
			if err != nil {
				return err
			}
			return acctest.Want("number of roles", l.Total, want)
		})
	}

	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		TerraformVersionChecks:   []tfversion.TerraformVersionCheck{tfversion.SkipBelow(tfversion.Version1_7_0)},
		Steps: []resource.TestStep{
			{
				// No role at all is an empty list, not null.
				Config:            srv.Config(`data "adminapi_roles" "existing" {}`),
				ConfigStateChecks: []statecheck.StateCheck{roles()},
			},
			{
				PreConfig: func() {
					for _, name := range slices.Backward(names) {
						createRoles(t, srv, map[string]string{name: descriptions[name]})
					}
				},
				Config:            srv.Config(`data "adminapi_roles" "existing" {}`),
				ConfigStateChecks: []statecheck.StateCheck{roles(sorted...)},
			},
			{
				// The example imports every role and changes none.
				Config: srv.Config(string(example)),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply:             []plancheck.PlanCheck{onlyImports(bulkRoles)},
					PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
				ConfigStateChecks: []statecheck.StateCheck{
					roles(sorted...),
					statecheck.ExpectKnownValue(`adminapi_role.this["bulk-000"]`, tfjsonpath.New("description"), knownvalue.StringExact("Role bulk-000")),
					statecheck.ExpectKnownValue(`adminapi_role.this["bulk-001"]`, tfjsonpath.New("description"), knownvalue.Null()),
					roleCount(bulkRoles),
				},
			},
			{
				// terraform-plugin-testing cannot shim a state with for_each
				// instances: destroy them in a step so that the test ends empty.
				Config:            srv.Config(""),
				ConfigStateChecks: []statecheck.StateCheck{roleCount(0)},
			},
		},
	})
}

// onlyImports checks that the plan imports n resources and changes nothing.
func onlyImports(n int) plancheck.PlanCheck { return importCheck{n: n} }

type importCheck struct{ n int }

func (c importCheck) CheckPlan(_ context.Context, req plancheck.CheckPlanRequest, resp *plancheck.CheckPlanResponse) {
	imported := 0
	for _, rc := range req.Plan.ResourceChanges {
		switch {
		case !rc.Change.Actions.NoOp():
			resp.Error = fmt.Errorf("%s: planned %v, want no change", rc.Address, rc.Change.Actions)
			return
		case rc.Change.Importing == nil:
			resp.Error = fmt.Errorf("%s is not imported", rc.Address)
			return
		}
		imported++
	}
	if imported != c.n {
		resp.Error = fmt.Errorf("the plan imports %d resources, want %d", imported, c.n)
	}
}

// apiCheck checks the API's side; unlike a TestCheckFunc it works with
// for_each instances in the state.
func apiCheck(f func() error) statecheck.StateCheck { return apiStateCheck(f) }

type apiStateCheck func() error

func (f apiStateCheck) CheckState(_ context.Context, _ statecheck.CheckStateRequest, resp *statecheck.CheckStateResponse) {
	resp.Error = f()
}
