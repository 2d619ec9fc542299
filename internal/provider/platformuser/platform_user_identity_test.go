package platformuser_test

import (
	"fmt"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfversion"

	"github.com/adminapi/terraform-provider-adminapi/internal/acctest"
)

var (
	aliceIdentity = map[string]knownvalue.Check{"username": knownvalue.StringExact("alice")}
	identityAlice = statecheck.ExpectIdentity(platformUserAddr, aliceIdentity)
)

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
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		TerraformVersionChecks:   []tfversion.TerraformVersionCheck{tfversion.SkipBelow(tfversion.Version1_12_0)},
		Steps: acctest.ImportIdentityRefusedSteps(identityConfig(srv, "Alice"), platformUserAddr,
			map[string]string{"username": "ghost-user"}, map[string]string{"username": "Bob"}, `identity username: expected a platform username`, `got "Bob"`),
	})
}

// TestAccPlatformUser_identityUpgrade: state written by a provider without
// identity gains it on the next refresh, with no change and no error.
func TestAccPlatformUser_identityUpgrade(t *testing.T) {
	srv := acctest.StartServer(t)
	resource.ParallelTest(t, resource.TestCase{
		TerraformVersionChecks: []tfversion.TerraformVersionCheck{tfversion.SkipBelow(tfversion.Version1_12_0)},
		CheckDestroy:           platformUserGone(srv, "alice"),
		Steps:                  acctest.IdentityUpgradeSteps(identityConfig(srv, "Alice"), platformUserAddr, aliceIdentity, nil),
	})
}

// TestAccPlatformUser_identityUpgradeGone: the refresh that would give state
// without identity its identity finds the object deleted behind
// Terraform's back: the plan creates it again, with no error.
func TestAccPlatformUser_identityUpgradeGone(t *testing.T) {
	srv := acctest.StartServer(t)
	steps := acctest.IdentityUpgradeSteps(identityConfig(srv, "Alice"), platformUserAddr, aliceIdentity, func() {
		if err := srv.Client.DeletePlatformUser(t.Context(), "alice"); err != nil {
			t.Fatalf("delete behind Terraform's back: %v", err)
		}
	})

	resource.ParallelTest(t, resource.TestCase{
		TerraformVersionChecks: []tfversion.TerraformVersionCheck{tfversion.SkipBelow(tfversion.Version1_12_0)},
		CheckDestroy:           platformUserGone(srv, "alice"),
		Steps:                  steps,
	})
}
