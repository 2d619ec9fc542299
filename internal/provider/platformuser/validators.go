package platformuser

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

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
	for _, name := range []string{platformUserPassword.Name, platformUserPassword.WoName()} {
		var pw types.String
		resp.Diagnostics.Append(req.Config.GetAttribute(ctx, path.Root(name), &pw)...)
		if !pw.IsNull() {
			resp.Diagnostics.AddAttributeError(path.Root(name), "Password given for an LDAP user",
				fmt.Sprintf("%s must not be given when ldap = true: an LDAP user authenticates elsewhere and has no password here.", name))
		}
	}
}
