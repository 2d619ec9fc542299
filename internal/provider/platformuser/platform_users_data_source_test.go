package platformuser_test

import (
	"fmt"
	"os"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/adminapi/terraform-provider-adminapi/internal/acctest"
	"github.com/adminapi/terraform-provider-adminapi/internal/api"
)

// platformUsersExample lists users as the documentation shows.
const platformUsersExample = "../../../examples/data-sources/adminapi_platform_users/data-source.tf"

// usernamesAre checks the data source's usernames, in order.
func usernamesAre(addr string, usernames ...string) statecheck.StateCheck {
	checks := make([]knownvalue.Check, len(usernames))
	for i, u := range usernames {
		checks[i] = knownvalue.StringExact(u)
	}
	return statecheck.ExpectKnownValue(addr, tfjsonpath.New("usernames"), knownvalue.ListExact(checks))
}

// usersAre checks the data source's users, in order, attribute by attribute.
func usersAre(addr string, users ...api.PlatformUser) statecheck.StateCheck {
	checks := make([]knownvalue.Check, len(users))
	for i, u := range users {
		checks[i] = knownvalue.ObjectExact(platformUserObject(u))
	}
	return statecheck.ExpectKnownValue(addr, tfjsonpath.New("users"), knownvalue.ListExact(checks))
}

// The API answers 100 users a page at most: a thousand take ten pages, and
// the data source holds every one.
func TestAccPlatformUsersDataSource_thousand(t *testing.T) {
	acctest.SkipUnlessScale(t)
	srv := acctest.StartServer(t)
	in := make([]api.CreatePlatformUser, 1000)
	for i := range in {
		in[i] = api.CreatePlatformUser{
			Username: fmt.Sprintf("user-%04d", i), Email: fmt.Sprintf("user-%04d@example.com", i), LDAP: new(true),
		}
	}
	created := acctest.CreatePlatformUsersConcurrently(t, srv, in)
	usernames := make([]string, len(created))
	for i, u := range created {
		usernames[i] = u.Username
	}
	const addr = "data.adminapi_platform_users.all"
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		Steps: []resource.TestStep{{
			Config: srv.Config(`data "adminapi_platform_users" "all" {}`),
			ConfigStateChecks: []statecheck.StateCheck{
				usernamesAre(addr, usernames...),
				usersAre(addr, created...),
			},
		}},
	})
}

func TestAccPlatformUsersDataSource_filters(t *testing.T) {
	srv := acctest.StartServer(t)
	ptr := func(s string) *string { return &s }
	disabled := api.StatusDisabled
	acctest.CreatePlatformUsersConcurrently(t, srv, []api.CreatePlatformUser{
		{Username: "fa-ann", Email: "ann@example.com", Password: ptr("ann-password"), Name: ptr("Ann"),
			Tags: []string{"ops", "eu"}, ExternalID: ptr("sid-ann"), Metadata: map[string]string{"team": "red"}},
		{Username: "fa-ben", Email: "ben@example.com", LDAP: new(true), Name: ptr("Ben"), Tags: []string{"ops"},
			Status: &disabled, Language: ptr("fr")},
		{Username: "fa-cat", Email: "cat@example.com", LDAP: new(true), Name: ptr("Ann"), Tags: []string{"eu"},
			Status: &disabled, ExternalID: ptr("sid-cat")},
		{Username: "fa-dan", Email: "dan@example.com", LDAP: new(true), Referer: ptr("partner")},
		{Username: "fa-eve", Email: "eve@example.com", LDAP: new(true), Name: ptr("Eve"), Tags: []string{"ops"}},
	})
	for _, role := range []string{"auditor", "viewer"} {
		if _, err := srv.Client.CreateRole(t.Context(), api.CreateRole{Name: role}); err != nil {
			t.Fatal(err)
		}
	}
	for username, role := range map[string]string{"fa-ann": "auditor", "fa-ben": "auditor", "fa-dan": "viewer"} {
		if _, err := srv.Client.AssignRole(t.Context(), username, role); err != nil {
			t.Fatal(err)
		}
	}
	example, err := os.ReadFile(platformUsersExample)
	if err != nil {
		t.Fatal(err)
	}
	var all []api.PlatformUser
	for u, err := range srv.Client.PlatformUsers(t.Context(), api.PlatformUserFilter{}) {
		if err != nil {
			t.Fatal(err)
		}
		all = append(all, u)
	}

	filters := []struct {
		name, arguments string
		want            []string
	}{
		{"email", `email = "ANN@Example.com"`, []string{"fa-ann"}},
		{"name", `name = "Ann"`, []string{"fa-ann", "fa-cat"}},
		{"enabled", `enabled = true`, []string{"fa-ann", "fa-dan", "fa-eve"}},
		{"disabled", `enabled = false`, []string{"fa-ben", "fa-cat"}},
		{"tag", `tag = "ops"`, []string{"fa-ann", "fa-ben", "fa-eve"}},
		{"role", `role = "auditor"`, []string{"fa-ann", "fa-ben"}},
		{"external_id", `external_id = "sid-cat"`, []string{"fa-cat"}},
		{"tag_disabled", "tag = \"ops\"\n  enabled = false", []string{"fa-ben"}},
		{"name_disabled", "name = \"Ann\"\n  enabled = false", []string{"fa-cat"}},
		{"role_tag", "role = \"auditor\"\n  tag = \"eu\"", []string{"fa-ann"}},
		{"nothing", `tag = "absent"`, []string{}},
	}
	var config strings.Builder
	config.WriteString(`data "adminapi_platform_users" "all" {}` + "\n")
	checks := []statecheck.StateCheck{
		usernamesAre("data.adminapi_platform_users.all", "fa-ann", "fa-ben", "fa-cat", "fa-dan", "fa-eve"),
		usersAre("data.adminapi_platform_users.all", all...),
	}
	for _, f := range filters {
		fmt.Fprintf(&config, "data \"adminapi_platform_users\" %q {\n  %s\n}\n", f.name, f.arguments)
		checks = append(checks, usernamesAre("data.adminapi_platform_users."+f.name, f.want...))
	}
	rejected := func(arguments string, texts ...string) resource.TestStep {
		return resource.TestStep{
			Config:      srv.Config(fmt.Sprintf("data \"adminapi_platform_users\" \"bad\" {\n  %s\n}\n", arguments)),
			PlanOnly:    true,
			ExpectError: acctest.ErrorRegexp(texts...),
		}
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		Steps: []resource.TestStep{
			rejected(`email = "ann at example.com"`, "Invalid e-mail address", "email"),
			rejected(`name = ""`, "Attribute name UTF-8 character count must be between 1 and 254, got: 0"),
			rejected(`tag = ""`, "Attribute tag UTF-8 character count must be between 1 and 64, got: 0"),
			rejected(`role = "Ops Team"`, "Attribute role must be a role name", "got: Ops Team"),
			rejected(`external_id = ""`, "Attribute external_id UTF-8 character count must be between 1 and 255, got: 0"),
			{Config: srv.Config(config.String()), ConfigStateChecks: checks},
			{
				Config: srv.Config(string(example)),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownOutputValue("user_count", knownvalue.Int64Exact(5)),
					statecheck.ExpectKnownOutputValue("disabled_ops", knownvalue.ListExact([]knownvalue.Check{
						knownvalue.StringExact("fa-ben"),
					})),
				},
			},
		},
	})
}
