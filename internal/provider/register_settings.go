package provider

import "github.com/hashicorp/terraform-plugin-framework/resource"

// settingsResources lists this group's resources.
func settingsResources() []func() resource.Resource {
	return []func() resource.Resource{}
}
