package role_test

import (
	"fmt"
	"slices"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/querycheck"
	"github.com/hashicorp/terraform-plugin-testing/querycheck/queryfilter"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"
	"github.com/hashicorp/terraform-plugin-testing/tfversion"

	"github.com/adminapi/terraform-provider-adminapi/internal/acctest"
)

var listVersions = []tfversion.TerraformVersionCheck{tfversion.SkipBelow(tfversion.Version1_14_0)}

// manyRoles creates n roles, role-000 and on, behind Terraform's back;
// every tenth has a description.
func manyRoles(t *testing.T, srv *acctest.Server, n int) {
	t.Helper()
	descriptions := make(map[string]string, n)
	for i := range n {
		descriptions[fmt.Sprintf("role-%03d", i)] = ""
		if i%10 == 0 {
			descriptions[fmt.Sprintf("role-%03d", i)] = fmt.Sprintf("Role %d", i)
		}
	}
	createRoles(t, srv, descriptions)
}

func roleNamed(name string) queryfilter.QueryFilter {
	return queryfilter.ByResourceIdentity(map[string]knownvalue.Check{"name": knownvalue.StringExact(name)})
}

func TestAccRoleList(t *testing.T) {
	acctest.SkipOnOpenTofu(t, "list resources or `query` (Terraform 1.14+)")
	srv, rec := acctest.StartRecordedServer(t)
	manyRoles(t, srv, 250)
	resource.ParallelTest(t, resource.TestCase{
		TerraformVersionChecks:   listVersions,
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		Steps: []resource.TestStep{
			{Config: srv.Config("")},
			{
				Query: true,
				// The provider block is in the configuration of the step before.
				Config: `
list "adminapi_role" "all" {
  provider         = adminapi
  include_resource = true
  limit            = 1000
}

list "adminapi_role" "five" {
  provider = adminapi
  limit    = 5
}
`,
				QueryResultChecks: []querycheck.QueryResultCheck{
					querycheck.ExpectLength("adminapi_role.all", 250),
					querycheck.ExpectLength("adminapi_role.five", 5),
					querycheck.ExpectIdentity("adminapi_role.all", map[string]knownvalue.Check{"name": knownvalue.StringExact("role-249")}),
					querycheck.ExpectIdentity("adminapi_role.five", map[string]knownvalue.Check{"name": knownvalue.StringExact("role-004")}),
					querycheck.ExpectResourceDisplayName("adminapi_role.all", roleNamed("role-120"), knownvalue.StringExact("role-120: Role 120")),
					querycheck.ExpectResourceDisplayName("adminapi_role.all", roleNamed("role-121"), knownvalue.StringExact("role-121")),
					querycheck.ExpectResourceKnownValues("adminapi_role.all", roleNamed("role-120"), []querycheck.KnownValueCheck{
						{Path: tfjsonpath.New("id"), KnownValue: knownvalue.StringExact("role-120")},
						{Path: tfjsonpath.New("name"), KnownValue: knownvalue.StringExact("role-120")},
						{Path: tfjsonpath.New("description"), KnownValue: knownvalue.StringExact("Role 120")},
						{Path: tfjsonpath.New("created_at"), KnownValue: knownvalue.StringRegexp(acctest.RFC3339)},
					}),
					querycheck.ExpectResourceKnownValues("adminapi_role.all", roleNamed("role-121"), []querycheck.KnownValueCheck{
						{Path: tfjsonpath.New("description"), KnownValue: knownvalue.Null()},
					}),
				},
			},
		},
	})
	// 250 roles are three pages; five of them, one page.
	if got := countCalls(rec.APICalls(), "GET /roles"); got != 3+1 {
		t.Errorf("the queries read %d pages of roles, want 4: the limited one reads one page only", got)
	}
}

func countCalls(calls []string, call string) int {
	return len(slices.DeleteFunc(calls, func(c string) bool { return c != call }))
}

func TestAccRoleList_apiError(t *testing.T) {
	acctest.SkipOnOpenTofu(t, "list resources or `query` (Terraform 1.14+)")
	srv := acctest.StartServer(t)
	manyRoles(t, srv, 120)
	failing := acctest.FailingPage(t, srv, 100)
	resource.ParallelTest(t, resource.TestCase{
		TerraformVersionChecks:   listVersions,
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		Steps: []resource.TestStep{
			{Config: failing.Config("")},
			{
				Query: true,
				Config: `
list "adminapi_role" "all" {
  provider = adminapi
  limit    = 1000
}
`,
				ExpectError: acctest.ErrorRegexp("Could not list roles", "after 100 results", "injected failure of the page at offset 100"),
			},
		},
	})
}
