package settings

import (
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/resource"
)

func TestPlatformSettingsDataSourceSchema(t *testing.T) {
	var resp datasource.SchemaResponse
	NewDataSource().Schema(t.Context(), datasource.SchemaRequest{}, &resp)
	if diags := resp.Schema.ValidateImplementation(t.Context()); diags.HasError() {
		t.Fatalf("schema: %v", diags)
	}
	if resp.Schema.MarkdownDescription == "" {
		t.Error("the data source has no MarkdownDescription")
	}
	for name, a := range resp.Schema.Attributes {
		if a.GetMarkdownDescription() == "" {
			t.Errorf("attribute %s has no MarkdownDescription", name)
		}
	}
	var res resource.SchemaResponse
	NewResource().Schema(t.Context(), resource.SchemaRequest{}, &res)
	if got, want := resp.Schema.Attributes["settings"].GetType(), res.Schema.Attributes["settings"].GetType(); !got.Equal(want) {
		t.Errorf("settings is %v, want the resource's %v", got, want)
	}
}
