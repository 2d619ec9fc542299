package account_test

import (
	"testing"

	"github.com/adminapi/terraform-provider-adminapi/internal/acctest"
	"github.com/adminapi/terraform-provider-adminapi/internal/provider/account"
)

// The data sources' accounts have the resource's attributes, same names
// and types, so that they can feed the resource.
func TestAccountDataSourcesMatchResource(t *testing.T) {
	want := acctest.SchemaTypes(t, account.NewAccountResource())
	acctest.CheckDataSourceObjects(t,
		acctest.DataSourceObject{DataSource: account.NewAccountDataSource(), Want: want},
		acctest.DataSourceObject{DataSource: account.NewAccountsDataSource(), List: "accounts", Want: want},
	)
}
