package provider

import "github.com/hashicorp/terraform-plugin-framework/resource"

// settingsResources lists adminapi_platform_settings.
func settingsResources() []func() resource.Resource {
	return []func() resource.Resource{NewPlatformSettingsResource}
}
