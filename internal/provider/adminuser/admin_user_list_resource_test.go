package adminuser_test

import (
	"context"
	"fmt"
	"os"
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

const adminUserList = "adminapi_admin_user.all"

// adminUserListConfig is a query file listing every admin user; extra are
// more arguments of the list block.
func adminUserListConfig(providerBlock, extra string) string {
	return providerBlock + fmt.Sprintf(`
list "adminapi_admin_user" "all" {
  provider = adminapi
%s
}
`, extra)
}

func TestAccAdminUserList(t *testing.T) {
	acctest.SkipOnOpenTofu(t, "list resources or `query` (Terraform 1.14+)")
	srv := acctest.StartServer(t)
	for _, in := range []api.CreateAdminUser{
		{Username: "ops", Password: "ops-password", Permissions: permissions([]string{"read"}, []string{"read", "update"})},
		{Username: "auditor", Password: "auditor-password", Permissions: permissions(nil, nil)},
	} {
		if _, err := srv.Client.CreateAdminUser(context.Background(), in); err != nil {
			t.Fatal(err)
		}
	}
	user := func(username string) queryfilter.QueryFilter {
		return queryfilter.ByResourceIdentity(map[string]knownvalue.Check{"username": knownvalue.StringExact(username)})
	}
	identity := func(username string) querycheck.QueryResultCheck {
		return querycheck.ExpectIdentity(adminUserList, map[string]knownvalue.Check{"username": knownvalue.StringExact(username)})
	}
	example, err := os.ReadFile("../../../examples/list-resources/adminapi_admin_user/list-resource.tfquery.hcl")
	if err != nil {
		t.Fatal(err)
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		TerraformVersionChecks:   []tfversion.TerraformVersionCheck{tfversion.SkipBelow(tfversion.Version1_14_0)},
		Steps: []resource.TestStep{
			{
				Query:  true,
				Config: adminUserListConfig(srv.ProviderBlock(), "include_resource = true"),
				QueryResultChecks: []querycheck.QueryResultCheck{
					querycheck.ExpectLength(adminUserList, 3),
					identity(acctest.AdminUsername), identity("ops"), identity("auditor"),
					querycheck.ExpectResourceDisplayName(adminUserList, user("ops"), knownvalue.StringExact("ops (permissions: users, settings)")),
					querycheck.ExpectResourceDisplayName(adminUserList, user("auditor"), knownvalue.StringExact("auditor (no permissions)")),
					querycheck.ExpectResourceKnownValues(adminUserList, user("ops"), []querycheck.KnownValueCheck{
						{Path: tfjsonpath.New("id"), KnownValue: knownvalue.StringExact("ops")},
						{Path: tfjsonpath.New("username"), KnownValue: knownvalue.StringExact("ops")},
						// The groups it has a permission of, as an import gives them.
						{Path: tfjsonpath.New("permissions"), KnownValue: knownvalue.MapExact(map[string]knownvalue.Check{
							"users":    knownvalue.SetExact([]knownvalue.Check{knownvalue.StringExact("read")}),
							"settings": knownvalue.SetExact([]knownvalue.Check{knownvalue.StringExact("read"), knownvalue.StringExact("update")}),
						})},
						{Path: tfjsonpath.New("created_at"), KnownValue: knownvalue.StringRegexp(acctest.RFC3339)},
						{Path: tfjsonpath.New("password"), KnownValue: knownvalue.Null()},
						{Path: tfjsonpath.New("password_wo_version"), KnownValue: knownvalue.Null()},
					}),
				},
			},
			{
				// Without include_resource, results carry no attributes.
				Query:  true,
				Config: adminUserListConfig(srv.ProviderBlock(), ""),
				QueryResultChecks: []querycheck.QueryResultCheck{
					querycheck.ExpectLength(adminUserList, 3),
					identity("ops"),
					noResourceObject{adminUserList},
				},
			},
			{
				Query:             true,
				Config:            srv.ProviderBlock() + string(example),
				QueryResultChecks: []querycheck.QueryResultCheck{querycheck.ExpectLength(adminUserList, 3), identity("auditor")},
			},
			{
				Query:             true,
				Config:            adminUserListConfig(srv.ProviderBlock(), "limit = 2"),
				QueryResultChecks: []querycheck.QueryResultCheck{querycheck.ExpectLength(adminUserList, 2)},
			},
		},
	})
}

// TestAccAdminUserList_apiError: an admin who may not read admin users
// gets the API's refusal, named, as the query's error.
func TestAccAdminUserList_apiError(t *testing.T) {
	srv := acctest.StartServer(t)
	in := api.CreateAdminUser{Username: "no-reader", Password: "no-reader-password", Permissions: permissions(nil, []string{"read"})}
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
			Config:      adminUserListConfig(providerBlock, ""),
			ExpectError: acctest.ErrorRegexp("Could not list admin users", "403"),
		}},
	})
}

// permissions grants users and settings permissions, nothing else.
func permissions(users, settings []string) api.Permissions {
	return api.Permissions{Users: append([]string{}, users...), Settings: append([]string{}, settings...),
		PlatformUsers: []string{}, Accounts: []string{}}
}

// noResourceObject checks that no result of a list block carries the
// resource's attributes.
type noResourceObject struct{ list string }

func (c noResourceObject) CheckQuery(_ context.Context, req querycheck.CheckQueryRequest, resp *querycheck.CheckQueryResponse) {
	for _, r := range req.Query {
		if r.Address == "list."+c.list && r.ResourceObject != nil {
			resp.Error = fmt.Errorf("%s: %s carries the resource's attributes %v", c.list, r.DisplayName, r.ResourceObject)
			return
		}
	}
}
