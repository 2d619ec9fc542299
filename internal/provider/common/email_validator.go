package common

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/schema/validator"

	"github.com/adminapi/terraform-provider-adminapi/internal/api"
)

// EmailValidator checks an e-mail address by the contract's rule (api.ValidEmail),
// the one the server and the API document apply.
type EmailValidator struct{}

var _ validator.String = EmailValidator{}

func (EmailValidator) Description(context.Context) string {
	return fmt.Sprintf("must be a valid e-mail address of at most %d characters", api.EmailMax)
}

func (v EmailValidator) MarkdownDescription(ctx context.Context) string { return v.Description(ctx) }

func (v EmailValidator) ValidateString(ctx context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	s := req.ConfigValue.ValueString()
	if err := api.ValidEmail(s); err != nil {
		resp.Diagnostics.AddAttributeError(req.Path, "Invalid e-mail address",
			fmt.Sprintf("%s %s, got %q.", req.Path, err, s))
	}
}
