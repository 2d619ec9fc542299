package account_test

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/querycheck"
	"github.com/hashicorp/terraform-plugin-testing/querycheck/queryfilter"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"
	"github.com/hashicorp/terraform-plugin-testing/tfversion"

	"github.com/adminapi/terraform-provider-adminapi/internal/acctest"
	"github.com/adminapi/terraform-provider-adminapi/internal/api"
)

var listVersions = []tfversion.TerraformVersionCheck{tfversion.SkipBelow(tfversion.Version1_14_0)}

func countCalls(calls []string, call string) int {
	return len(slices.DeleteFunc(calls, func(c string) bool { return c != call }))
}

func TestAccAccountList(t *testing.T) {
	acctest.SkipOnOpenTofu(t, "list resources or `query` (Terraform 1.14+)")
	srv, rec := acctest.StartRecordedServer(t)
	accounts := createAccounts(t, srv, "acme", moreThanAPage)
	industries, err := srv.Client.CreateAccount(t.Context(), api.AccountInput{Name: "Acme Industries"})
	if err != nil {
		t.Fatal(err)
	}
	var some api.Account
	for _, a := range accounts {
		if a.Name == "acme-007" {
			some = a
		}
	}
	byID := func(id string) queryfilter.QueryFilter {
		return queryfilter.ByResourceIdentity(map[string]knownvalue.Check{"id": knownvalue.StringExact(id)})
	}
	resource.ParallelTest(t, resource.TestCase{
		TerraformVersionChecks:   listVersions,
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		Steps: []resource.TestStep{
			{Config: srv.Config("")},
			{
				Query: true,
				Config: `
list "adminapi_account" "all" {
  provider         = adminapi
  include_resource = true
  limit            = 1000
}

list "adminapi_account" "two" {
  provider = adminapi
  limit    = 2
}

list "adminapi_account" "industries" {
  provider = adminapi
  config {
    name = "Acme Industries"
  }
}
`,
				QueryResultChecks: []querycheck.QueryResultCheck{
					querycheck.ExpectLength("adminapi_account.all", moreThanAPage+1),
					querycheck.ExpectLength("adminapi_account.two", 2),
					querycheck.ExpectLength("adminapi_account.industries", 1),
					querycheck.ExpectIdentity("adminapi_account.industries", map[string]knownvalue.Check{"id": knownvalue.StringExact(industries.ID)}),
					querycheck.ExpectResourceDisplayName("adminapi_account.industries", byID(industries.ID),
						knownvalue.StringExact("Acme Industries ("+industries.ID+")")),
					querycheck.ExpectResourceKnownValues("adminapi_account.all", byID(some.ID), []querycheck.KnownValueCheck{
						{Path: tfjsonpath.New("id"), KnownValue: knownvalue.StringExact(some.ID)},
						{Path: tfjsonpath.New("name"), KnownValue: knownvalue.StringExact("acme-007")},
						{Path: tfjsonpath.New("health_time_period"), KnownValue: knownvalue.Int64Exact(7)},
						{Path: tfjsonpath.New("data_retention"), KnownValue: knownvalue.Int64Exact(7)},
						{Path: tfjsonpath.New("attributes"), KnownValue: knownvalue.MapExact(map[string]knownvalue.Check{"index": knownvalue.StringExact("7")})},
						{Path: tfjsonpath.New("created"), KnownValue: knownvalue.Int64Exact(some.Created)},
					}),
				},
			},
			{
				Query:       true,
				Config:      "list \"adminapi_account\" \"bad\" {\n  provider = adminapi\n  config {\n    name = \"\"\n  }\n}\n",
				ExpectError: acctest.ErrorRegexp("Attribute name UTF-8 character count must be between 1 and"),
			},
		},
	})
	// all reads two pages, two (limit 2) one, industries one.
	if got := countCalls(rec.APICalls(), "GET /accounts"); got != 2+1+1 {
		t.Errorf("the queries read %d pages of accounts, want 4: the limited one reads one page only", got)
	}
}

func TestAccAccountList_apiError(t *testing.T) {
	acctest.SkipOnOpenTofu(t, "list resources or `query` (Terraform 1.14+)")
	srv := acctest.StartServer(t)
	createAccounts(t, srv, "acme", moreThanAPage)
	failing := acctest.FailingPage(t, srv, 100)
	resource.ParallelTest(t, resource.TestCase{
		TerraformVersionChecks:   listVersions,
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		Steps: []resource.TestStep{
			{Config: failing.Config("")},
			{
				Query:       true,
				Config:      "list \"adminapi_account\" \"all\" {\n  provider = adminapi\n  limit = 1000\n}\n",
				ExpectError: acctest.ErrorRegexp("Could not list accounts", "after 100 results", "injected failure of the page at offset 100"),
			},
		},
	})
}

func TestAccAccountUserList(t *testing.T) {
	acctest.SkipOnOpenTofu(t, "list resources or `query` (Terraform 1.14+)")
	srv, rec := acctest.StartRecordedServer(t)
	acme := createAccount(t, srv)
	roles := createMembers(t, srv, acme, moreThanAPage)
	member := func(username string) queryfilter.QueryFilter {
		return queryfilter.ByResourceIdentity(map[string]knownvalue.Check{
			"account_id": knownvalue.StringExact(acme), "username": knownvalue.StringExact(username),
		})
	}
	query := func(name, accountID, extra string) string {
		return fmt.Sprintf("\nlist \"adminapi_account_user\" %q {\n  provider = adminapi\n%s\n  config {\n    account_id = %q\n  }\n}\n", name, extra, accountID)
	}
	resource.ParallelTest(t, resource.TestCase{
		TerraformVersionChecks:   listVersions,
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		Steps: []resource.TestStep{
			{Config: srv.Config("")},
			{
				Query: true,
				// Any letter case names the account; results have the API's.
				Config: query("all", strings.ToUpper(acme), "  include_resource = true\n  limit = 1000") + query("four", acme, "  limit = 4"),
				QueryResultChecks: []querycheck.QueryResultCheck{
					querycheck.ExpectLength("adminapi_account_user.all", len(roles)),
					querycheck.ExpectLength("adminapi_account_user.four", 4),
					querycheck.ExpectIdentity("adminapi_account_user.all", map[string]knownvalue.Check{
						"account_id": knownvalue.StringExact(acme), "username": knownvalue.StringExact("member-129"),
					}),
					querycheck.ExpectResourceDisplayName("adminapi_account_user.all", member("member-010"), knownvalue.StringExact("member-010 (admin)")),
					querycheck.ExpectResourceDisplayName("adminapi_account_user.all", member("member-011"), knownvalue.StringExact("member-011 (user)")),
					querycheck.ExpectResourceKnownValues("adminapi_account_user.all", member("member-010"), []querycheck.KnownValueCheck{
						{Path: tfjsonpath.New("id"), KnownValue: knownvalue.StringExact(acme + "/member-010")},
						{Path: tfjsonpath.New("account_id"), KnownValue: knownvalue.StringExact(acme)},
						{Path: tfjsonpath.New("username"), KnownValue: knownvalue.StringExact("member-010")},
						{Path: tfjsonpath.New("role"), KnownValue: knownvalue.StringExact(api.MemberRoleAdmin)},
					}),
				},
			},
			{
				Query:       true,
				Config:      query("missing", "0b9f1c2e-5d4a-4e8b-9c3f-2a1b0c9d8e7f", ""),
				ExpectError: acctest.ErrorRegexp("No account found", `No account has account_id = "0b9f1c2e-5d4a-4e8b-9c3f-2a1b0c9d8e7f"`),
			},
			{
				Query:       true,
				Config:      query("bad", "acme", ""),
				ExpectError: acctest.ErrorRegexp("Invalid account id", "account_id", `got "acme"`),
			},
			{
				Query:       true,
				Config:      "list \"adminapi_account_user\" \"none\" {\n  provider = adminapi\n}\n",
				ExpectError: acctest.ErrorRegexp("Missing config block"),
			},
			{
				Query:       true,
				Config:      "list \"adminapi_account_user\" \"none\" {\n  provider = adminapi\n  config {}\n}\n",
				ExpectError: acctest.ErrorRegexp(`"account_id" is required`),
			},
		},
	})
	// all reads two pages of members, four (limit 4) one.
	if got := countCalls(rec.APICalls(), "GET /accounts/"+acme+"/users"); got != 2+1 {
		t.Errorf("the queries read %d pages of members, want 3: the limited one reads one page only", got)
	}
}

func TestAccAccountUserList_apiError(t *testing.T) {
	acctest.SkipOnOpenTofu(t, "list resources or `query` (Terraform 1.14+)")
	srv := acctest.StartServer(t)
	acme := createAccount(t, srv)
	createMembers(t, srv, acme, moreThanAPage)
	failing := acctest.FailingPage(t, srv, 100)
	resource.ParallelTest(t, resource.TestCase{
		TerraformVersionChecks:   listVersions,
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		Steps: []resource.TestStep{
			{Config: failing.Config("")},
			{
				Query:  true,
				Config: fmt.Sprintf("list \"adminapi_account_user\" \"all\" {\n  provider = adminapi\n  limit = 1000\n  config {\n    account_id = %q\n  }\n}\n", acme),
				ExpectError: acctest.ErrorRegexp("Could not list the members of account "+acme, "after 100 results",
					"injected failure of the page at offset 100"),
			},
		},
	})
}
