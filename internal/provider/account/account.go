// Package account holds adminapi_account and adminapi_account_user: their
// resources, data sources and list resources, with the
// adminapi_account_activation_code ephemeral resource and the
// adminapi_account_activation_code_refresh action.
package account

import (
	"github.com/hashicorp/terraform-plugin-framework/action"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/ephemeral"
	"github.com/hashicorp/terraform-plugin-framework/list"
	"github.com/hashicorp/terraform-plugin-framework/resource"

	"github.com/adminapi/terraform-provider-adminapi/internal/provider/common"
)

// Types are the domain's types.
var Types = common.Types{
	Resources:          []func() resource.Resource{NewAccountResource, NewAccountUserResource},
	DataSources:        []func() datasource.DataSource{NewAccountDataSource, NewAccountsDataSource, NewAccountUsersDataSource},
	EphemeralResources: []func() ephemeral.EphemeralResource{NewAccountActivationCodeEphemeralResource},
	ListResources:      []func() list.ListResource{NewAccountListResource, NewAccountUserListResource},
	Actions:            []func() action.Action{NewAccountActivationCodeRefreshAction},
}
