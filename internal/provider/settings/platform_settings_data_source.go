package settings

import (
	"context"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework-jsontypes/jsontypes"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/adminapi/terraform-provider-adminapi/internal/api"
	"github.com/adminapi/terraform-provider-adminapi/internal/provider/common"
)

// NewPlatformSettingsDataSource is the adminapi_platform_settings data source.
func NewPlatformSettingsDataSource() datasource.DataSource {
	return &platformSettingsDataSource{common.DataSource{Name: "platform_settings", Needs: []api.Operation{"GET /admin/settings"}, TypeSchema: schema.Schema{
		MarkdownDescription: "The platform's whole settings document (`GET /admin/settings`), read at every plan, " +
			"so that a change made outside Terraform shows at the next refresh.\n\n" +
			"**No secret reaches the state:** the keys whose values are secrets (`" + strings.Join(api.SecretSettingNames(), "`, `") +
			"`) are left out of `settings` and `settings_json`; `secret_keys` names those the document holds. " +
			"Needs the `settings:read` permission.",
		Attributes: map[string]schema.Attribute{
			"settings": schema.MapAttribute{
				ElementType: settingsAttrType.ElemType,
				Computed:    true,
				MarkdownDescription: "Every group (e.g. `API_SETTINGS`) of the document, as a map of its keys (e.g. `ACCOUNT_DELETION`) " +
					"to JSON-encoded values, as `jsonencode` writes them: read one with " +
					"`jsondecode(data.adminapi_platform_settings.this.settings[\"API_SETTINGS\"][\"ACCOUNT_DELETION\"])`. " +
					"The secret keys are left out.",
			},
			"settings_json": schema.StringAttribute{
				CustomType: jsontypes.NormalizedType{},
				Computed:   true,
				MarkdownDescription: "The same document as one JSON object of groups of keys to values, e.g. " +
					"`{\"EMAIL_SETTINGS\":{\"EMAIL_ENABLED\":true,...},...}`, for `jsondecode`. The secret keys are left out.",
			},
			"secret_keys": schema.ListAttribute{
				ElementType: types.StringType,
				Computed:    true,
				MarkdownDescription: "The keys of the document left out because their values are secrets, as `GROUP.KEY`, " +
					"sorted, e.g. `MACHINES_AND_PLATFORM_SETTINGS.REGISTER_ADMIN_KEY`.",
			},
		},
	}}}
}

type platformSettingsDataSource struct {
	common.DataSource
}

func (d *platformSettingsDataSource) Read(ctx context.Context, _ datasource.ReadRequest, resp *datasource.ReadResponse) {
	if !d.CheckRead(&resp.Diagnostics) {
		return
	}
	doc, err := d.Client.GetSettings(ctx)
	if err != nil {
		common.APIFailed(&resp.Diagnostics, "read the platform settings", err)
		return
	}
	data, diags := flattenPlatformSettingsData(ctx, doc)
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, &data)...)
}
