package provider

import "github.com/hashicorp/terraform-plugin-framework/resource"

// accessResources lists adminapi_role, adminapi_user_role, adminapi_account, adminapi_account_user.
func accessResources() []func() resource.Resource {
	return []func() resource.Resource{
		NewRoleResource,
		NewUserRoleResource,
		NewAccountResource,
		NewAccountUserResource,
	}
}
