package platformuser_test

import (
	"fmt"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/adminapi/terraform-provider-adminapi/internal/acctest"
	"github.com/adminapi/terraform-provider-adminapi/internal/api"
)

// referer and invitation_token are set at creation only. Omitted, they keep
// what the platform holds while the user lasts; a user replaced for another
// reason is created anew without them, and the plan says so (null, not
// "known after apply"). Written in the configuration, they go through the
// replacement. The invitation token is sensitive in plans and state.
func TestAccPlatformUser_replaceCreateOnly(t *testing.T) {
	srv := acctest.StartServer(t)
	const username, token = "create-only", "invite-secret-123"
	cfg := func(body string) string {
		return platformUserConfig(srv, fmt.Sprintf("  username = %q\n  email = \"create-only@example.com\"\n%s", username, body))
	}
	both := fmt.Sprintf("  referer = \"partner-x\"\n  invitation_token = %q\n", token)
	const password = "  password = \"create-only-password\"\n"

	attr := func(name string) tfjsonpath.Path { return tfjsonpath.New(name) }
	sensitiveToken := plancheck.ExpectSensitiveValue(platformUserAddr, attr("invitation_token"))
	planned := func(referer, token knownvalue.Check) []plancheck.PlanCheck {
		return []plancheck.PlanCheck{
			plancheck.ExpectResourceAction(platformUserAddr, plancheck.ResourceActionDestroyBeforeCreate),
			plancheck.ExpectKnownValue(platformUserAddr, attr("referer"), referer),
			plancheck.ExpectKnownValue(platformUserAddr, attr("invitation_token"), token),
			sensitiveToken,
		}
	}
	empty := []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}
	onServer := func(ldap bool, referer, token string) resource.TestCheckFunc {
		return platformUserAPI(srv, username, func(u *api.PlatformUser) error {
			if u.LDAP != ldap || u.Referer != referer || u.InvitationToken != token {
				return fmt.Errorf("API user: ldap %v referer %q invitation token %q, want %v %q %q",
					u.LDAP, u.Referer, u.InvitationToken, ldap, referer, token)
			}
			return nil
		})
	}
	tokenInState := []statecheck.StateCheck{
		statecheck.ExpectSensitiveValue(platformUserAddr, attr("invitation_token")),
		statecheck.ExpectKnownValue(platformUserAddr, attr("invitation_token"), knownvalue.StringExact(token)),
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		CheckDestroy:             platformUserGone(srv, username),
		Steps: []resource.TestStep{
			{
				Config: cfg(password + both),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply:             []plancheck.PlanCheck{sensitiveToken},
					PostApplyPostRefresh: empty,
				},
				ConfigStateChecks: tokenInState,
				Check:             onServer(false, "partner-x", token),
			},
			{
				// Omitted while the user lasts: no change.
				Config:           cfg(password),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: empty},
			},
			{
				// Replaced because of ldap, both omitted: the new user has neither.
				Config: cfg("  ldap = true\n"),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply:             planned(knownvalue.Null(), knownvalue.Null()),
					PostApplyPostRefresh: empty,
				},
				Check: onServer(true, "", ""),
			},
			{
				// Replaced with both written in the configuration: the new user has them.
				Config: cfg(password + both),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply:             planned(knownvalue.StringExact("partner-x"), knownvalue.StringExact(token)),
					PostApplyPostRefresh: empty,
				},
				ConfigStateChecks: tokenInState,
				Check:             onServer(false, "partner-x", token),
			},
		},
	})
}
