package role_test

import (
	"fmt"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/querycheck"
	"github.com/hashicorp/terraform-plugin-testing/querycheck/queryfilter"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/adminapi/terraform-provider-adminapi/internal/acctest"
	"github.com/adminapi/terraform-provider-adminapi/internal/api"
)

// createLDAPUsers creates LDAP platform users (no password to hash) behind
// Terraform's back.
func createLDAPUsers(t *testing.T, srv *acctest.Server, usernames ...string) {
	t.Helper()
	ldap := true
	for _, u := range usernames {
		if _, err := srv.Client.CreatePlatformUser(t.Context(), api.CreatePlatformUser{Username: u, Email: u + "@example.com", LDAP: &ldap}); err != nil {
			t.Fatalf("create platform user %s: %v", u, err)
		}
	}
}

// assignRoles gives each of users the roles that roleOf names for its index.
func assignRoles(t *testing.T, srv *acctest.Server, users []string, rolesOf func(i int) []string) {
	t.Helper()
	for i, u := range users {
		for _, role := range rolesOf(i) {
			if _, err := srv.Client.AssignRole(t.Context(), u, role); err != nil {
				t.Fatalf("assign %s to %s: %v", role, u, err)
			}
		}
	}
}

func assignment(username, role string) queryfilter.QueryFilter {
	return queryfilter.ByResourceIdentity(map[string]knownvalue.Check{
		"username": knownvalue.StringExact(username), "role": knownvalue.StringExact(role),
	})
}

func TestAccUserRoleList(t *testing.T) {
	acctest.SkipOnOpenTofu(t, "list resources or `query` (Terraform 1.14+)")
	srv, rec := acctest.StartRecordedServer(t)
	createRoles(t, srv, map[string]string{"reader": "", "writer": "", "unused": ""})
	// 130 users, more than a page: the even ones read, every third writes;
	// 65 + 44 assignments.
	users := acctest.NumberedNames("user", 130)
	createLDAPUsers(t, srv, users...)
	assignRoles(t, srv, users, func(i int) []string {
		var roles []string
		if i%2 == 0 {
			roles = append(roles, "reader")
		}
		if i%3 == 0 {
			roles = append(roles, "writer")
		}
		return roles
	})
	query := func(name, body string) string {
		return fmt.Sprintf("\nlist \"adminapi_user_role\" %q {\n  provider = adminapi\n%s\n}\n", name, body)
	}
	resource.ParallelTest(t, resource.TestCase{
		TerraformVersionChecks:   listVersions,
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		Steps: []resource.TestStep{
			{Config: srv.Config("")},
			{
				Query: true,
				Config: query("all", "  include_resource = true\n  limit = 1000") +
					query("three", "  limit = 3") +
					query("of_user", fmt.Sprintf("  config {\n    username = %q\n  }", users[6])) +
					query("writers", "  limit = 1000\n  config {\n    role = \"writer\"\n  }") +
					query("unused", "  config {\n    role = \"unused\"\n  }"),
				QueryResultChecks: []querycheck.QueryResultCheck{
					querycheck.ExpectLength("adminapi_user_role.all", 65+44),
					querycheck.ExpectLength("adminapi_user_role.three", 3),
					querycheck.ExpectLength("adminapi_user_role.of_user", 2),
					querycheck.ExpectLength("adminapi_user_role.writers", 44),
					querycheck.ExpectLength("adminapi_user_role.unused", 0),
					querycheck.ExpectIdentity("adminapi_user_role.all", map[string]knownvalue.Check{
						"username": knownvalue.StringExact(users[129]), "role": knownvalue.StringExact("writer"),
					}),
					querycheck.ExpectIdentity("adminapi_user_role.of_user", map[string]knownvalue.Check{
						"username": knownvalue.StringExact(users[6]), "role": knownvalue.StringExact("reader"),
					}),
					querycheck.ExpectIdentity("adminapi_user_role.of_user", map[string]knownvalue.Check{
						"username": knownvalue.StringExact(users[6]), "role": knownvalue.StringExact("writer"),
					}),
					querycheck.ExpectIdentity("adminapi_user_role.writers", map[string]knownvalue.Check{
						"username": knownvalue.StringExact(users[3]), "role": knownvalue.StringExact("writer"),
					}),
					querycheck.ExpectResourceDisplayName("adminapi_user_role.all", assignment(users[6], "writer"),
						knownvalue.StringExact(users[6]+" has writer")),
					querycheck.ExpectResourceKnownValues("adminapi_user_role.all", assignment(users[6], "writer"), []querycheck.KnownValueCheck{
						{Path: tfjsonpath.New("id"), KnownValue: knownvalue.StringExact(users[6] + "/writer")},
						{Path: tfjsonpath.New("username"), KnownValue: knownvalue.StringExact(users[6])},
						{Path: tfjsonpath.New("role"), KnownValue: knownvalue.StringExact("writer")},
					}),
				},
			},
			{
				Query:       true,
				Config:      query("nobody", "  config {\n    username = \"nobody-ur\"\n  }"),
				ExpectError: acctest.ErrorRegexp("No platform user found", `No platform user has username = "nobody-ur"`),
			},
			{
				Query:       true,
				Config:      query("missing", "  config {\n    role = \"missing\"\n  }"),
				ExpectError: acctest.ErrorRegexp("No role found", `No role has role = "missing"`),
			},
			{
				Query:       true,
				Config:      query("both", fmt.Sprintf("  config {\n    username = %q\n    role = \"reader\"\n  }", users[0])),
				ExpectError: acctest.ErrorRegexp("Invalid Attribute Combination", "username", "role"),
			},
			{
				Query:       true,
				Config:      query("bad", "  config {\n    username = \"Bad Name\"\n  }"),
				ExpectError: acctest.ErrorRegexp("username must be 5 to 60 of a-z 0-9 -"),
			},
		},
	})
	// All reads both pages of users, three (limit 3) the first only, and
	// writers and unused one page each.
	if got := countCalls(rec.APICalls(), "GET /platform-users"); got != 2+1+1+1 {
		t.Errorf("the queries read %d pages of users, want 5: the limited one reads one page only", got)
	}
}

func TestAccUserRoleList_apiError(t *testing.T) {
	acctest.SkipOnOpenTofu(t, "list resources or `query` (Terraform 1.14+)")
	srv := acctest.StartServer(t)
	createRoles(t, srv, map[string]string{"reader": ""})
	users := acctest.NumberedNames("user", 120)
	createLDAPUsers(t, srv, users...)
	assignRoles(t, srv, users, func(int) []string { return []string{"reader"} })
	failing := acctest.FailingPage(t, srv, 100)
	resource.ParallelTest(t, resource.TestCase{
		TerraformVersionChecks:   listVersions,
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		Steps: []resource.TestStep{
			{Config: failing.Config("")},
			{
				Query: true,
				Config: `
list "adminapi_user_role" "all" {
  provider = adminapi
  limit    = 1000
}
`,
				ExpectError: acctest.ErrorRegexp("Could not list role assignments", "after 100 results", "injected failure of the page at offset 100"),
			},
		},
	})
}
