package platformuser_test

import (
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

// A platform user's password is optional: removing it from the
// configuration stops managing it, sends nothing, and the user keeps it.
func TestAccPlatformUser_passwordRemoved(t *testing.T) {
	srv := acctest.StartServer(t)
	s := srv.Server
	cfg := func(secret string) string {
		return platformUserConfig(srv, fmt.Sprintf(`
  username = "pw-removed"
  email    = "pw-removed@example.com"
%s
`, secret))
	}
	updated := resource.ConfigPlanChecks{
		PreApply:             []plancheck.PlanCheck{plancheck.ExpectResourceAction(platformUserAddr, plancheck.ResourceActionUpdate)},
		PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
	}
	unmanaged := []statecheck.StateCheck{
		statecheck.ExpectKnownValue(platformUserAddr, tfjsonpath.New("password"), knownvalue.Null()),
		statecheck.ExpectKnownValue(platformUserAddr, tfjsonpath.New("password_wo_version"), knownvalue.Null()),
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		TerraformVersionChecks:   []tfversion.TerraformVersionCheck{tfversion.SkipBelow(tfversion.Version1_11_0)},
		CheckDestroy:             platformUserGone(srv, "pw-removed"),
		Steps: []resource.TestStep{
			{
				Config: cfg(`
  password_wo         = "wo-secret-one"
  password_wo_version = 1
`),
				Check: platformUserPasswordIs(s, "pw-removed", "wo-secret-one", true),
			},
			{
				// password_wo and password_wo_version removed together.
				Config:            cfg(""),
				ConfigPlanChecks:  updated,
				ConfigStateChecks: unmanaged,
				Check:             platformUserPasswordIs(s, "pw-removed", "wo-secret-one", true),
			},
			{
				Config:           cfg(`password = "plain-secret-two"`),
				ConfigPlanChecks: updated,
				Check:            platformUserPasswordIs(s, "pw-removed", "plain-secret-two", true),
			},
			{
				// password removed.
				Config:            cfg(""),
				ConfigPlanChecks:  updated,
				ConfigStateChecks: unmanaged,
				Check:             platformUserPasswordIs(s, "pw-removed", "plain-secret-two", true),
			},
		},
	})
}
