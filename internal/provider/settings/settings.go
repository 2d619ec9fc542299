// Package settings holds adminapi_platform_settings, the platform's
// settings document: its resource and data source, with the
// adminapi_platform_notify action.
package settings

import (
	"github.com/hashicorp/terraform-plugin-framework/action"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/resource"

	"github.com/adminapi/terraform-provider-adminapi/internal/provider/common"
)

// Types are the domain's types.
var Types = common.Types{
	Resources:   []func() resource.Resource{NewPlatformSettingsResource},
	DataSources: []func() datasource.DataSource{NewPlatformSettingsDataSource},
	Actions:     []func() action.Action{NewPlatformNotifyAction},
}
