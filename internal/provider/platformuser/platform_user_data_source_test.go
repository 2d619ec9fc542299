package platformuser_test

import (
	"fmt"
	"os"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/adminapi/terraform-provider-adminapi/internal/acctest"
	"github.com/adminapi/terraform-provider-adminapi/internal/api"
)

// platformUserObject is what the data sources hold for u, the invitation
// token aside: the resource's conventions (unset = null, none = empty).
func platformUserObject(u api.PlatformUser) map[string]knownvalue.Check {
	orNull := func(s string) knownvalue.Check {
		if s == "" {
			return knownvalue.Null()
		}
		return knownvalue.StringExact(s)
	}
	strings := func(values []string) []knownvalue.Check {
		checks := []knownvalue.Check{}
		for _, v := range values {
			checks = append(checks, knownvalue.StringExact(v))
		}
		return checks
	}
	metadata := map[string]knownvalue.Check{}
	for k, v := range u.Metadata {
		metadata[k] = knownvalue.StringExact(v)
	}
	var externalID knownvalue.Check = knownvalue.Null()
	if u.ExternalID != nil {
		externalID = orNull(*u.ExternalID)
	}
	return map[string]knownvalue.Check{
		"id":                   knownvalue.StringExact(u.Username),
		"username":             knownvalue.StringExact(u.Username),
		"email":                knownvalue.StringExact(u.Email),
		"name":                 orNull(u.Name),
		"language":             knownvalue.StringExact(u.Language),
		"external_id":          externalID,
		"referer":              orNull(u.Referer),
		"tags":                 knownvalue.SetExact(strings(u.Tags)),
		"metadata":             knownvalue.MapExact(metadata),
		"enabled":              knownvalue.Bool(u.Status == api.StatusEnabled),
		"ldap":                 knownvalue.Bool(u.LDAP),
		"roles":                knownvalue.SetExact(strings(u.Roles)),
		"registered_timestamp": knownvalue.Int64Exact(u.RegisteredTimestamp),
		"registered_date":      knownvalue.StringExact(u.RegisteredDate),
		"server":               knownvalue.StringExact(u.Server),
		"created_at":           knownvalue.StringExact(u.CreatedAt.UTC().Format(time.RFC3339)),
		"updated_at":           knownvalue.StringExact(u.UpdatedAt.UTC().Format(time.RFC3339)),
	}
}

// platformUserExample looks users up as the documentation shows.
const platformUserExample = "../../../examples/data-sources/adminapi_platform_user/data-source.tf"

func platformUserDataSourceConfig(srv *acctest.Server, arguments string) string {
	return srv.Config(fmt.Sprintf(`
data "adminapi_platform_user" "test" {
  %s
}
`, arguments))
}

func TestAccPlatformUserDataSource(t *testing.T) {
	srv := acctest.StartServer(t)
	ptr := func(s string) *string { return &s }
	disabled := api.StatusDisabled
	created := acctest.CreatePlatformUsersConcurrently(t, srv, []api.CreatePlatformUser{
		{Username: "dora-d", Email: "Dora@Example.com", Password: ptr("dora-password"), Name: ptr("Dora"),
			Language: ptr("de"), ExternalID: ptr("S-1-5-21-7"), Referer: ptr("partner"), InvitationToken: ptr("inv-dora"),
			Tags: []string{"ops", "eu"}, Metadata: map[string]string{"team": "red"}, Status: &disabled},
		{Username: "ldap-eve", Email: "eve@example.com", LDAP: new(true)},
		{Username: "alice", Email: "alice@example.com", LDAP: new(true), ExternalID: ptr("S-1-5-21-1004")},
	})
	example, err := os.ReadFile(platformUserExample)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := srv.Client.CreateRole(t.Context(), api.CreateRole{Name: "auditor"}); err != nil {
		t.Fatal(err)
	}
	if _, err := srv.Client.AssignRole(t.Context(), "dora-d", "auditor"); err != nil {
		t.Fatal(err)
	}
	dora, err := srv.Client.GetPlatformUser(t.Context(), "dora-d")
	if err != nil {
		t.Fatal(err)
	}
	eve := created[1]

	const addr = "data.adminapi_platform_user.test"
	found := func(arguments string, u api.PlatformUser, email string, token knownvalue.Check) resource.TestStep {
		want := platformUserObject(u)
		want["email"] = knownvalue.StringExact(email)
		want["invitation_token"] = token
		checks := []statecheck.StateCheck{statecheck.ExpectSensitiveValue(addr, tfjsonpath.New("invitation_token"))}
		for attribute, check := range want {
			checks = append(checks, statecheck.ExpectKnownValue(addr, tfjsonpath.New(attribute), check))
		}
		return resource.TestStep{Config: platformUserDataSourceConfig(srv, arguments), ConfigStateChecks: checks}
	}
	rejected := func(arguments string, texts ...string) resource.TestStep {
		return resource.TestStep{
			Config: platformUserDataSourceConfig(srv, arguments), PlanOnly: true, ExpectError: acctest.ErrorRegexp(texts...),
		}
	}
	notFound := func(arguments, attribute, value string) resource.TestStep {
		return resource.TestStep{
			Config:      platformUserDataSourceConfig(srv, arguments),
			ExpectError: acctest.ErrorRegexp("No platform user found", fmt.Sprintf("No platform user has %s = %q.", attribute, value)),
		}
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		Steps: []resource.TestStep{
			rejected(``, "Exactly one of these attributes must be configured", "username", "email", "external_id"),
			rejected(`username = "dora-d"
  email = "dora@example.com"`, "Invalid Attribute Combination", "Exactly one of these attributes must be configured", "username", "email", "external_id"),
			rejected(`username = "Dora D"`, "Attribute username must be 5 to 60 of a-z 0-9 -", "got: Dora D"),
			rejected(`email = "dora at example.com"`, "Invalid e-mail address", "email"),
			rejected(`external_id = ""`, "Attribute external_id UTF-8 character count must be between 1 and 255, got: 0"),
			notFound(`username = "ghost-user"`, "username", "ghost-user"),
			notFound(`email = "ghost@example.com"`, "email", "ghost@example.com"),
			notFound(`external_id = "S-1-5-21-404"`, "external_id", "S-1-5-21-404"),
			found(`username = "dora-d"`, *dora, dora.Email, knownvalue.StringExact("inv-dora")),
			// The configured address is kept: it differs only in letter case.
			found(`email = "DORA@EXAMPLE.COM"`, *dora, "DORA@EXAMPLE.COM", knownvalue.StringExact("inv-dora")),
			found(`external_id = "S-1-5-21-7"`, *dora, dora.Email, knownvalue.StringExact("inv-dora")),
			found(`email = "eve@example.com"`, eve, eve.Email, knownvalue.Null()),
			{
				Config: srv.Config(string(example)),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownOutputValue("alice_roles", knownvalue.SetExact([]knownvalue.Check{})),
					statecheck.ExpectKnownOutputValue("sid_owner", knownvalue.StringExact("alice")),
					statecheck.ExpectKnownValue("data.adminapi_platform_user.by_email", tfjsonpath.New("username"),
						knownvalue.StringExact("alice")),
				},
			},
		},
	})
}
