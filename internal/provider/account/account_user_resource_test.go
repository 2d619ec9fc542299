package account_test

import (
	"context"
	"fmt"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/adminapi/terraform-provider-adminapi/internal/acctest"
	"github.com/adminapi/terraform-provider-adminapi/internal/provider/account"
)

// accountUserConfig has the account acme and one adminapi_account_user per
// member, named after the user ("alice-au" -> adminapi_account_user.alice).
func accountUserConfig(srv *acctest.Server, members ...[2]string) string {
	var b strings.Builder
	b.WriteString(`
resource "adminapi_account" "acme" {
  name = "acme"
}
`)
	for _, m := range members {
		fmt.Fprintf(&b, `
resource "adminapi_account_user" %q {
  account_id = adminapi_account.acme.id
  username   = %q
  role       = %q
}
`, strings.TrimSuffix(m[0], "-au"), m[0], m[1])
	}
	return srv.Config(b.String())
}

// accountUserReplacedFor checks that the plan replaces the resource because
// of the given attribute.
type accountUserReplacedFor struct{ addr, attribute string }

func (c accountUserReplacedFor) CheckPlan(_ context.Context, req plancheck.CheckPlanRequest, resp *plancheck.CheckPlanResponse) {
	for _, rc := range req.Plan.ResourceChanges {
		if rc.Address != c.addr {
			continue
		}
		for _, p := range rc.Change.ReplacePaths {
			if reflect.DeepEqual(p, []any{c.attribute}) {
				return
			}
		}
		resp.Error = fmt.Errorf("%s: replace_paths = %v, want %s among them", c.addr, rc.Change.ReplacePaths, c.attribute)
		return
	}
	resp.Error = fmt.Errorf("%s: no planned change", c.addr)
}

func TestAccAccountUser(t *testing.T) {
	account.SetLastAdminPatience(t, time.Second)
	srv := acctest.StartServer(t)
	ctx := t.Context()
	const alice, bob = "adminapi_account_user.alice", "adminapi_account_user.bob"
	acctest.CreatePlatformUsers(t, srv, "alice-au", "bob-au", "carol-au")
	var accountID string
	// apiMembers checks the account's members, username -> role, in the API.
	apiMembers := func(want map[string]string) resource.TestCheckFunc {
		return func(s *terraform.State) error {
			accountID = s.RootModule().Resources["adminapi_account.acme"].Primary.ID
			got := map[string]string{}
			for m, err := range srv.Client.AccountMembers(ctx, accountID) {
				if err != nil {
					return err
				}
				got[m.Username] = m.Role
			}
			if !reflect.DeepEqual(got, want) {
				return fmt.Errorf("API members = %v, want %v", got, want)
			}
			return nil
		}
	}
	role := func(addr, want string) statecheck.StateCheck {
		return statecheck.ExpectKnownValue(addr, tfjsonpath.New("role"), knownvalue.StringExact(want))
	}
	planChecks := func(addr string, action plancheck.ResourceActionType, more ...plancheck.PlanCheck) resource.ConfigPlanChecks {
		return resource.ConfigPlanChecks{
			PreApply:             append([]plancheck.PlanCheck{plancheck.ExpectResourceAction(addr, action)}, more...),
			PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
		}
	}
	aliceUser := accountUserConfig(srv, [2]string{"alice-au", "user"}, [2]string{"bob-au", "admin"})
	aliceAdmin := accountUserConfig(srv, [2]string{"alice-au", "admin"}, [2]string{"bob-au", "admin"})

	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config:      accountUserConfig(srv, [2]string{"carol-au", "owner"}),
				PlanOnly:    true,
				ExpectError: acctest.ErrorRegexp(`Attribute role value must be one of: ["user" "admin"], got: "owner"`),
			},
			{
				Config:           aliceUser,
				Check:            apiMembers(map[string]string{"alice-au": "user", "bob-au": "admin"}),
				ConfigPlanChecks: planChecks(alice, plancheck.ResourceActionCreate),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(alice, tfjsonpath.New("id"), knownvalue.StringRegexp(acctest.MemberID("alice-au"))),
					role(alice, "user"), role(bob, "admin"),
				},
			},
			{
				Config:            aliceAdmin,
				Check:             apiMembers(map[string]string{"alice-au": "admin", "bob-au": "admin"}),
				ConfigPlanChecks:  planChecks(alice, plancheck.ResourceActionUpdate),
				ConfigStateChecks: []statecheck.StateCheck{role(alice, "admin")},
			},
			{
				ResourceName:      alice,
				ImportState:       true,
				ImportStateVerify: true,
			},
			{
				ResourceName:  alice,
				ImportState:   true,
				ImportStateId: "alice-au",
				ExpectError:   acctest.ErrorRegexp("Invalid import ID", `expected <account_id>/<username>, got "alice-au"`),
			},
			{
				// A demotion is a replacement because of role: removed, then added as user.
				Config:            aliceUser,
				Check:             apiMembers(map[string]string{"alice-au": "user", "bob-au": "admin"}),
				ConfigPlanChecks:  planChecks(alice, plancheck.ResourceActionDestroyBeforeCreate, accountUserReplacedFor{alice, "role"}),
				ConfigStateChecks: []statecheck.StateCheck{role(alice, "user")},
			},
			{
				PreConfig: func() {
					if err := srv.Client.RemoveAccountMember(ctx, accountID, "alice-au"); err != nil {
						t.Fatalf("remove member behind Terraform's back: %v", err)
					}
				},
				Config:           aliceUser,
				Check:            apiMembers(map[string]string{"alice-au": "user", "bob-au": "admin"}),
				ConfigPlanChecks: planChecks(alice, plancheck.ResourceActionCreate),
			},
			{
				// A membership made elsewhere is not taken over: the error says how to import it.
				PreConfig: func() {
					if _, err := srv.Client.SetAccountMember(ctx, accountID, "carol-au", "user"); err != nil {
						t.Fatalf("add member behind Terraform's back: %v", err)
					}
				},
				Config: accountUserConfig(srv, [2]string{"alice-au", "user"}, [2]string{"bob-au", "admin"}, [2]string{"carol-au", "user"}),
				ExpectError: acctest.ErrorRegexp(`Could not create account membership "`, `/carol-au": already exists`, `with role "user"`,
					"terraform import adminapi_account_user.<name> ", "/carol-au"),
			},
			{
				// bob is the last admin while alice and carol remain.
				Config:      accountUserConfig(srv, [2]string{"alice-au", "user"}),
				ExpectError: acctest.ErrorRegexp(`Could not delete account membership "`, `/bob-au": last admin`, "Make another member admin first"),
			},
			{
				// With carol gone, alice and bob are removed together, in whatever order.
				PreConfig: func() {
					if err := srv.Client.RemoveAccountMember(ctx, accountID, "carol-au"); err != nil {
						t.Fatalf("remove member behind Terraform's back: %v", err)
					}
				},
				Config: accountUserConfig(srv),
				Check:  apiMembers(map[string]string{}),
			},
		},
	})
}
