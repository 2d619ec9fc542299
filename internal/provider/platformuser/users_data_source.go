package platformuser

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/adminapi/terraform-provider-adminapi/internal/api"
	"github.com/adminapi/terraform-provider-adminapi/internal/provider/common"
)

var _ datasource.DataSourceWithConfigure = (*platformUsersDataSource)(nil)

// NewUsersDataSource is the adminapi_platform_users data source.
func NewUsersDataSource() datasource.DataSource { return &platformUsersDataSource{} }

type platformUsersDataSource struct {
	common.DataSourceClient
}

type platformUsersModel struct {
	Email      types.String         `tfsdk:"email"`
	Name       types.String         `tfsdk:"name"`
	Enabled    types.Bool           `tfsdk:"enabled"`
	Tag        types.String         `tfsdk:"tag"`
	Role       types.String         `tfsdk:"role"`
	ExternalID types.String         `tfsdk:"external_id"`
	Users      []platformUserFields `tfsdk:"users"`
	Usernames  []string             `tfsdk:"usernames"`
}

// filter is the API's query for the model's filters; a null one is left out.
func (m platformUsersModel) filter() api.PlatformUserFilter {
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

func (d *platformUsersDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_platform_users"
}

func (d *platformUsersDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	filter := func(desc string, v validator.String) schema.StringAttribute {
		return schema.StringAttribute{
			Optional:            true,
			MarkdownDescription: desc,
			Validators:          []validator.String{v},
		}
	}
	resp.Schema = schema.Schema{
		MarkdownDescription: "Every platform user, or those that match all the filters given. The entries of `users` " +
			"carry the attribute names of `adminapi_platform_user` (without password and invitation token), so " +
			"that they can feed a `for_each` resource and import block: see the guide " +
			"\"Bringing existing users under management\".",
		Attributes: map[string]schema.Attribute{
			"email": filter("Only the user with this e-mail address; letter case is ignored.", common.EmailValidator{}),
			"name": filter("Only users with exactly this display name.",
				stringvalidator.UTF8LengthBetween(1, api.NameMax)),
			"enabled": schema.BoolAttribute{
				Optional:            true,
				MarkdownDescription: "Only enabled users (`true`) or only disabled ones (`false`).",
			},
			"tag": filter("Only users carrying this tag.", stringvalidator.UTF8LengthBetween(api.TagMin, api.TagMax)),
			"role": filter("Only users holding this role.", stringvalidator.RegexMatches(api.RoleNamePattern,
				"must be a role name: 1 to 63 of a-z 0-9 _ -, starting with a letter or digit")),
			"external_id": filter("Only the user with this id at an identity provider.", externalIDValidator),
			"users": schema.ListNestedAttribute{
				Computed:            true,
				MarkdownDescription: "The users found, sorted by username.",
				NestedObject:        schema.NestedAttributeObject{Attributes: platformUserFieldAttributes()},
			},
			"usernames": schema.ListAttribute{
				Computed:            true,
				ElementType:         types.StringType,
				MarkdownDescription: "The usernames of `users`, in the same order.",
			},
		},
	}
}

func (d *platformUsersDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	var m platformUsersModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &m)...)
	if resp.Diagnostics.HasError() {
		return
	}
	m.Users, m.Usernames = []platformUserFields{}, []string{}
	for u, err := range d.Client.PlatformUsers(ctx, m.filter()) {
		if err != nil {
			resp.Diagnostics.AddError("Could not list platform users", err.Error())
			return
		}
		var fields platformUserFields
		resp.Diagnostics.Append(flattenPlatformUserFields(&u, &fields)...)
		m.Users = append(m.Users, fields)
		m.Usernames = append(m.Usernames, u.Username)
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, &m)...)
}
