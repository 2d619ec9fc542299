package settings_test

import (
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/datasource"

	"github.com/adminapi/terraform-provider-adminapi/internal/acctest"
	"github.com/adminapi/terraform-provider-adminapi/internal/provider/settings"
)

// The data source's settings have the resource's type, so that they can
// feed it.
func TestPlatformSettingsDataSourceMatchesResource(t *testing.T) {
	want := acctest.SchemaTypes(t, settings.NewPlatformSettingsResource())
	var s datasource.SchemaResponse
	settings.NewPlatformSettingsDataSource().Schema(t.Context(), datasource.SchemaRequest{}, &s)
	if got := s.Schema.Attributes["settings"].GetType().String(); got != want["settings"] {
		t.Errorf("settings is %s, want the resource's %s", got, want["settings"])
	}
}
