package provider

import (
	"context"
	"fmt"
	"net/mail"
	"strings"
	"unicode/utf8"

	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/adminapi/terraform-provider-adminapi/internal/api"
)

// isEmailAddress accepts a bare address (no display name, no angle brackets),
// as the API does.
func isEmailAddress(s string) bool {
	if s == "" || strings.ContainsAny(s, " \t\r\n<>") {
		return false
	}
	a, err := mail.ParseAddress(s)
	return err == nil && a.Name == "" && a.Address == s
}

// emailValidator checks an e-mail address's shape and length.
type emailValidator struct{}

var _ validator.String = emailValidator{}

func (emailValidator) Description(context.Context) string {
	return fmt.Sprintf("must be a valid e-mail address of at most %d characters", api.EmailMax)
}

func (v emailValidator) MarkdownDescription(ctx context.Context) string { return v.Description(ctx) }

func (v emailValidator) ValidateString(ctx context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	s := req.ConfigValue.ValueString()
	if utf8.RuneCountInString(s) > api.EmailMax || !isEmailAddress(s) {
		resp.Diagnostics.AddAttributeError(req.Path, "Invalid e-mail address",
			fmt.Sprintf("%s %s, got %q.", req.Path, v.Description(ctx), s))
	}
}

// platformUserLDAPValidator rejects a password for an LDAP user: it
// authenticates elsewhere.
type platformUserLDAPValidator struct{}

var _ resource.ConfigValidator = platformUserLDAPValidator{}

func (platformUserLDAPValidator) Description(context.Context) string {
	return "password and password_wo must not be given when ldap = true"
}

func (v platformUserLDAPValidator) MarkdownDescription(context.Context) string {
	return "`password` and `password_wo` must not be given when `ldap = true`"
}

func (v platformUserLDAPValidator) ValidateResource(ctx context.Context, req resource.ValidateConfigRequest, resp *resource.ValidateConfigResponse) {
	var ldap types.Bool
	resp.Diagnostics.Append(req.Config.GetAttribute(ctx, path.Root("ldap"), &ldap)...)
	if resp.Diagnostics.HasError() || !ldap.ValueBool() {
		return
	}
	for _, name := range []string{platformUserPassword.name, platformUserPassword.woName()} {
		var pw types.String
		resp.Diagnostics.Append(req.Config.GetAttribute(ctx, path.Root(name), &pw)...)
		if !pw.IsNull() {
			resp.Diagnostics.AddAttributeError(path.Root(name), "Password given for an LDAP user",
				fmt.Sprintf("%s must not be given when ldap = true: an LDAP user authenticates elsewhere and has no password here.", name))
		}
	}
}
