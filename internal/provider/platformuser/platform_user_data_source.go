package platformuser

import (
	"context"
	"fmt"
	"net/http"

	"github.com/hashicorp/terraform-plugin-framework-validators/datasourcevalidator"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"

	"github.com/adminapi/terraform-provider-adminapi/internal/api"
	"github.com/adminapi/terraform-provider-adminapi/internal/client"
	"github.com/adminapi/terraform-provider-adminapi/internal/provider/common"
)

var _ datasource.DataSourceWithConfigValidators = (*platformUserDataSource)(nil)

// NewPlatformUserDataSource is the adminapi_platform_user data source.
func NewPlatformUserDataSource() datasource.DataSource {
	attrs := platformUserFieldAttributes()
	attrs["username"] = lookupArgument("The user's name on the platform.", nil, usernameValidator)
	attrs["email"] = lookupArgument("The user's e-mail address; the lookup ignores letter case.",
		common.EmailType{}, common.EmailValidator{})
	attrs["external_id"] = lookupArgument("The user's id at an identity provider.", nil, externalIDValidator)
	attrs["invitation_token"] = schema.StringAttribute{
		Computed:            true,
		Sensitive:           true,
		MarkdownDescription: "The invitation token the user registered with; null when none.",
	}
	return &platformUserDataSource{common.DataSource{Name: "platform_user", Needs: []api.Operation{"GET /platform-users/{username}", "GET /platform-users"}, TypeSchema: schema.Schema{
		MarkdownDescription: "One platform user, found by `username`, `email` or `external_id`: the attributes of " +
			"`adminapi_platform_user` without its password. Finding no user is an error.",
		Attributes: attrs,
	}}}
}

type platformUserDataSource struct {
	common.DataSource
}

func (d *platformUserDataSource) ConfigValidators(context.Context) []datasource.ConfigValidator {
	return []datasource.ConfigValidator{datasourcevalidator.ExactlyOneOf(
		path.MatchRoot("username"), path.MatchRoot("email"), path.MatchRoot("external_id"))}
}

func (d *platformUserDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	if !d.CheckRead(&resp.Diagnostics) {
		return
	}
	config, ok := common.Config[platformUserData](ctx, req.Config, &resp.Diagnostics)
	if !ok {
		return
	}
	var u *api.PlatformUser
	switch {
	case !config.Username.IsNull():
		username := config.Username.ValueString()
		var err error
		if u, err = d.Client.GetPlatformUser(ctx, username); err != nil {
			common.AddLookupError(&resp.Diagnostics, platformUserKind, "username", username, err)
		}
	case !config.Email.IsNull():
		email := config.Email.ValueString()
		u = d.findOne(ctx, &resp.Diagnostics, "email", email, api.PlatformUserFilter{Email: email})
	default:
		id := config.ExternalID.ValueString()
		u = d.findOne(ctx, &resp.Diagnostics, "external_id", id, api.PlatformUserFilter{ExternalID: id})
	}
	if resp.Diagnostics.HasError() {
		return
	}
	var state platformUserData
	resp.Diagnostics.Append(flattenPlatformUserRecord(u, &state.platformUserRecord)...)
	roles, diags := common.StringSet(u.Roles)
	state.Roles = roles
	resp.Diagnostics.Append(diags...)
	resp.Diagnostics.Append(resp.State.Set(ctx, &state)...)
}

// findOne is the user that filter, attribute = value, matches on the list endpoint.
func (d *platformUserDataSource) findOne(ctx context.Context, diags *diag.Diagnostics, attribute, value string, filter api.PlatformUserFilter) *api.PlatformUser {
	var found []api.PlatformUser
	for u, err := range d.Client.PlatformUsers(ctx, filter) {
		if err != nil {
			common.AddLookupError(diags, platformUserKind, attribute, value, err)
			return nil
		}
		if found = append(found, u); len(found) > 1 {
			break
		}
	}
	u, err := onlyUser(found, attribute, value)
	if err != nil {
		common.AddLookupError(diags, platformUserKind, attribute, value, err)
	}
	return u
}

// onlyUser is the one user a lookup found; none is the list's way of
// answering 404.
func onlyUser(found []api.PlatformUser, attribute, value string) (*api.PlatformUser, error) {
	switch len(found) {
	case 0:
		return nil, &client.APIError{Status: http.StatusNotFound, Method: http.MethodGet, Path: "/platform-users",
			Message: fmt.Sprintf("no platform user has %s %q", attribute, value)}
	case 1:
		return &found[0], nil
	}
	return nil, fmt.Errorf("more than one platform user has %s %q: %s and %s", attribute, value,
		found[0].Username, found[1].Username)
}
