package settings_test

import (
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/resource"

	"github.com/adminapi/terraform-provider-adminapi/internal/acctest"
	"github.com/adminapi/terraform-provider-adminapi/internal/provider/settings"
)

func TestPlatformSettingsImport(t *testing.T) {
	acctest.CheckImports(t, settings.NewPlatformSettingsResource().(resource.ResourceWithImportState), []acctest.ImportCase{
		{Name: "by id", ID: "platform_settings", WantID: "platform_settings"},
		{Name: "by identity", Identity: map[string]string{"id": "platform_settings"}, WantID: "platform_settings"},
		{Name: "another id", ID: "settings", WantError: []string{"Invalid import ID", "singleton", `got "settings"`}},
		{Name: "another identity", Identity: map[string]string{"id": "settings"},
			WantError: []string{"Invalid import identity", "singleton", `got "settings"`}},
	})
}
