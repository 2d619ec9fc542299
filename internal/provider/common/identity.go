package common

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
)

// SetIdentity sets a resource's identity (Terraform 1.12+) from v, a struct
// with the identity schema's tfsdk tags. The framework gives a response no
// identity (nil) when the resource is served without its identity schema,
// as the tests of state written before identity existed do: then there is
// nothing to set.
func SetIdentity(ctx context.Context, identity *tfsdk.ResourceIdentity, v any, diags *diag.Diagnostics) {
	if identity != nil {
		diags.Append(identity.Set(ctx, v)...)
	}
}

// ImportedByIdentity reads the identity of an import block's `identity`
// (Terraform 1.12+) into target and answers true; an import by id answers
// false. On true, check diags before using target.
func ImportedByIdentity(ctx context.Context, req resource.ImportStateRequest, target any, diags *diag.Diagnostics) bool {
	if req.ID != "" || req.Identity == nil {
		return false
	}
	diags.Append(req.Identity.Get(ctx, target)...)
	return true
}

// InvalidImportTitle is the summary of an error about the imported object's
// id, or its identity when imported by identity.
func InvalidImportTitle(req resource.ImportStateRequest) string {
	if req.ID == "" {
		return "Invalid import identity"
	}
	return "Invalid import ID"
}
