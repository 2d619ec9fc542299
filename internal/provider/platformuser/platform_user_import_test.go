package platformuser_test

import (
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/resource"

	"github.com/adminapi/terraform-provider-adminapi/internal/acctest"
	"github.com/adminapi/terraform-provider-adminapi/internal/provider/platformuser"
)

func TestPlatformUserImport(t *testing.T) {
	r := platformuser.NewPlatformUserResource().(resource.ResourceWithImportState)
	acctest.CheckImports(t, r, []acctest.ImportCase{
		{Name: "by id", ID: "alice-1", WantID: "alice-1", WantState: map[string]string{"username": "alice-1"}},
		{Name: "by identity", Identity: map[string]string{"username": "alice-1"}, WantID: "alice-1",
			WantState: map[string]string{"username": "alice-1"}},
		{Name: "bad id", ID: "Alice", WantError: []string{"Invalid import ID", "expected a platform username", `got "Alice"`}},
		{Name: "bad identity", Identity: map[string]string{"username": "al"},
			WantError: []string{"Invalid import identity", "identity username: expected a platform username", `got "al"`}},
	})
}
