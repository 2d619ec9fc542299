package platformuser_test

import (
	"context"
	"fmt"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfversion"

	"github.com/adminapi/terraform-provider-adminapi/internal/acctest"
)

var identityAlice = statecheck.ExpectIdentity(platformUserAddr, map[string]knownvalue.Check{"username": knownvalue.StringExact("alice")})

func identityConfig(srv *acctest.Server, name string) string {
	return platformUserConfig(srv, fmt.Sprintf(`
  username = "alice"
  email    = "alice@example.com"
  name     = %q
  ldap     = true
  tags     = ["ops"]
`, name))
}

// TestAccPlatformUser_identity: the identity is set on create and kept on
// update, and an import block with identity imports the user with no change.
func TestAccPlatformUser_identity(t *testing.T) {
	srv := acctest.StartServer(t)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		TerraformVersionChecks:   []tfversion.TerraformVersionCheck{tfversion.SkipBelow(tfversion.Version1_12_0)},
		CheckDestroy:             platformUserGone(srv, "alice"),
		Steps: []resource.TestStep{
			{
				Config:            identityConfig(srv, "Alice"),
				ConfigStateChecks: []statecheck.StateCheck{identityAlice},
			},
			{
				Config:            identityConfig(srv, "Alice Martin"),
				ConfigStateChecks: []statecheck.StateCheck{identityAlice},
			},
			{
				ResourceName:    platformUserAddr,
				ImportState:     true,
				ImportStateKind: resource.ImportBlockWithResourceIdentity,
			},
		},
	})
}

// TestAccPlatformUser_importIdentityRefused: an identity that names no
// user, or is no username at all, is refused at plan time.
func TestAccPlatformUser_importIdentityRefused(t *testing.T) {
	srv := acctest.StartServer(t)
	// The resource's own username is valid: its validator would refuse the
	// configuration before the import is tried.
	importing := func(username string) string {
		return identityConfig(srv, "Alice") + fmt.Sprintf(`
import {
  to       = %s
  identity = { username = %q }
}
`, platformUserAddr, username)
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		TerraformVersionChecks:   []tfversion.TerraformVersionCheck{tfversion.SkipBelow(tfversion.Version1_12_0)},
		Steps: []resource.TestStep{
			{
				Config:      importing("ghost-user"),
				PlanOnly:    true,
				ExpectError: acctest.ErrorRegexp("Cannot import non-existent remote object"),
			},
			{
				Config:   importing("Bob"),
				PlanOnly: true,
				ExpectError: acctest.ErrorRegexp("Invalid import identity",
					`identity username: expected a platform username`, `got "Bob"`),
			},
		},
	})
}

// TestAccPlatformUser_identityUpgrade: state written by a provider without
// identity gains it on the next refresh, with no change and no error.
func TestAccPlatformUser_identityUpgrade(t *testing.T) {
	srv := acctest.StartServer(t)
	resource.ParallelTest(t, resource.TestCase{
		TerraformVersionChecks: []tfversion.TerraformVersionCheck{tfversion.SkipBelow(tfversion.Version1_12_0)},
		CheckDestroy:           platformUserGone(srv, "alice"),
		Steps: []resource.TestStep{
			{
				ProtoV6ProviderFactories: acctest.ProviderFactoriesWithoutIdentity(),
				Config:                   identityConfig(srv, "Alice"),
				ConfigStateChecks:        []statecheck.StateCheck{noIdentity{platformUserAddr}},
			},
			{
				ProtoV6ProviderFactories: acctest.ProviderFactories,
				Config:                   identityConfig(srv, "Alice"),
				ConfigPlanChecks:         resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}},
				ConfigStateChecks:        []statecheck.StateCheck{identityAlice},
			},
		},
	})
}

// TestAccPlatformUser_identityUpgradeGone: the refresh that would give
// state without identity its identity finds the user deleted behind
// Terraform's back: the plan creates it again, with no error.
func TestAccPlatformUser_identityUpgradeGone(t *testing.T) {
	srv := acctest.StartServer(t)
	resource.ParallelTest(t, resource.TestCase{
		TerraformVersionChecks: []tfversion.TerraformVersionCheck{tfversion.SkipBelow(tfversion.Version1_12_0)},
		CheckDestroy:           platformUserGone(srv, "alice"),
		Steps: []resource.TestStep{
			{
				ProtoV6ProviderFactories: acctest.ProviderFactoriesWithoutIdentity(),
				Config:                   identityConfig(srv, "Alice"),
				ConfigStateChecks:        []statecheck.StateCheck{noIdentity{platformUserAddr}},
			},
			{
				ProtoV6ProviderFactories: acctest.ProviderFactories,
				PreConfig: func() {
					if err := srv.Client.DeletePlatformUser(context.Background(), "alice"); err != nil {
						t.Fatalf("delete behind Terraform's back: %v", err)
					}
				},
				Config: identityConfig(srv, "Alice"),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply:             []plancheck.PlanCheck{plancheck.ExpectResourceAction(platformUserAddr, plancheck.ResourceActionCreate)},
					PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
				ConfigStateChecks: []statecheck.StateCheck{identityAlice},
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
