package role_test

import (
	"testing"

	"github.com/adminapi/terraform-provider-adminapi/internal/acctest"
)

const queryRolesAndAssignments = `
list "adminapi_role" "roles" {
  provider         = adminapi
  include_resource = true
  limit            = 1000
}

list "adminapi_user_role" "assignments" {
  provider         = adminapi
  include_resource = true
  limit            = 1000
}
`

// `terraform query -generate-config-out` over the roles and their
// assignments writes configuration that imports them all with no change.
func TestAccRoleQuery_generateConfig(t *testing.T) {
	tf := acctest.NewQueryTerraform(t)
	srv := acctest.StartServer(t)
	manyRoles(t, srv, 12)
	users := acctest.NumberedNames("holder", 4)
	createLDAPUsers(t, srv, users...)
	assignRoles(t, srv, users, func(i int) []string {
		if i%2 == 0 {
			return []string{"role-000", "role-001"}
		}
		return []string{"role-000"}
	})
	tf.WriteConfig(t, srv.ProviderBlock())
	tf.ImportByQuery(t, queryRolesAndAssignments, map[string]int{"adminapi_role": 12, "adminapi_user_role": 6})
}

// Bulk import of 300 role assignments of existing users with terraform query.
func TestAccRoleQuery_bulkImport(t *testing.T) {
	acctest.SkipUnlessScale(t)
	tf := acctest.NewQueryTerraform(t)
	srv := acctest.StartServer(t)
	createRoles(t, srv, map[string]string{"reader": "Reads", "writer": ""})
	users := acctest.NumberedNames("bulk", 150)
	createLDAPUsers(t, srv, users...)
	assignRoles(t, srv, users, func(int) []string { return []string{"reader", "writer"} })
	tf.WriteConfig(t, srv.ProviderBlock())
	tf.ImportByQuery(t, queryRolesAndAssignments, map[string]int{"adminapi_role": 2, "adminapi_user_role": 300})
}
