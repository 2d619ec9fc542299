package adminuser_test

import (
	"testing"

	"github.com/adminapi/terraform-provider-adminapi/internal/acctest"
	"github.com/adminapi/terraform-provider-adminapi/internal/provider/adminuser"
)

// The data sources' objects are the resource's attributes without the
// password: same names, same types, so that they can feed the resource.
func TestAdminUserDataSourcesMatchResource(t *testing.T) {
	want := acctest.SchemaTypes(t, adminuser.NewAdminUserResource(), "password", "password_wo", "password_wo_version")
	acctest.CheckDataSourceObjects(t,
		acctest.DataSourceObject{DataSource: adminuser.NewAdminUserDataSource(), Want: want},
		acctest.DataSourceObject{DataSource: adminuser.NewAdminUsersDataSource(), List: "users", Want: want},
	)
}
