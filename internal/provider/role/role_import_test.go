package role_test

import (
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/resource"

	"github.com/adminapi/terraform-provider-adminapi/internal/acctest"
	"github.com/adminapi/terraform-provider-adminapi/internal/provider/role"
)

func TestRoleImport(t *testing.T) {
	acctest.CheckImports(t, role.NewRoleResource().(resource.ResourceWithImportState), []acctest.ImportCase{
		{Name: "by id", ID: "auditor", WantID: "auditor"},
		{Name: "by identity", Identity: map[string]string{"name": "auditor"}, WantID: "auditor"},
		{Name: "bad id", ID: "Ops Team", WantError: []string{"Invalid import ID", "expected <name>", `role name "Ops Team" must match`}},
		{Name: "bad identity", Identity: map[string]string{"name": "Ops Team"},
			WantError: []string{"Invalid import identity", `identity name: role name "Ops Team" must match`}},
	})
}

func TestUserRoleImport(t *testing.T) {
	acctest.CheckImports(t, role.NewUserRoleResource().(resource.ResourceWithImportState), []acctest.ImportCase{
		{Name: "by id", ID: "alice-1/ops", WantID: "alice-1/ops", WantState: map[string]string{"username": "alice-1", "role": "ops"}},
		{Name: "by identity", Identity: map[string]string{"username": "alice-1", "role": "ops"}, WantID: "alice-1/ops",
			WantState: map[string]string{"username": "alice-1", "role": "ops"}},
		{Name: "one part", ID: "alice-1", WantError: []string{"Invalid import ID", `expected <username>/<role>, got "alice-1"`}},
		{Name: "bad identity", Identity: map[string]string{"username": "Alice", "role": "ops"},
			WantError: []string{"Invalid import identity", `identity username: username "Alice" must match`}},
	})
}
