package adminuser_test

import (
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"
	"github.com/hashicorp/terraform-plugin-testing/tfversion"

	"github.com/adminapi/terraform-provider-adminapi/internal/acctest"
)

var (
	opsIdentity = map[string]knownvalue.Check{"username": knownvalue.StringExact("ops")}
	identityOps = statecheck.ExpectIdentity(adminUserAddr, opsIdentity)
)

const identityPermissions = `{ users = ["read"] }`

// TestAccAdminUser_identity: the identity is set on create and kept on
// update, and an import block with identity imports the admin user.
func TestAccAdminUser_identity(t *testing.T) {
	srv := acctest.StartServer(t)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		TerraformVersionChecks:   []tfversion.TerraformVersionCheck{tfversion.SkipBelow(tfversion.Version1_12_0)},
		CheckDestroy:             adminUserGone(srv, "ops"),
		Steps: []resource.TestStep{
			{
				Config:            adminUserConfig(srv, "ops", identityPermissions, `password = "first-password"`),
				ConfigStateChecks: []statecheck.StateCheck{identityOps},
			},
			{
				Config:            adminUserConfig(srv, "ops", `{ users = ["read", "create"] }`, `password = "first-password"`),
				ConfigStateChecks: []statecheck.StateCheck{identityOps},
			},
			{
				// The password is never read back: importing it is the only change.
				ResourceName:       adminUserAddr,
				ImportState:        true,
				ImportStateKind:    resource.ImportBlockWithResourceIdentity,
				ExpectNonEmptyPlan: true,
				ImportPlanChecks: resource.ImportPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(adminUserAddr, plancheck.ResourceActionUpdate),
					plancheck.ExpectKnownValue(adminUserAddr, tfjsonpath.New("permissions").AtMapKey("users"),
						knownvalue.SetExact([]knownvalue.Check{knownvalue.StringExact("read"), knownvalue.StringExact("create")})),
				}},
			},
		},
	})
}

// TestAccAdminUser_importIdentityRefused: an identity that names no admin
// user, or is no username at all, is refused at plan time.
func TestAccAdminUser_importIdentityRefused(t *testing.T) {
	srv := acctest.StartServer(t)
	// The resource's own username is valid: its validator would refuse the
	// configuration before the import is tried.
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		TerraformVersionChecks:   []tfversion.TerraformVersionCheck{tfversion.SkipBelow(tfversion.Version1_12_0)},
		Steps: acctest.ImportIdentityRefusedSteps(adminUserConfig(srv, "ops", identityPermissions, `password = "first-password"`), adminUserAddr,
			map[string]string{"username": "ghost"}, map[string]string{"username": "Not A Username"}, `identity username: expected an admin username`, `got "Not A Username"`),
	})
}

// TestAccAdminUser_identityUpgrade: state written by a provider without
// identity gains it on the next refresh, with no change and no error.
func TestAccAdminUser_identityUpgrade(t *testing.T) {
	srv := acctest.StartServer(t)
	resource.ParallelTest(t, resource.TestCase{
		TerraformVersionChecks: []tfversion.TerraformVersionCheck{tfversion.SkipBelow(tfversion.Version1_12_0)},
		CheckDestroy:           adminUserGone(srv, "ops"),
		Steps:                  acctest.IdentityUpgradeSteps(adminUserConfig(srv, "ops", identityPermissions, `password = "first-password"`), adminUserAddr, opsIdentity, nil),
	})
}

// TestAccAdminUser_identityUpgradeGone: the refresh that would give state
// without identity its identity finds the object deleted behind
// Terraform's back: the plan creates it again, with no error.
func TestAccAdminUser_identityUpgradeGone(t *testing.T) {
	srv := acctest.StartServer(t)
	steps := acctest.IdentityUpgradeSteps(adminUserConfig(srv, "ops", identityPermissions, `password = "first-password"`), adminUserAddr, opsIdentity, func() {
		if err := srv.Client.DeleteAdminUser(t.Context(), "ops"); err != nil {
			t.Fatalf("delete behind Terraform's back: %v", err)
		}
	})
	steps[1].Check = adminUserLogin(srv, "ops", "first-password", true)
	resource.ParallelTest(t, resource.TestCase{
		TerraformVersionChecks: []tfversion.TerraformVersionCheck{tfversion.SkipBelow(tfversion.Version1_12_0)},
		CheckDestroy:           adminUserGone(srv, "ops"),
		Steps:                  steps,
	})
}
