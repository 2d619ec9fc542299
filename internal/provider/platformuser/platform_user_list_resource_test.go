package platformuser_test

import (
	"context"
	"fmt"
	"maps"
	"net/http"
	"net/http/httptest"
	"os"
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

// platformUserListBlock is a list block named name; body holds its
// arguments.
func platformUserListBlock(name, body string) string {
	return fmt.Sprintf(`
list "adminapi_platform_user" %q {
  provider = adminapi
%s
}
`, name, body)
}

// listedUsernames checks that the list block found exactly usernames, each
// with its identity.
func listedUsernames(block string, usernames ...string) []querycheck.QueryResultCheck {
	checks := []querycheck.QueryResultCheck{querycheck.ExpectLength(block, len(usernames))}
	for _, u := range usernames {
		checks = append(checks, querycheck.ExpectIdentity(block, map[string]knownvalue.Check{"username": knownvalue.StringExact(u)}))
	}
	return checks
}

func byUsername(username string) queryfilter.QueryFilter {
	return queryfilter.ByResourceIdentity(map[string]knownvalue.Check{"username": knownvalue.StringExact(username)})
}

func TestAccPlatformUserList(t *testing.T) {
	acctest.SkipOnOpenTofu(t, "list resources or `query` (Terraform 1.14+)")
	srv := acctest.StartServer(t)
	ptr := func(s string) *string { return &s }
	disabled := api.StatusDisabled
	acctest.CreatePlatformUsersConcurrently(t, srv, []api.CreatePlatformUser{
		{Username: "alice", Email: "Alice@Example.com", LDAP: new(true), Name: ptr("Alice Martin"), Language: ptr("fr"),
			ExternalID: ptr("S-1-5-21-1004"), Referer: ptr("partner"), InvitationToken: ptr("invite-alice"),
			Tags: []string{"ops", "eu"}, Metadata: map[string]string{"team": "red"}},
		{Username: "bob-ldap", Email: "bob@example.com", LDAP: new(true), Tags: []string{"eu"}, Status: &disabled},
		{Username: "carol", Email: "carol@example.com", Password: ptr("carol-password"), Name: ptr("Carol"), Tags: []string{"ops"}},
		{Username: "dave-staff", Email: "dave@example.com", LDAP: new(true), Tags: []string{"staff"}},
		{Username: "erin-staff", Email: "erin@example.com", LDAP: new(true), Tags: []string{"staff"}, Status: &disabled},
	})
	example, err := os.ReadFile("../../../examples/list-resources/adminapi_platform_user/list-resource.tfquery.hcl")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := srv.Client.CreateRole(t.Context(), api.CreateRole{Name: "auditor"}); err != nil {
		t.Fatal(err)
	}
	if _, err := srv.Client.AssignRole(t.Context(), "alice", "auditor"); err != nil {
		t.Fatal(err)
	}
	alice, err := srv.Client.GetPlatformUser(t.Context(), "alice")
	if err != nil {
		t.Fatal(err)
	}
	aliceValues := []querycheck.KnownValueCheck{
		{Path: tfjsonpath.New("invitation_token"), KnownValue: knownvalue.Null()},
		{Path: tfjsonpath.New("password"), KnownValue: knownvalue.Null()},
		{Path: tfjsonpath.New("password_wo_version"), KnownValue: knownvalue.Null()},
	}
	want := platformUserObject(*alice)
	delete(want, "roles") // the data sources' only: adminapi_user_role manages them
	for _, attribute := range slices.Sorted(maps.Keys(want)) {
		aliceValues = append(aliceValues, querycheck.KnownValueCheck{Path: tfjsonpath.New(attribute), KnownValue: want[attribute]})
	}

	all := append(listedUsernames("adminapi_platform_user.all", "alice", "bob-ldap", "carol", "dave-staff", "erin-staff"),
		querycheck.ExpectResourceDisplayName("adminapi_platform_user.all", byUsername("alice"),
			knownvalue.StringExact("alice (Alice Martin, Alice@Example.com)")),
		querycheck.ExpectResourceDisplayName("adminapi_platform_user.all", byUsername("bob-ldap"),
			knownvalue.StringExact("bob-ldap (bob@example.com, disabled)")),
		querycheck.ExpectResourceKnownValues("adminapi_platform_user.all", byUsername("alice"), aliceValues),
	)
	filters := map[string]struct {
		config    string
		usernames []string
	}{
		"by_email":       {`email = "ALICE@example.com"`, []string{"alice"}},
		"by_name":        {`name = "Carol"`, []string{"carol"}},
		"by_enabled":     {`enabled = false`, []string{"bob-ldap", "erin-staff"}},
		"by_tag":         {`tag = "ops"`, []string{"alice", "carol"}},
		"by_role":        {`role = "auditor"`, []string{"alice"}},
		"by_external_id": {`external_id = "S-1-5-21-1004"`, []string{"alice"}},
		"by_tag_enabled": {"tag = \"eu\"\n    enabled = true", []string{"alice"}},
	}
	query := srv.ProviderBlock() + platformUserListBlock("all", "include_resource = true")
	for _, name := range slices.Sorted(maps.Keys(filters)) {
		f := filters[name]
		query += platformUserListBlock(name, fmt.Sprintf("config {\n    %s\n  }", f.config))
		all = append(all, listedUsernames("adminapi_platform_user."+name, f.usernames...)...)
	}
	refused := func(config string, texts ...string) resource.TestStep {
		return resource.TestStep{
			Query:       true,
			Config:      srv.ProviderBlock() + platformUserListBlock("bad", fmt.Sprintf("config {\n    %s\n  }", config)),
			ExpectError: acctest.ErrorRegexp(texts...),
		}
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		TerraformVersionChecks:   []tfversion.TerraformVersionCheck{tfversion.SkipBelow(tfversion.Version1_14_0)},
		Steps: []resource.TestStep{
			{Query: true, Config: query, QueryResultChecks: all},
			{
				Query:  true,
				Config: srv.ProviderBlock() + string(example),
				QueryResultChecks: append(listedUsernames("adminapi_platform_user.staff", "dave-staff"),
					querycheck.ExpectResourceKnownValues("adminapi_platform_user.staff", byUsername("dave-staff"), []querycheck.KnownValueCheck{
						{Path: tfjsonpath.New("tags"), KnownValue: knownvalue.SetExact([]knownvalue.Check{knownvalue.StringExact("staff")})},
					})),
			},
			{
				Query:             true,
				Config:            srv.ProviderBlock() + platformUserListBlock("two", "limit = 2"),
				QueryResultChecks: []querycheck.QueryResultCheck{querycheck.ExpectLength("adminapi_platform_user.two", 2)},
			},
			refused(`role = "Not A Role"`, "role", "must be a role name"),
			refused(`email = "not-an-address"`, "Invalid e-mail address", "email must be a valid e-mail address"),
			refused(`tag = "`+strings.Repeat("t", api.TagMax+1)+`"`, "tag", "character count"),
		},
	})
}

// TestAccPlatformUserList_pagesLazily: the list reads a page only when
// Terraform takes its first user, and none past Terraform's limit.
func TestAccPlatformUserList_pagesLazily(t *testing.T) {
	acctest.SkipOnOpenTofu(t, "list resources or `query` (Terraform 1.14+)")
	srv, rec := acctest.StartRecordedServer(t)
	users := make([]api.CreatePlatformUser, 250)
	for i := range users {
		users[i] = api.CreatePlatformUser{Username: fmt.Sprintf("lazy-%03d", i), Email: fmt.Sprintf("lazy-%03d@example.com", i), LDAP: new(true)}
	}
	acctest.CreatePlatformUsersConcurrently(t, srv, users)
	mark := 0
	pagesRead := func(want int) func() {
		return func() {
			calls := rec.APICalls()
			got := 0
			for _, c := range calls[mark:] {
				if c == "GET /platform-users" {
					got++
				}
			}
			if got != want {
				t.Errorf("the query read %d pages, want %d: %v", got, want, calls[mark:])
			}
			mark = len(calls)
		}
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		TerraformVersionChecks:   []tfversion.TerraformVersionCheck{tfversion.SkipBelow(tfversion.Version1_14_0)},
		Steps: []resource.TestStep{
			{
				Query:             true,
				Config:            srv.ProviderBlock() + platformUserListBlock("some", "limit = 150"),
				QueryResultChecks: []querycheck.QueryResultCheck{querycheck.ExpectLength("adminapi_platform_user.some", 150)},
			},
			{
				// Terraform's default limit, 100, is one page of the API's.
				PreConfig:         pagesRead(2),
				Query:             true,
				Config:            srv.ProviderBlock() + platformUserListBlock("default", ""),
				QueryResultChecks: []querycheck.QueryResultCheck{querycheck.ExpectLength("adminapi_platform_user.default", 100)},
			},
			{
				PreConfig:         pagesRead(1),
				Query:             true,
				Config:            srv.ProviderBlock() + platformUserListBlock("all", "limit = 1000"),
				QueryResultChecks: []querycheck.QueryResultCheck{querycheck.ExpectLength("adminapi_platform_user.all", 250)},
			},
		},
	})
	pagesRead(3)()
}

// TestAccPlatformUserList_errorOnLaterPage: an API error after a first
// page of results ends the query with a diagnostic that says what failed.
// (Terraform then shows none of the results.)
func TestAccPlatformUserList_errorOnLaterPage(t *testing.T) {
	acctest.SkipOnOpenTofu(t, "list resources or `query` (Terraform 1.14+)")
	srv := acctest.StartServer(t)
	users := make([]api.CreatePlatformUser, 150)
	for i := range users {
		users[i] = api.CreatePlatformUser{Username: fmt.Sprintf("page-%03d", i), Email: fmt.Sprintf("page-%03d@example.com", i), LDAP: new(true)}
	}
	acctest.CreatePlatformUsersConcurrently(t, srv, users)
	// The second page fails with an error the client does not retry.
	failing := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method == http.MethodGet && r.URL.Path == "/platform-users" && r.URL.Query().Get("offset") == "100" {
			w.Header().Set("Content-Type", "application/json")
			w.WriteHeader(http.StatusInternalServerError)
			_, _ = w.Write([]byte(`{"error":{"id":"internal-error","message":"the second page broke"}}`))
			return
		}
		srv.Server.Handler().ServeHTTP(w, r)
	}))
	t.Cleanup(failing.Close)
	behind := *srv
	behind.URL = failing.URL
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		TerraformVersionChecks:   []tfversion.TerraformVersionCheck{tfversion.SkipBelow(tfversion.Version1_14_0)},
		Steps: []resource.TestStep{{
			Query:       true,
			Config:      behind.ProviderBlock() + platformUserListBlock("all", "limit = 1000"),
			ExpectError: acctest.ErrorRegexp("Could not list platform users", "500", "the second page broke"),
		}},
	})
}

// TestAccPlatformUserList_apiError: an admin who may not read platform
// users gets the API's refusal, named, as the query's error.
func TestAccPlatformUserList_apiError(t *testing.T) {
	srv := acctest.StartServer(t)
	in := api.CreateAdminUser{Username: "no-reader", Password: "no-reader-password", Permissions: api.Permissions{
		Users: []string{"read"}, Settings: []string{}, PlatformUsers: []string{}, Accounts: []string{},
	}}
	if _, err := srv.Client.CreateAdminUser(context.Background(), in); err != nil {
		t.Fatal(err)
	}
	providerBlock := fmt.Sprintf(`
provider "adminapi" {
  endpoint = %q
  username = %q
  password = %q
}
`, srv.URL, in.Username, in.Password)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		TerraformVersionChecks:   []tfversion.TerraformVersionCheck{tfversion.SkipBelow(tfversion.Version1_14_0)},
		Steps: []resource.TestStep{{
			Query:       true,
			Config:      providerBlock + platformUserListBlock("all", ""),
			ExpectError: acctest.ErrorRegexp("Could not list platform users", "403"),
		}},
	})
}
