package adminuser_test

import (
	"context"
	"fmt"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"
	"github.com/hashicorp/terraform-plugin-testing/tfversion"

	"github.com/adminapi/terraform-provider-adminapi/internal/acctest"
)

var identityOps = statecheck.ExpectIdentity(adminUserAddr, map[string]knownvalue.Check{"username": knownvalue.StringExact("ops")})

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
	importing := func(username string) string {
		return adminUserConfig(srv, "ops", identityPermissions, `password = "first-password"`) + fmt.Sprintf(`
import {
  to       = %s
  identity = { username = %q }
}
`, adminUserAddr, username)
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		TerraformVersionChecks:   []tfversion.TerraformVersionCheck{tfversion.SkipBelow(tfversion.Version1_12_0)},
		Steps: []resource.TestStep{
			{
				Config:      importing("ghost"),
				PlanOnly:    true,
				ExpectError: acctest.ErrorRegexp("Cannot import non-existent remote object"),
			},
			{
				Config:   importing("Not A Username"),
				PlanOnly: true,
				ExpectError: acctest.ErrorRegexp("Invalid import identity",
					`identity username: expected an admin username`, `got "Not A Username"`),
			},
		},
	})
}

// TestAccAdminUser_identityUpgrade: state written by a provider without
// identity gains it on the next refresh, with no change and no error.
func TestAccAdminUser_identityUpgrade(t *testing.T) {
	srv := acctest.StartServer(t)
	config := adminUserConfig(srv, "ops", identityPermissions, `password = "first-password"`)
	resource.ParallelTest(t, resource.TestCase{
		TerraformVersionChecks: []tfversion.TerraformVersionCheck{tfversion.SkipBelow(tfversion.Version1_12_0)},
		CheckDestroy:           adminUserGone(srv, "ops"),
		Steps: []resource.TestStep{
			{
				ProtoV6ProviderFactories: acctest.ProviderFactoriesWithoutIdentity(),
				Config:                   config,
				ConfigStateChecks:        []statecheck.StateCheck{noIdentity{adminUserAddr}},
			},
			{
				ProtoV6ProviderFactories: acctest.ProviderFactories,
				Config:                   config,
				ConfigPlanChecks:         resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}},
				ConfigStateChecks:        []statecheck.StateCheck{identityOps},
			},
		},
	})
}

// TestAccAdminUser_identityUpgradeGone: the refresh that would give state
// without identity its identity finds the admin user deleted behind
// Terraform's back: the plan creates it again, with no error.
func TestAccAdminUser_identityUpgradeGone(t *testing.T) {
	srv := acctest.StartServer(t)
	config := adminUserConfig(srv, "ops", identityPermissions, `password = "first-password"`)
	resource.ParallelTest(t, resource.TestCase{
		TerraformVersionChecks: []tfversion.TerraformVersionCheck{tfversion.SkipBelow(tfversion.Version1_12_0)},
		CheckDestroy:           adminUserGone(srv, "ops"),
		Steps: []resource.TestStep{
			{
				ProtoV6ProviderFactories: acctest.ProviderFactoriesWithoutIdentity(),
				Config:                   config,
				ConfigStateChecks:        []statecheck.StateCheck{noIdentity{adminUserAddr}},
			},
			{
				ProtoV6ProviderFactories: acctest.ProviderFactories,
				PreConfig: func() {
					if err := srv.Client.DeleteAdminUser(context.Background(), "ops"); err != nil {
						t.Fatalf("delete behind Terraform's back: %v", err)
					}
				},
				Config: config,
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply:             []plancheck.PlanCheck{plancheck.ExpectResourceAction(adminUserAddr, plancheck.ResourceActionCreate)},
					PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
				ConfigStateChecks: []statecheck.StateCheck{identityOps},
				Check:             adminUserLogin(srv, "ops", "first-password", true),
			},
		},
	})
}

// noIdentity checks that the state holds the resource without an identity,
// as a provider without identity writes it.
type noIdentity struct{ addr string }

func (c noIdentity) CheckState(_ context.Context, req statecheck.CheckStateRequest, resp *statecheck.CheckStateResponse) {
	for _, r := range req.State.Values.RootModule.Resources {
		if r.Address != c.addr {
			continue
		}
		if len(r.IdentityValues) > 0 {
			resp.Error = fmt.Errorf("%s has the identity %v, want none", c.addr, r.IdentityValues)
		}
		return
	}
	resp.Error = fmt.Errorf("%s is not in the state", c.addr)
}
