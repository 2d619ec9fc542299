package common

import (
	"context"
	"fmt"
	"net/mail"
	"strings"
	"unicode/utf8"

	"github.com/hashicorp/terraform-plugin-framework/schema/validator"

	"github.com/adminapi/terraform-provider-adminapi/internal/api"
)

// IsEmailAddress accepts a bare address (no display name, no angle brackets),
// as the API does.
func IsEmailAddress(s string) bool {
	if s == "" || strings.ContainsAny(s, " \t\r\n<>") {
		return false
	}
	a, err := mail.ParseAddress(s)
	return err == nil && a.Name == "" && a.Address == s
}

// EmailValidator checks an e-mail address's shape and length.
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
	if utf8.RuneCountInString(s) > api.EmailMax || !IsEmailAddress(s) {
		resp.Diagnostics.AddAttributeError(req.Path, "Invalid e-mail address",
			fmt.Sprintf("%s %s, got %q.", req.Path, v.Description(ctx), s))
	}
}
