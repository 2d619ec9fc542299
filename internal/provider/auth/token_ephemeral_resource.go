package auth

import (
	"context"
	"errors"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/ephemeral"
	"github.com/hashicorp/terraform-plugin-framework/ephemeral/schema"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/adminapi/terraform-provider-adminapi/internal/api"
	"github.com/adminapi/terraform-provider-adminapi/internal/client"
	"github.com/adminapi/terraform-provider-adminapi/internal/provider/common"
)

var _ ephemeral.EphemeralResourceWithClose = (*tokenEphemeralResource)(nil)

// NewTokenEphemeralResource is the factory of adminapi_token.
func NewTokenEphemeralResource() ephemeral.EphemeralResource {
	return &tokenEphemeralResource{common.EphemeralResource{Name: "token", TypeSchema: schema.Schema{
		MarkdownDescription: "A new access token of the admin API, e.g. for another provider or a script, never stored in the " +
			"plan or the state (Terraform 1.10+).\n\n" +
			"Without arguments it is obtained with the provider's credentials (a login with `username` and `password`, or " +
			"the client credentials grant); with `username` and `password` it is a login as that admin user. A provider " +
			"configured with a static `token` has no credentials to obtain another token with: give `username` and " +
			"`password` then.\n\n" +
			"Terraform opens an ephemeral resource in every plan and apply, so each of them obtains a token of its own; " +
			"when Terraform closes it, at the end of the run, the token (and its refresh token) is revoked with " +
			"`POST /auth/logout`: it is of no use afterwards.",
		Attributes: map[string]schema.Attribute{
			"username": schema.StringAttribute{
				Optional: true,
				MarkdownDescription: "The admin user to log in as, instead of using the provider's credentials: 3 to 64 of " +
					"`a-z 0-9 . _ -`, starting with a letter or digit. Requires `password`.",
				Validators: []validator.String{
					stringvalidator.RegexMatches(api.AdminUsernamePattern, "must be 3 to 64 of a-z 0-9 . _ -, starting with a letter or digit"),
					stringvalidator.AlsoRequires(path.MatchRoot("password")),
				},
			},
			"password": schema.StringAttribute{
				Optional:            true,
				Sensitive:           true,
				MarkdownDescription: "The password of `username`. Requires `username`.",
				Validators: []validator.String{
					stringvalidator.LengthAtLeast(1),
					stringvalidator.AlsoRequires(path.MatchRoot("username")),
				},
			},
			"token": schema.StringAttribute{
				Computed:            true,
				Sensitive:           true,
				MarkdownDescription: "The access token, to send as `Authorization: Bearer <token>`.",
			},
			"expires_at": schema.StringAttribute{
				Computed:            true,
				MarkdownDescription: "When the token expires (RFC 3339, UTC); null when the server does not say.",
			},
		},
	}}}
}

type tokenEphemeralResource struct {
	common.EphemeralResource
}

func (r *tokenEphemeralResource) Open(ctx context.Context, req ephemeral.OpenRequest, resp *ephemeral.OpenResponse) {
	m, ok := common.Config[tokenModel](ctx, req.Config, &resp.Diagnostics)
	if !ok {
		return
	}
	issued, ok := r.issue(ctx, m, &resp.Diagnostics)
	if !ok {
		return
	}
	m.Token = types.StringValue(issued.Token)
	m.ExpiresAt = expiresAtValue(issued.ExpiresAt)
	if private, err := encodePrivateToken(issued.Token); err != nil {
		common.APIFailed(&resp.Diagnostics, "keep the token for revocation", err)
	} else {
		resp.Diagnostics.Append(resp.Private.SetKey(ctx, privateTokenKey, private)...)
	}
	if resp.Diagnostics.HasError() {
		// Close would not know the token: revoke it now.
		r.revoke(ctx, issued.Token, &resp.Diagnostics)
		return
	}
	resp.Diagnostics.Append(resp.Result.Set(ctx, m)...)
}

// issue logs in as the configured user, or obtains a token with the provider's credentials.
func (r *tokenEphemeralResource) issue(ctx context.Context, m tokenModel, diags *diag.Diagnostics) (client.IssuedToken, bool) {
	if !m.Username.IsNull() {
		username := m.Username.ValueString()
		pair, err := r.Client.Login(ctx, username, m.Password.ValueString())
		switch {
		case client.IsUnauthorized(err):
			diags.AddAttributeError(path.Root("password"), "Login refused",
				fmt.Sprintf("The admin API refused the login of %q: the username or password is wrong.\n\n(%v)", username, err))
			return client.IssuedToken{}, false
		case err != nil:
			diags.AddAttributeError(path.Root("username"), "Could not log in", fmt.Sprintf("Logging in as %q failed: %v", username, err))
			return client.IssuedToken{}, false
		}
		return client.IssuedToken{Token: pair.Token, ExpiresAt: pair.ExpiresAt}, true
	}
	issued, err := r.Client.IssueToken(ctx)
	switch {
	case errors.Is(err, client.ErrStaticToken):
		diags.AddAttributeError(path.Root("username"), "Missing username and password",
			"The adminapi provider authenticates with a static token, which cannot obtain another token. "+
				"Give username and password to this adminapi_token to log in as that admin user.")
		return client.IssuedToken{}, false
	case err != nil:
		common.APIFailed(diags, "obtain a token with the provider's credentials", err)
		return client.IssuedToken{}, false
	}
	return issued, true
}

func (r *tokenEphemeralResource) Close(ctx context.Context, req ephemeral.CloseRequest, resp *ephemeral.CloseResponse) {
	raw, diags := req.Private.GetKey(ctx, privateTokenKey)
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	token, err := decodePrivateToken(raw)
	if err != nil {
		common.APIFailed(&resp.Diagnostics, "revoke the token", err)
		return
	}
	r.revoke(ctx, token, &resp.Diagnostics)
}

// revoke logs the token out; a token the API already refuses (expired) needs nothing more.
func (r *tokenEphemeralResource) revoke(ctx context.Context, token string, diags *diag.Diagnostics) {
	if err := r.Client.Logout(ctx, token); err != nil && !client.IsUnauthorized(err) {
		common.APIFailed(diags, "revoke the token", fmt.Errorf("POST /auth/logout failed, so the token stays valid until it expires: %w", err))
	}
}
