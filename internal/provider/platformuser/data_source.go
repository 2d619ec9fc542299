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

var (
	_ datasource.DataSourceWithConfigure        = (*platformUserDataSource)(nil)
	_ datasource.DataSourceWithConfigValidators = (*platformUserDataSource)(nil)
)

// NewDataSource is the adminapi_platform_user data source.
func NewDataSource() datasource.DataSource { return &platformUserDataSource{} }

type platformUserDataSource struct {
	common.DataSourceClient
}

func (d *platformUserDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_platform_user"
}

func (d *platformUserDataSource) ConfigValidators(context.Context) []datasource.ConfigValidator {
	return []datasource.ConfigValidator{datasourcevalidator.ExactlyOneOf(
		path.MatchRoot("username"), path.MatchRoot("email"), path.MatchRoot("external_id"))}
}

func (d *platformUserDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
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
	resp.Schema = schema.Schema{
		MarkdownDescription: "One platform user, found by `username`, `email` or `external_id`: the attributes of " +
			"`adminapi_platform_user` without its password. Finding no user is an error.",
		Attributes: attrs,
	}
}

func (d *platformUserDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	var config platformUserRecord
	resp.Diagnostics.Append(req.Config.Get(ctx, &config)...)
	if resp.Diagnostics.HasError() {
		return
	}
	var u *api.PlatformUser
	switch {
	case !config.Username.IsNull():
		username := config.Username.ValueString()
		var err error
		if u, err = d.Client.GetPlatformUser(ctx, username); err != nil {
			common.AddLookupError(&resp.Diagnostics, "platform user", "username", username, err)
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
	var state platformUserRecord
	resp.Diagnostics.Append(flattenPlatformUserRecord(u, &state)...)
	resp.Diagnostics.Append(resp.State.Set(ctx, &state)...)
}

// findOne is the user that filter, attribute = value, matches on the list endpoint.
func (d *platformUserDataSource) findOne(ctx context.Context, diags *diag.Diagnostics, attribute, value string, filter api.PlatformUserFilter) *api.PlatformUser {
	var found []api.PlatformUser
	for u, err := range d.Client.PlatformUsers(ctx, filter) {
		if err != nil {
			common.AddLookupError(diags, "platform user", attribute, value, err)
			return nil
		}
		if found = append(found, u); len(found) > 1 {
			break
		}
	}
	u, err := onlyUser(found, attribute, value)
	if err != nil {
		common.AddLookupError(diags, "platform user", attribute, value, err)
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
