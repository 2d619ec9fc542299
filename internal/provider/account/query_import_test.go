package account_test

import (
	"fmt"
	"testing"

	"github.com/adminapi/terraform-provider-adminapi/internal/acctest"
	"github.com/adminapi/terraform-provider-adminapi/internal/api"
)

// queryAccountsAndMembers lists every account, and the members of accountID.
func queryAccountsAndMembers(accountID string) string {
	return fmt.Sprintf(`
list "adminapi_account" "accounts" {
  provider         = adminapi
  include_resource = true
  limit            = 1000
}

list "adminapi_account_user" "members" {
  provider         = adminapi
  include_resource = true
  limit            = 1000
  config {
    account_id = %q
  }
}
`, accountID)
}

// `terraform query -generate-config-out` over the accounts and an
// account's members writes configuration that imports them all with no
// change: the accounts' numbers and attributes, set or left to the API's
// defaults, and the members' roles.
func TestAccAccountQuery_generateConfig(t *testing.T) {
	tf := acctest.NewQueryTerraform(t)
	srv := acctest.StartServer(t)
	accounts := createAccounts(t, srv, "acme", 3)
	if _, err := srv.Client.CreateAccount(t.Context(), api.AccountInput{Name: "Defaults Ltd"}); err != nil {
		t.Fatal(err)
	}
	var acme string
	for id := range accounts {
		acme = id
	}
	createMembers(t, srv, acme, 12)
	tf.WriteConfig(t, srv.ProviderBlock())
	tf.ImportByQuery(t, queryAccountsAndMembers(acme), map[string]int{"adminapi_account": 4, "adminapi_account_user": 12})
}

// Bulk import of 300 account members, existing users, with terraform query.
func TestAccAccountQuery_bulkImport(t *testing.T) {
	acctest.SkipUnlessScale(t)
	tf := acctest.NewQueryTerraform(t)
	srv := acctest.StartServer(t)
	acme := createAccount(t, srv)
	createMembers(t, srv, acme, 300)
	tf.WriteConfig(t, srv.ProviderBlock())
	tf.ImportByQuery(t, queryAccountsAndMembers(acme), map[string]int{"adminapi_account": 1, "adminapi_account_user": 300})
}
