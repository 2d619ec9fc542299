package account

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/adminapi/terraform-provider-adminapi/internal/provider/common"
)

// accountIDValidator accepts what common.ParseAccountID accepts: a UUID in
// its 36-character form, in any letter case.
type accountIDValidator struct{}

var _ validator.String = accountIDValidator{}

func (accountIDValidator) Description(context.Context) string {
	return "must be an account id: a UUID such as 0b9f1c2e-5d4a-4e8b-9c3f-2a1b0c9d8e7f"
}

func (v accountIDValidator) MarkdownDescription(ctx context.Context) string {
	return v.Description(ctx)
}

func (accountIDValidator) ValidateString(_ context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	if _, err := common.ParseAccountID(req.ConfigValue.ValueString()); err != nil {
		resp.Diagnostics.AddAttributeError(req.Path, "Invalid account id", fmt.Sprintf("Attribute %s: %v", req.Path, err))
	}
}

// parsedAccountID is the lowercase form of a validated account id.
func parsedAccountID(v types.String) string {
	id, err := common.ParseAccountID(v.ValueString())
	if err != nil {
		return v.ValueString()
	}
	return id
}
