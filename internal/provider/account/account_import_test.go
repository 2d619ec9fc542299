package account_test

import (
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/resource"

	"github.com/adminapi/terraform-provider-adminapi/internal/acctest"
	"github.com/adminapi/terraform-provider-adminapi/internal/provider/account"
)

const (
	acmeID      = "0b9f1c2e-5d4a-4e8b-9c3f-2a1b0c9d8e7f"
	acmeIDUpper = "0B9F1C2E-5D4A-4E8B-9C3F-2A1B0C9D8E7F"
)

func TestAccountImport(t *testing.T) {
	acctest.CheckImports(t, account.NewAccountResource().(resource.ResourceWithImportState), []acctest.ImportCase{
		{Name: "by id", ID: acmeID, WantID: acmeID},
		{Name: "by id in upper case", ID: acmeIDUpper, WantID: acmeID},
		{Name: "by identity", Identity: map[string]string{"id": acmeIDUpper}, WantID: acmeID},
		{Name: "bad id", ID: "acme", WantError: []string{"Invalid import ID", "expected an account id", `got "acme"`}},
		{Name: "bad identity", Identity: map[string]string{"id": "acme"},
			WantError: []string{"Invalid import identity", "identity id: expected an account id", `got "acme"`}},
	})
}

func TestAccountUserImport(t *testing.T) {
	id := acmeID + "/alice-1"
	acctest.CheckImports(t, account.NewAccountUserResource().(resource.ResourceWithImportState), []acctest.ImportCase{
		{Name: "by id", ID: acmeIDUpper + "/alice-1", WantID: id, WantState: map[string]string{"account_id": acmeID, "username": "alice-1"}},
		{Name: "by identity", Identity: map[string]string{"account_id": acmeID, "username": "alice-1"}, WantID: id,
			WantState: map[string]string{"account_id": acmeID, "username": "alice-1"}},
		{Name: "one part", ID: "alice-1", WantError: []string{"Invalid import ID", `expected <account_id>/<username>, got "alice-1"`}},
		{Name: "bad identity", Identity: map[string]string{"account_id": acmeID, "username": "Nobody"},
			WantError: []string{"Invalid import identity", `identity username: username "Nobody" must match`}},
	})
}
