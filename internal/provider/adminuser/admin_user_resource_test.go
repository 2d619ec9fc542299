package adminuser_test

import (
	"context"
	"fmt"
	"regexp"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"
	"github.com/hashicorp/terraform-plugin-testing/tfversion"

	"github.com/adminapi/terraform-provider-adminapi/internal/acctest"
	"github.com/adminapi/terraform-provider-adminapi/internal/client"
)

const adminUserAddr = "adminapi_admin_user.test"

func adminUserConfig(srv *acctest.Server, username, permissions, secret string) string {
	return srv.Config(fmt.Sprintf(`
resource "adminapi_admin_user" "test" {
  username    = %q
  permissions = %s
%s
}
`, username, permissions, secret))
}

// adminUserLogin checks that username can log in with password (ok) or is refused with 401.
func adminUserLogin(srv *acctest.Server, username, password string, ok bool) resource.TestCheckFunc {
	return func(*terraform.State) error {
		_, err := srv.Client.Login(context.Background(), username, password)
		switch {
		case ok && err != nil:
			return fmt.Errorf("login as %s with %q: %w", username, password, err)
		case !ok && err == nil:
			return fmt.Errorf("login as %s with %q succeeded, want 401", username, password)
		case !ok && !client.IsUnauthorized(err):
			return fmt.Errorf("login as %s with %q: %w, want 401", username, password, err)
		}
		return nil
	}
}

func adminUserPermissionsAre(srv *acctest.Server, username string, users, accounts []string) resource.TestCheckFunc {
	return func(*terraform.State) error {
		u, err := srv.Client.GetAdminUser(context.Background(), username)
		if err != nil {
			return err
		}
		if fmt.Sprint(u.Permissions.Users) != fmt.Sprint(users) || fmt.Sprint(u.Permissions.Accounts) != fmt.Sprint(accounts) {
			return fmt.Errorf("API permissions %+v, want users %v accounts %v", u.Permissions, users, accounts)
		}
		return nil
	}
}

func adminUserGone(srv *acctest.Server, username string) resource.TestCheckFunc {
	return func(*terraform.State) error {
		_, err := srv.Client.GetAdminUser(context.Background(), username)
		switch {
		case err == nil:
			return fmt.Errorf("admin user %s still exists", username)
		case !client.IsNotFound(err):
			return fmt.Errorf("admin user %s: %w, want 404", username, err)
		}
		return nil
	}
}

func TestAccAdminUser_lifecycle(t *testing.T) {
	srv := acctest.StartServer(t)
	const readOnly = `{ users = ["read"], settings = ["read", "update"] }`
	const wider = `{ users = ["read", "create"], accounts = ["read"] }`
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		CheckDestroy:             adminUserGone(srv, "ops-renamed"),
		Steps: []resource.TestStep{
			{
				Config: adminUserConfig(srv, "ops", readOnly, `password = "first-password"`),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(adminUserAddr, tfjsonpath.New("id"), knownvalue.StringExact("ops")),
					// The state holds the groups the configuration has, no more.
					statecheck.ExpectKnownValue(adminUserAddr, tfjsonpath.New("permissions"), knownvalue.MapExact(map[string]knownvalue.Check{
						"users":    knownvalue.SetExact([]knownvalue.Check{knownvalue.StringExact("read")}),
						"settings": knownvalue.SetExact([]knownvalue.Check{knownvalue.StringExact("read"), knownvalue.StringExact("update")}),
					})),
					statecheck.ExpectKnownValue(adminUserAddr, tfjsonpath.New("created_at"), knownvalue.NotNull()),
					// The plain password is kept in the state, as documented.
					acctest.StateHolds("first-password", true),
				},
				Check: resource.ComposeAggregateTestCheckFunc(
					adminUserPermissionsAre(srv, "ops", []string{"read"}, []string{}),
					adminUserLogin(srv, "ops", "first-password", true),
				),
				ConfigPlanChecks: resource.ConfigPlanChecks{PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}},
			},
			{
				Config: adminUserConfig(srv, "ops", wider, `password = "second-password"`),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply:             []plancheck.PlanCheck{plancheck.ExpectResourceAction(adminUserAddr, plancheck.ResourceActionUpdate)},
					PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
				Check: resource.ComposeAggregateTestCheckFunc(
					adminUserPermissionsAre(srv, "ops", []string{"read", "create"}, []string{"read"}),
					adminUserLogin(srv, "ops", "second-password", true),
					adminUserLogin(srv, "ops", "first-password", false),
				),
			},
			{
				ResourceName:      adminUserAddr,
				ImportState:       true,
				ImportStateId:     "ops",
				ImportStateVerify: true,
				// Secrets are never read back from the API.
				ImportStateVerifyIgnore: []string{"password", "password_wo_version"},
			},
			{
				PreConfig: func() {
					if err := srv.Client.DeleteAdminUser(context.Background(), "ops"); err != nil {
						t.Fatalf("delete behind Terraform's back: %v", err)
					}
				},
				Config: adminUserConfig(srv, "ops", wider, `password = "second-password"`),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply:             []plancheck.PlanCheck{plancheck.ExpectResourceAction(adminUserAddr, plancheck.ResourceActionCreate)},
					PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
				Check: adminUserLogin(srv, "ops", "second-password", true),
			},
			{
				Config: adminUserConfig(srv, "ops-renamed", wider, `password = "second-password"`),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply:             []plancheck.PlanCheck{plancheck.ExpectResourceAction(adminUserAddr, plancheck.ResourceActionDestroyBeforeCreate)},
					PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
				Check: resource.ComposeAggregateTestCheckFunc(
					adminUserGone(srv, "ops"),
					adminUserLogin(srv, "ops-renamed", "second-password", true),
				),
			},
		},
	})
}

func TestAccAdminUser_passwordWriteOnly(t *testing.T) {
	srv := acctest.StartServer(t)
	const perms = `{ users = ["read"] }`
	wo := func(password string, version int) string {
		return fmt.Sprintf("password_wo = %q\npassword_wo_version = %d", password, version)
	}
	noSecretInState := func(password string) []statecheck.StateCheck {
		return []statecheck.StateCheck{
			statecheck.ExpectKnownValue(adminUserAddr, tfjsonpath.New("password_wo"), knownvalue.Null()),
			statecheck.ExpectKnownValue(adminUserAddr, tfjsonpath.New("password"), knownvalue.Null()),
			acctest.StateHolds(password, false),
		}
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		TerraformVersionChecks:   []tfversion.TerraformVersionCheck{tfversion.SkipBelow(tfversion.Version1_11_0)},
		CheckDestroy:             adminUserGone(srv, "wo-user"),
		Steps: []resource.TestStep{
			{
				Config:            adminUserConfig(srv, "wo-user", perms, wo("wo-password-one", 1)),
				ConfigStateChecks: append(noSecretInState("wo-password-one"), statecheck.ExpectKnownValue(adminUserAddr, tfjsonpath.New("password_wo_version"), knownvalue.Int64Exact(1))),
				Check:             adminUserLogin(srv, "wo-user", "wo-password-one", true),
				ConfigPlanChecks:  resource.ConfigPlanChecks{PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}},
			},
			{
				// A new write-only value alone is no change: only the version sends it.
				Config:   adminUserConfig(srv, "wo-user", perms, wo("wo-password-ignored", 1)),
				PlanOnly: true,
			},
			{
				Config: adminUserConfig(srv, "wo-user", perms, wo("wo-password-two", 2)),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply:             []plancheck.PlanCheck{plancheck.ExpectResourceAction(adminUserAddr, plancheck.ResourceActionUpdate)},
					PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
				ConfigStateChecks: noSecretInState("wo-password-two"),
				Check: resource.ComposeAggregateTestCheckFunc(
					adminUserLogin(srv, "wo-user", "wo-password-two", true),
					adminUserLogin(srv, "wo-user", "wo-password-one", false),
				),
			},
		},
	})
}

func TestAccAdminUser_invalidInput(t *testing.T) {
	srv := acctest.StartServer(t)
	const perms = `{ users = ["read"] }`
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		// Nothing may have reached the API: only the bootstrap admin exists.
		CheckDestroy: func(*terraform.State) error {
			for u, err := range srv.Client.AdminUsers(context.Background()) {
				if err != nil {
					return err
				}
				if u.Username != acctest.AdminUsername {
					return fmt.Errorf("admin user %s was created", u.Username)
				}
			}
			return nil
		},
		Steps: []resource.TestStep{
			{
				Config:      adminUserConfig(srv, "Bad User!", perms, `password = "long-enough"`),
				PlanOnly:    true,
				ExpectError: regexp.MustCompile(`(?s)username\s+must\s+be\s+3\s+to\s+64`),
			},
			{
				Config:      adminUserConfig(srv, "ok-user", `{ users = ["read", "fly"] }`, `password = "long-enough"`),
				PlanOnly:    true,
				ExpectError: regexp.MustCompile(`(?s)permissions\["users"\].*"fly"`),
			},
			{
				Config:      adminUserConfig(srv, "ok-user", perms, "password = \"long-enough\"\npassword_wo = \"long-enough\""),
				PlanOnly:    true,
				ExpectError: regexp.MustCompile(`(?s)Attribute\s+"password_wo"\s+cannot\s+be\s+specified\s+when\s+"password"\s+is\s+specified`),
			},
			{
				Config:      adminUserConfig(srv, "ok-user", perms, ""),
				PlanOnly:    true,
				ExpectError: regexp.MustCompile(`(?s)At\s+least\s+one\s+of\s+these\s+attributes.*\[password,password_wo,password_wo_version\]`),
			},
			{
				Config:      adminUserConfig(srv, "ok-user", perms, `password_wo = "long-enough"`),
				PlanOnly:    true,
				ExpectError: regexp.MustCompile(`(?s)password_wo_version.*must\s+be\s+specified\s+when.*password_wo`),
			},
			{
				Config:      adminUserConfig(srv, "ok-user", perms, `password = "short"`),
				PlanOnly:    true,
				ExpectError: regexp.MustCompile(`(?s)Attribute\s+password\s+UTF-8\s+character\s+count`),
			},
		},
	})
}
