package role_test

import (
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"

	"github.com/adminapi/terraform-provider-adminapi/internal/acctest"
)

func TestAccUserRole_identity(t *testing.T) {
	srv := acctest.StartServer(t)
	acctest.CreatePlatformUsers(t, srv, "alice-id")
	const addr = "adminapi_user_role.test"
	resource.ParallelTest(t, resource.TestCase{
		TerraformVersionChecks:   identityVersions,
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config: userRoleConfig(srv, "alice-id", "adminapi_role.reader.name", ""),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectIdentity(addr, map[string]knownvalue.Check{
						"username": knownvalue.StringExact("alice-id"),
						"role":     knownvalue.StringExact("reader"),
					}),
				},
			},
			{
				ResourceName:    addr,
				ImportState:     true,
				ImportStateKind: resource.ImportBlockWithResourceIdentity,
			},
			{
				Config: userRoleConfig(srv, "alice-id", "adminapi_role.reader.name", `
import {
  to       = adminapi_user_role.other
  identity = { username = "Alice", role = "writer" }
}

resource "adminapi_user_role" "other" {
  username = "alice-id"
  role     = "writer"
}
`),
				PlanOnly:    true,
				ExpectError: acctest.ErrorRegexp("Invalid import identity", `username "Alice" must match`),
			},
			{
				// writer exists but alice-id does not hold it.
				Config: userRoleConfig(srv, "alice-id", "adminapi_role.reader.name", `
import {
  to       = adminapi_user_role.other
  identity = { username = "alice-id", role = "writer" }
}

resource "adminapi_user_role" "other" {
  username = "alice-id"
  role     = "writer"
}
`),
				PlanOnly:    true,
				ExpectError: acctest.ErrorRegexp("Cannot import non-existent remote object"),
			},
		},
	})
}

func TestAccUserRole_identityUpgrade(t *testing.T) {
	const addr = "adminapi_user_role.test"
	identity := map[string]knownvalue.Check{"username": knownvalue.StringExact("bob-id"), "role": knownvalue.StringExact("reader")}
	for name, deleted := range map[string]bool{"kept": false, "deleted": true} {
		t.Run(name, func(t *testing.T) {
			srv := acctest.StartServer(t)
			acctest.CreatePlatformUsers(t, srv, "bob-id")
			var remove func()
			if deleted {
				remove = func() {
					if err := srv.Client.UnassignRole(t.Context(), "bob-id", "reader"); err != nil {
						t.Fatalf("unassign role behind Terraform's back: %v", err)
					}
				}
			}
			resource.ParallelTest(t, resource.TestCase{
				TerraformVersionChecks: identityVersions,
				Steps: acctest.IdentityUpgradeSteps(
					userRoleConfig(srv, "bob-id", "adminapi_role.reader.name", ""), addr, identity, remove),
			})
		})
	}
}
