package provider

import "github.com/hashicorp/terraform-plugin-framework/resource"

// usersResources lists adminapi_admin_user, adminapi_platform_user.
func usersResources() []func() resource.Resource {
	return []func() resource.Resource{NewAdminUserResource, NewPlatformUserResource}
}
