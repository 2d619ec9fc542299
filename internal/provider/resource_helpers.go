package provider

import (
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/adminapi/terraform-provider-adminapi/internal/client"
)

// clientFrom takes the shared client out of the provider data given to
// Configure; nil data means the provider is not configured yet.
func clientFrom(data any, diags *diag.Diagnostics) *client.Client {
	if data == nil {
		return nil
	}
	c, ok := data.(*client.Client)
	if !ok {
		diags.AddError("Unexpected provider data", fmt.Sprintf("expected *client.Client, got %T; please report this to the provider's maintainers", data))
		return nil
	}
	return c
}

// addCreateError reports a failed create; an object that already exists is
// answered with how to bring it under management instead.
func addCreateError(diags *diag.Diagnostics, resourceType, what, importID string, err error) {
	if client.IsAlreadyExists(err) {
		diags.AddError(fmt.Sprintf("%s already exists", what),
			fmt.Sprintf("%v\n\nTo manage the existing object with Terraform, import it instead of creating it:\n\n"+
				"  terraform import %s.<name> %s\n\nor with an import block:\n\n"+
				"  import {\n    to = %s.<name>\n    id = %q\n  }", err, resourceType, importID, resourceType, importID))
		return
	}
	diags.AddError(fmt.Sprintf("Could not create %s", what), err.Error())
}

// stringOrNull maps the API's "" for unset to null.
func stringOrNull(s string) types.String {
	if s == "" {
		return types.StringNull()
	}
	return types.StringValue(s)
}

// optionalString is the value to send for an optional attribute: nil when null.
func optionalString(v types.String) *string {
	if v.IsNull() || v.IsUnknown() {
		return nil
	}
	s := v.ValueString()
	return &s
}
