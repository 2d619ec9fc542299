// Package adminuser holds adminapi_admin_user: its resource, data sources
// and list resource.
package adminuser

import (
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/list"
	"github.com/hashicorp/terraform-plugin-framework/resource"

	"github.com/adminapi/terraform-provider-adminapi/internal/provider/common"
)

// Types are the domain's types.
var Types = common.Types{
	Resources:     []func() resource.Resource{NewAdminUserResource},
	DataSources:   []func() datasource.DataSource{NewAdminUserDataSource, NewAdminUsersDataSource},
	ListResources: []func() list.ListResource{NewAdminUserListResource},
}
