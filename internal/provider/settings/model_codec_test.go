package settings

import (
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/resource"

	"github.com/adminapi/terraform-provider-adminapi/internal/provider/common"
)

// The resources' models are read and written without the framework's
// reflection (common.GetState), not through it.
func TestResourceModelsFitTheirSchemas(t *testing.T) {
	for _, c := range []struct {
		resource resource.Resource
		model    any
	}{
		{NewResource(), platformSettingsModel{}},
	} {
		var s resource.SchemaResponse
		c.resource.Schema(t.Context(), resource.SchemaRequest{}, &s)
		if !common.ModelFitsSchema(s.Schema.Type(), c.model) {
			t.Errorf("%T does not fit the schema of %T", c.model, c.resource)
		}
	}
}
