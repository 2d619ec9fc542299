package platformuser_test

import (
	"fmt"
	"slices"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/adminapi/terraform-provider-adminapi/internal/acctest"
)

// Replacing a platform user deletes its role assignments and account
// memberships on the server. Referenced through the user's id, which is
// unknown until the new user exists, they are replaced with it in the same
// plan, so one apply leaves all three on the server.
func TestAccPlatformUser_replaceReplacesDependents(t *testing.T) {
	srv := acctest.StartServer(t)
	const (
		username = "replaced-user"
		roleName = "replace-role"
		userRole = "adminapi_user_role.test"
		member   = "adminapi_account_user.test"
	)
	cfg := func(ldap bool) string {
		password := `password = "replaced-password"`
		if ldap {
			password = ""
		}
		return platformUserConfig(srv, fmt.Sprintf(`
  username = %q
  email    = "replaced@example.com"
  ldap     = %t
  %s
`, username, ldap, password)) + fmt.Sprintf(`
resource "adminapi_role" "test" {
  name = %q
}

resource "adminapi_user_role" "test" {
  username = adminapi_platform_user.test.id
  role     = adminapi_role.test.name
}

resource "adminapi_account" "test" {
  name = "Replace Co"
}

resource "adminapi_account_user" "test" {
  account_id = adminapi_account.test.id
  username   = adminapi_platform_user.test.id
  role       = "admin"
}
`, roleName)
	}
	var accountID string
	allOnServer := func(ldap bool) resource.TestCheckFunc {
		return func(s *terraform.State) error {
			accountID = s.RootModule().Resources["adminapi_account.test"].Primary.ID
			u, err := srv.Client.GetPlatformUser(t.Context(), username)
			if err != nil {
				return err
			}
			if u.LDAP != ldap || !slices.Contains(u.Roles, roleName) {
				return fmt.Errorf("API user: ldap %v roles %v, want ldap %v and role %s", u.LDAP, u.Roles, ldap, roleName)
			}
			m, err := srv.Client.GetAccountMember(t.Context(), accountID, username)
			if err != nil {
				return fmt.Errorf("membership of %s: %w", username, err)
			}
			return acctest.Want("membership role", m.Role, "admin")
		}
	}
	replaced := func(addr string) plancheck.PlanCheck {
		return plancheck.ExpectResourceAction(addr, plancheck.ResourceActionDestroyBeforeCreate)
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		CheckDestroy:             platformUserGone(srv, username),
		Steps: []resource.TestStep{
			{
				Config: cfg(false),
				Check:  allOnServer(false),
			},
			{
				Config: cfg(true),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{
						replaced(platformUserAddr), replaced(userRole), replaced(member),
						plancheck.ExpectUnknownValue(platformUserAddr, tfjsonpath.New("id")),
					},
					PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
				Check: allOnServer(true),
			},
		},
	})
}
