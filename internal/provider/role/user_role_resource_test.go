package role_test

import (
	"fmt"
	"slices"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/adminapi/terraform-provider-adminapi/internal/acctest"
	"github.com/adminapi/terraform-provider-adminapi/internal/api"
)

// userRoleConfig has the roles reader and writer, and assigns one of them
// to username through adminapi_user_role.test; extra is appended.
func userRoleConfig(srv *acctest.Server, username, role, extra string) string {
	return srv.Config(fmt.Sprintf(`
resource "adminapi_role" "reader" {
  name = "reader"
}

resource "adminapi_role" "writer" {
  name = "writer"
}

resource "adminapi_user_role" "test" {
  username = %q
  role     = %s
}
%s`, username, role, extra))
}

func TestAccUserRole(t *testing.T) {
	srv := acctest.StartServer(t)
	ctx := t.Context()
	const addr = "adminapi_user_role.test"
	acctest.CreatePlatformUsers(t, srv, "alice-ur")
	// extra is assigned behind Terraform's back, for the create conflict.
	if _, err := srv.Client.CreateRole(ctx, api.CreateRole{Name: "extra"}); err != nil {
		t.Fatal(err)
	}
	if _, err := srv.Client.AssignRole(ctx, "alice-ur", "extra"); err != nil {
		t.Fatal(err)
	}
	apiRoles := func(want ...string) resource.TestCheckFunc {
		return acctest.Check(func() error {
			u, err := srv.Client.GetPlatformUser(ctx, "alice-ur")
			if err != nil {
				return err
			}
			if !slices.Equal(u.Roles, want) {
				return fmt.Errorf("API roles of alice-ur = %v, want %v", u.Roles, want)
			}
			return nil
		})
	}
	state := func(id, role string) []statecheck.StateCheck {
		return []statecheck.StateCheck{
			statecheck.ExpectKnownValue(addr, tfjsonpath.New("id"), knownvalue.StringExact(id)),
			statecheck.ExpectKnownValue(addr, tfjsonpath.New("username"), knownvalue.StringExact("alice-ur")),
			statecheck.ExpectKnownValue(addr, tfjsonpath.New("role"), knownvalue.StringExact(role)),
		}
	}
	planChecks := func(action plancheck.ResourceActionType) resource.ConfigPlanChecks {
		return resource.ConfigPlanChecks{
			PreApply:             []plancheck.PlanCheck{plancheck.ExpectResourceAction(addr, action)},
			PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
		}
	}
	reader := userRoleConfig(srv, "alice-ur", "adminapi_role.reader.name", "")
	writer := userRoleConfig(srv, "alice-ur", "adminapi_role.writer.name", "")

	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config:      userRoleConfig(srv, "Alice_UR", `"reader"`, ""),
				PlanOnly:    true,
				ExpectError: acctest.ErrorRegexp("Attribute username must be 5 to 60 of a-z 0-9 -"),
			},
			{
				Config:      userRoleConfig(srv, "alice-ur", `"Read Only"`, ""),
				PlanOnly:    true,
				ExpectError: acctest.ErrorRegexp("Attribute role must be 1 to 63 of a-z 0-9 _ -"),
			},
			{
				Config:            reader,
				Check:             apiRoles("extra", "reader"),
				ConfigPlanChecks:  planChecks(plancheck.ResourceActionCreate),
				ConfigStateChecks: state("alice-ur/reader", "reader"),
			},
			{
				Config:            writer,
				Check:             apiRoles("extra", "writer"),
				ConfigPlanChecks:  planChecks(plancheck.ResourceActionReplace),
				ConfigStateChecks: state("alice-ur/writer", "writer"),
			},
			{
				ResourceName:      addr,
				ImportState:       true,
				ImportStateVerify: true,
			},
			{
				ResourceName:  addr,
				ImportState:   true,
				ImportStateId: "alice-ur",
				ExpectError:   acctest.ErrorRegexp("Invalid import ID", `expected <username>/<role>, got "alice-ur"`),
			},
			{
				PreConfig: func() {
					if err := srv.Client.UnassignRole(ctx, "alice-ur", "writer"); err != nil {
						t.Fatalf("unassign behind Terraform's back: %v", err)
					}
				},
				Config:           writer,
				Check:            apiRoles("extra", "writer"),
				ConfigPlanChecks: planChecks(plancheck.ResourceActionCreate),
			},
			{
				// An assignment made elsewhere is not taken over: the error says how to import it.
				Config: userRoleConfig(srv, "alice-ur", "adminapi_role.writer.name", `
resource "adminapi_user_role" "dup" {
  username = "alice-ur"
  role     = "extra"
}
`),
				ExpectError: acctest.ErrorRegexp("already exists", "terraform import adminapi_user_role.<name> alice-ur/extra"),
			},
			{
				// The user gone takes its assignments with it: the plan recreates this one.
				PreConfig: func() {
					if err := srv.Client.DeletePlatformUser(ctx, "alice-ur"); err != nil {
						t.Fatalf("delete platform user behind Terraform's back: %v", err)
					}
				},
				Config:             writer,
				PlanOnly:           true,
				ExpectNonEmptyPlan: true,
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectResourceAction(addr, plancheck.ResourceActionCreate)},
				},
			},
		},
	})
}
