package role_test

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

func roleDataSourceConfig(srv *acctest.Server, name string) string {
	return srv.Config(fmt.Sprintf(`
data "adminapi_role" "test" {
  name = %q
}
`, name))
}

// createRoles creates roles behind Terraform's back; an empty description
// means none.
func createRoles(t *testing.T, srv *acctest.Server, descriptions map[string]string) map[string]api.Role {
	t.Helper()
	created := make(map[string]api.Role, len(descriptions))
	for name, description := range descriptions {
		in := api.CreateRole{Name: name}
		if description != "" {
			in.Description = &description
		}
		r, err := srv.Client.CreateRole(t.Context(), in)
		if err != nil {
			t.Fatalf("create role %s: %v", name, err)
		}
		created[name] = *r
	}
	return created
}

// roleObject is what the data sources hold for a role; an empty description
// means none.
func roleObject(name, description string, createdAt knownvalue.Check) map[string]knownvalue.Check {
	var desc knownvalue.Check = knownvalue.Null()
	if description != "" {
		desc = knownvalue.StringExact(description)
	}
	return map[string]knownvalue.Check{
		"id":          knownvalue.StringExact(name),
		"name":        knownvalue.StringExact(name),
		"description": desc,
		"created_at":  createdAt,
	}
}

func TestAccRoleDataSource(t *testing.T) {
	srv := acctest.StartServer(t)
	roles := createRoles(t, srv, map[string]string{"auditor": "Reads audit trails", "viewer": ""})
	const addr = "data.adminapi_role.test"
	lookup := func(name string) resource.TestStep {
		var checks []statecheck.StateCheck
		r := roles[name]
		for attribute, want := range roleObject(r.Name, r.Description, knownvalue.StringExact(r.CreatedAt.UTC().Format(time.RFC3339))) {
			checks = append(checks, statecheck.ExpectKnownValue(addr, tfjsonpath.New(attribute), want))
		}
		return resource.TestStep{Config: roleDataSourceConfig(srv, name), ConfigStateChecks: checks}
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config:      roleDataSourceConfig(srv, "Ops Team"),
				PlanOnly:    true,
				ExpectError: acctest.ErrorRegexp(`data "adminapi_role" "test"`, "Attribute name must be 1 to 63 of a-z 0-9 _ -", "got: Ops Team"),
			},
			{
				Config:      roleDataSourceConfig(srv, "ghost"),
				ExpectError: acctest.ErrorRegexp("No role found", `No role has name = "ghost".`),
			},
			lookup("auditor"),
			lookup("viewer"),
		},
	})
}
