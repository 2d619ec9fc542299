package role_test

import (
	"errors"
	"fmt"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/compare"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/adminapi/terraform-provider-adminapi/internal/acctest"
	"github.com/adminapi/terraform-provider-adminapi/internal/client"
)

func roleConfig(srv *acctest.Server, name, description string) string {
	return srv.Config(fmt.Sprintf(`
resource "adminapi_role" "test" {
  name = %q
  %s
}
`, name, description))
}

func TestAccRole(t *testing.T) {
	srv := acctest.StartServer(t)
	ctx := t.Context()
	const addr = "adminapi_role.test"
	apiDescription := func(name, want string) resource.TestCheckFunc {
		return acctest.Check(func() error {
			r, err := srv.Client.GetRole(ctx, name)
			if err != nil {
				return err
			}
			return acctest.Want("API description of "+name, r.Description, want)
		})
	}
	roleCount := func(want int) resource.TestCheckFunc {
		return acctest.Check(func() error {
			l, err := srv.Client.ListRoles(ctx, 0, 1)
			if err != nil {
				return err
			}
			return acctest.Want("number of roles", l.Total, want)
		})
	}
	emptyAfterApply := resource.ConfigPlanChecks{PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}}
	update := func() resource.ConfigPlanChecks {
		return resource.ConfigPlanChecks{
			PreApply:             []plancheck.PlanCheck{plancheck.ExpectResourceAction(addr, plancheck.ResourceActionUpdate)},
			PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
		}
	}
	createdAt := statecheck.CompareValue(compare.ValuesSame())
	description := func(v knownvalue.Check) statecheck.StateCheck {
		return statecheck.ExpectKnownValue(addr, tfjsonpath.New("description"), v)
	}

	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config:      roleConfig(srv, "Ops Team", ""),
				PlanOnly:    true,
				ExpectError: acctest.ErrorRegexp("Attribute name must be 1 to 63 of a-z 0-9 _ -"),
			},
			{
				Config:           roleConfig(srv, "ops", `description = "Operators"`),
				Check:            resource.ComposeTestCheckFunc(apiDescription("ops", "Operators"), roleCount(1)),
				ConfigPlanChecks: emptyAfterApply,
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("id"), knownvalue.StringExact("ops")),
					description(knownvalue.StringExact("Operators")),
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("created_at"), knownvalue.StringRegexp(acctest.RFC3339)),
					createdAt.AddStateValue(addr, tfjsonpath.New("created_at")),
				},
			},
			{
				Config:            roleConfig(srv, "ops", `description = "Operations team"`),
				Check:             apiDescription("ops", "Operations team"),
				ConfigPlanChecks:  update(),
				ConfigStateChecks: []statecheck.StateCheck{createdAt.AddStateValue(addr, tfjsonpath.New("created_at"))},
			},
			{
				// Removing the description clears it in the API.
				Config:            roleConfig(srv, "ops", ""),
				Check:             apiDescription("ops", ""),
				ConfigPlanChecks:  update(),
				ConfigStateChecks: []statecheck.StateCheck{description(knownvalue.Null()), createdAt.AddStateValue(addr, tfjsonpath.New("created_at"))},
			},
			{
				ResourceName:      addr,
				ImportState:       true,
				ImportStateVerify: true,
			},
			{
				ResourceName:  addr,
				ImportState:   true,
				ImportStateId: "Ops Team",
				ExpectError:   acctest.ErrorRegexp("Invalid import ID", "expected <name>"),
			},
			{
				// An explicit empty description is kept as such: no perpetual diff.
				Config:            roleConfig(srv, "ops", `description = ""`),
				Check:             apiDescription("ops", ""),
				ConfigPlanChecks:  update(),
				ConfigStateChecks: []statecheck.StateCheck{description(knownvalue.StringExact(""))},
			},
			{
				Config: roleConfig(srv, "ops-renamed", `description = "Operators"`),
				Check: resource.ComposeTestCheckFunc(apiDescription("ops-renamed", "Operators"), roleCount(1), acctest.Check(func() error {
					_, err := srv.Client.GetRole(ctx, "ops")
					if err == nil {
						return errors.New("the old role ops is still there")
					}
					if client.IsNotFound(err) {
						return nil
					}
					return err
				})),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply:             []plancheck.PlanCheck{plancheck.ExpectResourceAction(addr, plancheck.ResourceActionReplace)},
					PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
			},
			{
				PreConfig: func() {
					if err := srv.Client.DeleteRole(ctx, "ops-renamed"); err != nil {
						t.Fatalf("delete role behind Terraform's back: %v", err)
					}
				},
				Config: roleConfig(srv, "ops-renamed", `description = "Operators"`),
				Check:  apiDescription("ops-renamed", "Operators"),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply:             []plancheck.PlanCheck{plancheck.ExpectResourceAction(addr, plancheck.ResourceActionCreate)},
					PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
			},
			{
				// A role still assigned cannot be destroyed; the error names the holder.
				PreConfig: func() {
					acctest.CreatePlatformUsers(t, srv, "alice-role")
					if _, err := srv.Client.AssignRole(ctx, "alice-role", "ops-renamed"); err != nil {
						t.Fatalf("assign role: %v", err)
					}
				},
				Config:      srv.Config(""),
				ExpectError: acctest.ErrorRegexp(`Could not delete role "ops-renamed": still assigned`, "assigned to: alice-role", "adminapi_user_role"),
			},
			{
				PreConfig: func() {
					if err := srv.Client.UnassignRole(ctx, "alice-role", "ops-renamed"); err != nil {
						t.Fatalf("unassign role: %v", err)
					}
				},
				Config: srv.Config(""),
				Check:  roleCount(0),
			},
		},
	})
}
