package common

import (
	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

// StringOrNull maps the API's "" for unset to null.
func StringOrNull(s string) types.String {
	if s == "" {
		return types.StringNull()
	}
	return types.StringValue(s)
}

// OptionalString is the value to send for an optional attribute: nil when null.
func OptionalString(v types.String) *string {
	if v.IsNull() || v.IsUnknown() {
		return nil
	}
	s := v.ValueString()
	return &s
}

// StringSet is a known set of strings; nil is the empty set.
func StringSet(list []string) (types.Set, diag.Diagnostics) {
	elems := make([]attr.Value, len(list))
	for i, s := range list {
		elems[i] = types.StringValue(s)
	}
	return types.SetValue(types.StringType, elems)
}
