package adminuser_test

import (
	"fmt"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/adminapi/terraform-provider-adminapi/internal/acctest"
	"github.com/adminapi/terraform-provider-adminapi/internal/api"
)

func adminUserDataSourceConfig(srv *acctest.Server, username string) string {
	return srv.Config(fmt.Sprintf(`
data "adminapi_admin_user" "test" {
  username = %q
}
`, username))
}

// createAdminUsers creates admin users behind Terraform's back; a nil group
// is sent as none.
func createAdminUsers(t *testing.T, srv *acctest.Server, permissions map[string]api.Permissions) map[string]api.AdminUser {
	t.Helper()
	created := make(map[string]api.AdminUser, len(permissions))
	for username, p := range permissions {
		for _, group := range []*[]string{&p.Users, &p.Settings, &p.PlatformUsers, &p.Accounts} {
			if *group == nil {
				*group = []string{}
			}
		}
		u, err := srv.Client.CreateAdminUser(t.Context(), api.CreateAdminUser{Username: username, Password: "bulk-password", Permissions: p})
		if err != nil {
			t.Fatalf("create admin user %s: %v", username, err)
		}
		created[username] = *u
	}
	return created
}

func stringSet(values []string) knownvalue.Check {
	checks := make([]knownvalue.Check, len(values))
	for i, v := range values {
		checks[i] = knownvalue.StringExact(v)
	}
	return knownvalue.SetExact(checks)
}

// adminUserObject is what the data sources hold for an admin user: its
// permissions hold the groups it has a permission of, as an import's.
func adminUserObject(username string, p api.Permissions, createdAt, updatedAt knownvalue.Check) map[string]knownvalue.Check {
	groups := map[string]knownvalue.Check{}
	for key, list := range map[string][]string{"users": p.Users, "settings": p.Settings, "platform_users": p.PlatformUsers, "accounts": p.Accounts} {
		if len(list) > 0 {
			groups[key] = stringSet(list)
		}
	}
	return map[string]knownvalue.Check{
		"id":          knownvalue.StringExact(username),
		"username":    knownvalue.StringExact(username),
		"permissions": knownvalue.MapExact(groups),
		"created_at":  createdAt,
		"updated_at":  updatedAt,
	}
}

func TestAccAdminUserDataSource(t *testing.T) {
	srv := acctest.StartServer(t)
	users := createAdminUsers(t, srv, map[string]api.Permissions{
		"ops-reader": {Users: []string{"read"}, Settings: []string{"read", "update"}},
		"no-rights":  {},
	})
	const addr = "data.adminapi_admin_user.test"
	lookup := func(username string) resource.TestStep {
		u := users[username]
		at := func(t time.Time) knownvalue.Check { return knownvalue.StringExact(t.UTC().Format(time.RFC3339)) }
		var checks []statecheck.StateCheck
		for attribute, want := range adminUserObject(username, u.Permissions, at(u.CreatedAt), at(u.UpdatedAt)) {
			checks = append(checks, statecheck.ExpectKnownValue(addr, tfjsonpath.New(attribute), want))
		}
		return resource.TestStep{Config: adminUserDataSourceConfig(srv, username), ConfigStateChecks: checks}
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config:      adminUserDataSourceConfig(srv, "Bad User!"),
				PlanOnly:    true,
				ExpectError: acctest.ErrorRegexp(`data "adminapi_admin_user" "test"`, "Attribute username must be 3 to 64", "got: Bad User!"),
			},
			{
				Config:      adminUserDataSourceConfig(srv, "nobody"),
				ExpectError: acctest.ErrorRegexp("No admin user found", `No admin user has username = "nobody".`),
			},
			lookup("ops-reader"),
			lookup("no-rights"),
		},
	})
}
