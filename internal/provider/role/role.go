// Package role holds adminapi_role and adminapi_user_role: their resources,
// data sources and list resources.
package role

import (
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/list"
	"github.com/hashicorp/terraform-plugin-framework/resource"

	"github.com/adminapi/terraform-provider-adminapi/internal/provider/common"
)

// Types are the domain's types.
var Types = common.Types{
	Resources:     []func() resource.Resource{NewRoleResource, NewUserRoleResource},
	DataSources:   []func() datasource.DataSource{NewRoleDataSource, NewRolesDataSource},
	ListResources: []func() list.ListResource{NewRoleListResource, NewUserRoleListResource},
}
