// Package platformuser holds adminapi_platform_user: its resource, data
// sources and list resource.
package platformuser

import (
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/list"
	"github.com/hashicorp/terraform-plugin-framework/resource"

	"github.com/adminapi/terraform-provider-adminapi/internal/provider/common"
)

// Types are the domain's types.
var Types = common.Types{
	Resources:     []func() resource.Resource{NewPlatformUserResource},
	DataSources:   []func() datasource.DataSource{NewPlatformUserDataSource, NewPlatformUsersDataSource},
	ListResources: []func() list.ListResource{NewPlatformUserListResource},
}
