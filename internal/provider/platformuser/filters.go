package platformuser

import (
	"context"
	"iter"

	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	dsschema "github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	listschema "github.com/hashicorp/terraform-plugin-framework/list/schema"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/adminapi/terraform-provider-adminapi/internal/api"
	"github.com/adminapi/terraform-provider-adminapi/internal/client"
	"github.com/adminapi/terraform-provider-adminapi/internal/provider/common"
)

// platformUserFilters are the filters of the adminapi_platform_users data
// source and of the adminapi_platform_user list resource's config.
type platformUserFilters struct {
	Email      types.String  `tfsdk:"email"`
	Name       types.String  `tfsdk:"name"`
	Enabled    types.Bool    `tfsdk:"enabled"`
	Tag        types.String  `tfsdk:"tag"`
	Role       types.String  `tfsdk:"role"`
	ExternalID types.String  `tfsdk:"external_id"`
	Shard      *common.Shard `tfsdk:"shard"`
}

// users are the platform's users that match m: the API's filters, then
// the shard.
func (m platformUserFilters) users(ctx context.Context, c *client.Client) iter.Seq2[api.PlatformUser, error] {
	return common.InShard(c.PlatformUsers(ctx, m.filter()), m.Shard, func(u api.PlatformUser) string { return u.Username })
}

// filter is the API's query for the filters; a null one is left out.
func (m platformUserFilters) filter() api.PlatformUserFilter {
	f := api.PlatformUserFilter{
		Email: m.Email.ValueString(), Name: m.Name.ValueString(), Tag: m.Tag.ValueString(),
		Role: m.Role.ValueString(), ExternalID: m.ExternalID.ValueString(),
	}
	if !m.Enabled.IsNull() {
		f.Status = api.StatusDisabled
		if m.Enabled.ValueBool() {
			f.Status = api.StatusEnabled
		}
	}
	return f
}

// platformUserStringFilters describe the string filters, each checked by
// the resource's rule for the attribute it filters on.
var platformUserStringFilters = []struct {
	name, description string
	validator         validator.String
}{
	{"email", "Only the user with this e-mail address; letter case is ignored.", common.EmailValidator{}},
	{"name", "Only users with exactly this display name.", stringvalidator.UTF8LengthBetween(1, api.NameMax)},
	{"tag", "Only users carrying this tag.", stringvalidator.UTF8LengthBetween(api.TagMin, api.TagMax)},
	{"role", "Only users holding this role.", stringvalidator.RegexMatches(api.RoleNamePattern,
		"must be a role name: 1 to 63 of a-z 0-9 _ -, starting with a letter or digit")},
	{"external_id", "Only the user with this id at an identity provider.", externalIDValidator},
}

const platformUserEnabledFilter = "Only enabled users (`true`) or only disabled ones (`false`)."

// dataSourceFilterAttributes are the filters as data source arguments.
func dataSourceFilterAttributes() map[string]dsschema.Attribute {
	attrs := map[string]dsschema.Attribute{
		"enabled": dsschema.BoolAttribute{Optional: true, MarkdownDescription: platformUserEnabledFilter},
		"shard":   common.ShardDataSourceAttribute("the users whose username falls"),
	}
	for _, f := range platformUserStringFilters {
		attrs[f.name] = dsschema.StringAttribute{
			Optional: true, MarkdownDescription: f.description, Validators: []validator.String{f.validator},
		}
	}
	return attrs
}

// listFilterAttributes are the filters as arguments of a list block's config.
func listFilterAttributes() map[string]listschema.Attribute {
	attrs := map[string]listschema.Attribute{
		"enabled": listschema.BoolAttribute{Optional: true, MarkdownDescription: platformUserEnabledFilter},
		"shard":   common.ShardListAttribute("the users whose username falls"),
	}
	for _, f := range platformUserStringFilters {
		attrs[f.name] = listschema.StringAttribute{
			Optional: true, MarkdownDescription: f.description, Validators: []validator.String{f.validator},
		}
	}
	return attrs
}
