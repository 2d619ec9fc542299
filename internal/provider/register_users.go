package provider

import "github.com/hashicorp/terraform-plugin-framework/resource"

// usersResources lists this group's resources.
func usersResources() []func() resource.Resource {
	return []func() resource.Resource{}
}
