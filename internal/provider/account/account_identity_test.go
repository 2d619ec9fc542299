package account_test

import (
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"
	"github.com/hashicorp/terraform-plugin-testing/tfversion"

	"github.com/adminapi/terraform-provider-adminapi/internal/acctest"
	"github.com/adminapi/terraform-provider-adminapi/internal/api"
)

var identityVersions = []tfversion.TerraformVersionCheck{tfversion.SkipBelow(tfversion.Version1_12_0)}

func TestAccAccount_identity(t *testing.T) {
	srv := acctest.StartServer(t)
	const addr = "adminapi_account.test"
	importOther := func(id string) string {
		return srv.Config(`
import {
  to       = adminapi_account.other
  identity = { id = "` + id + `" }
}

resource "adminapi_account" "other" {
  name = "other"
}
`)
	}
	resource.ParallelTest(t, resource.TestCase{
		TerraformVersionChecks:   identityVersions,
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config: accountConfig(srv, `name = "acme"`),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectIdentity(addr, map[string]knownvalue.Check{"id": knownvalue.StringRegexp(acctest.UUID)}),
					statecheck.ExpectIdentityValueMatchesState(addr, tfjsonpath.New("id")),
				},
			},
			{
				ResourceName:    addr,
				ImportState:     true,
				ImportStateKind: resource.ImportBlockWithResourceIdentity,
			},
			{
				Config:      importOther("acme"),
				PlanOnly:    true,
				ExpectError: acctest.ErrorRegexp("Invalid import identity", `identity id: expected an account id`, `got "acme"`),
			},
			{
				Config:      importOther("0b9f1c2e-5d4a-4e8b-9c3f-2a1b0c9d8e7f"),
				PlanOnly:    true,
				ExpectError: acctest.ErrorRegexp("Cannot import non-existent remote object"),
			},
		},
	})
}

func TestAccAccount_identityUpgrade(t *testing.T) {
	const addr = "adminapi_account.test"
	for name, deleted := range map[string]bool{"kept": false, "deleted": true} {
		t.Run(name, func(t *testing.T) {
			srv := acctest.StartServer(t)
			var remove func()
			if deleted {
				remove = func() { deleteAccountsNamed(t, srv, "acme-upgrade") }
			}
			resource.ParallelTest(t, resource.TestCase{
				TerraformVersionChecks: identityVersions,
				Steps: acctest.IdentityUpgradeSteps(accountConfig(srv, `name = "acme-upgrade"`), addr,
					map[string]knownvalue.Check{"id": knownvalue.StringRegexp(acctest.UUID)}, remove),
			})
		})
	}
}

// deleteAccountsNamed deletes the accounts called name behind Terraform's back.
func deleteAccountsNamed(t *testing.T, srv *acctest.Server, name string) {
	t.Helper()
	var ids []string
	for a, err := range srv.Client.Accounts(t.Context(), name) {
		if err != nil {
			t.Fatal(err)
		}
		ids = append(ids, a.ID)
	}
	if len(ids) == 0 {
		t.Fatalf("no account %s to delete", name)
	}
	for _, id := range ids {
		if err := srv.Client.DeleteAccount(t.Context(), id); err != nil {
			t.Fatalf("delete account %s behind Terraform's back: %v", id, err)
		}
	}
}

func TestAccAccountUser_identity(t *testing.T) {
	srv := acctest.StartServer(t)
	acctest.CreatePlatformUsers(t, srv, "alice-au")
	const addr = "adminapi_account_user.alice"
	importOther := func(identity string) string {
		return accountUserConfig(srv, [2]string{"alice-au", api.MemberRoleAdmin}) + `
import {
  to       = adminapi_account_user.other
  identity = ` + identity + `
}

resource "adminapi_account_user" "other" {
  account_id = adminapi_account.acme.id
  username   = "nobody-au"
  role       = "user"
}
`
	}
	resource.ParallelTest(t, resource.TestCase{
		TerraformVersionChecks:   identityVersions,
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config: accountUserConfig(srv, [2]string{"alice-au", api.MemberRoleAdmin}),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectIdentity(addr, map[string]knownvalue.Check{
						"account_id": knownvalue.StringRegexp(acctest.UUID),
						"username":   knownvalue.StringExact("alice-au"),
					}),
					statecheck.ExpectIdentityValueMatchesState(addr, tfjsonpath.New("account_id")),
				},
			},
			{
				ResourceName:    addr,
				ImportState:     true,
				ImportStateKind: resource.ImportBlockWithResourceIdentity,
			},
			{
				Config:      importOther(`{ account_id = adminapi_account.acme.id, username = "Nobody" }`),
				PlanOnly:    true,
				ExpectError: acctest.ErrorRegexp("Invalid import identity", `identity username: username "Nobody" must match`),
			},
			{
				Config:      importOther(`{ account_id = "acme", username = "nobody-au" }`),
				PlanOnly:    true,
				ExpectError: acctest.ErrorRegexp("Invalid import identity", `identity account_id: expected an account id`, `got "acme"`),
			},
			{
				Config:      importOther(`{ account_id = adminapi_account.acme.id, username = "nobody-au" }`),
				PlanOnly:    true,
				ExpectError: acctest.ErrorRegexp("Cannot import non-existent remote object"),
			},
		},
	})
}

func TestAccAccountUser_identityUpgrade(t *testing.T) {
	const addr = "adminapi_account_user.bob"
	identity := map[string]knownvalue.Check{
		"account_id": knownvalue.StringRegexp(acctest.UUID),
		"username":   knownvalue.StringExact("bob-au"),
	}
	for name, deleted := range map[string]bool{"kept": false, "deleted": true} {
		t.Run(name, func(t *testing.T) {
			srv := acctest.StartServer(t)
			acctest.CreatePlatformUsers(t, srv, "bob-au")
			var remove func()
			if deleted {
				remove = func() {
					for a, err := range srv.Client.Accounts(t.Context(), "acme") {
						if err != nil {
							t.Fatal(err)
						}
						if err := srv.Client.RemoveAccountMember(t.Context(), a.ID, "bob-au"); err != nil {
							t.Fatalf("remove member behind Terraform's back: %v", err)
						}
					}
				}
			}
			resource.ParallelTest(t, resource.TestCase{
				TerraformVersionChecks: identityVersions,
				Steps: acctest.IdentityUpgradeSteps(accountUserConfig(srv, [2]string{"bob-au", api.MemberRoleAdmin}),
					addr, identity, remove),
			})
		})
	}
}
