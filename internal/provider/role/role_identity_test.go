package role_test

import (
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfversion"

	"github.com/adminapi/terraform-provider-adminapi/internal/acctest"
)

var identityVersions = []tfversion.TerraformVersionCheck{tfversion.SkipBelow(tfversion.Version1_12_0)}

func TestAccRole_identity(t *testing.T) {
	srv := acctest.StartServer(t)
	const addr = "adminapi_role.test"
	resource.ParallelTest(t, resource.TestCase{
		TerraformVersionChecks:   identityVersions,
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config: roleConfig(srv, "ops", `description = "Operators"`),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectIdentity(addr, map[string]knownvalue.Check{"name": knownvalue.StringExact("ops")}),
				},
			},
			{
				ResourceName:    addr,
				ImportState:     true,
				ImportStateKind: resource.ImportBlockWithResourceIdentity,
			},
			{
				Config: srv.Config(`
import {
  to       = adminapi_role.other
  identity = { name = "Ops Team" }
}

resource "adminapi_role" "other" {
  name = "other"
}
`),
				PlanOnly:    true,
				ExpectError: acctest.ErrorRegexp("Invalid import identity", `role name "Ops Team" must match`),
			},
			{
				Config: srv.Config(`
import {
  to       = adminapi_role.other
  identity = { name = "missing" }
}

resource "adminapi_role" "other" {
  name = "missing"
}
`),
				PlanOnly:    true,
				ExpectError: acctest.ErrorRegexp("Cannot import non-existent remote object"),
			},
		},
	})
}

func TestAccRole_identityUpgrade(t *testing.T) {
	identity := map[string]knownvalue.Check{"name": knownvalue.StringExact("ops")}
	for name, deleted := range map[string]bool{"kept": false, "deleted": true} {
		t.Run(name, func(t *testing.T) {
			srv := acctest.StartServer(t)
			var remove func()
			if deleted {
				remove = func() {
					if err := srv.Client.DeleteRole(t.Context(), "ops"); err != nil {
						t.Fatalf("delete role behind Terraform's back: %v", err)
					}
				}
			}
			resource.ParallelTest(t, resource.TestCase{
				TerraformVersionChecks: identityVersions,
				Steps:                  acctest.IdentityUpgradeSteps(roleConfig(srv, "ops", ""), "adminapi_role.test", identity, remove),
			})
		})
	}
}
