package adminuser_test

import (
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/resource"

	"github.com/adminapi/terraform-provider-adminapi/internal/acctest"
	"github.com/adminapi/terraform-provider-adminapi/internal/provider/adminuser"
)

func TestAdminUserImport(t *testing.T) {
	r := adminuser.NewAdminUserResource().(resource.ResourceWithImportState)
	acctest.CheckImports(t, r, []acctest.ImportCase{
		{Name: "by id", ID: "ops.team_1", WantID: "ops.team_1", WantState: map[string]string{"username": "ops.team_1"}},
		{Name: "by identity", Identity: map[string]string{"username": "ops.team_1"}, WantID: "ops.team_1",
			WantState: map[string]string{"username": "ops.team_1"}},
		{Name: "bad id", ID: "Ops", WantError: []string{"Invalid import ID", "expected <username>", `expected an admin username`, `got "Ops"`}},
		{Name: "bad identity", Identity: map[string]string{"username": "Ops"},
			WantError: []string{"Invalid import identity", `identity username: expected an admin username`, `got "Ops"`}},
		{Name: "two parts", ID: "ops/x", WantError: []string{"Invalid import ID", `expected <username>, got "ops/x"`}},
	})
}
