package role_test

import (
	"testing"

	"github.com/adminapi/terraform-provider-adminapi/internal/acctest"
	"github.com/adminapi/terraform-provider-adminapi/internal/provider/role"
)

// The data sources' objects have the resource's attributes, same names and
// types, so that they can feed the resource.
func TestRoleDataSourcesMatchResource(t *testing.T) {
	want := acctest.SchemaTypes(t, role.NewRoleResource())
	acctest.CheckDataSourceObjects(t,
		acctest.DataSourceObject{DataSource: role.NewRoleDataSource(), Want: want},
		acctest.DataSourceObject{DataSource: role.NewRolesDataSource(), List: "roles", Want: want},
	)
}
