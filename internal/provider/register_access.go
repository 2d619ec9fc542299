package provider

import "github.com/hashicorp/terraform-plugin-framework/resource"

// accessResources lists this group's resources.
func accessResources() []func() resource.Resource {
	return []func() resource.Resource{}
}
