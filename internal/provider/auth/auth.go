// Package auth holds the adminapi_token ephemeral resource.
package auth

import (
	"github.com/hashicorp/terraform-plugin-framework/ephemeral"

	"github.com/adminapi/terraform-provider-adminapi/internal/provider/common"
)

// Types are the domain's types.
var Types = common.Types{
	EphemeralResources: []func() ephemeral.EphemeralResource{NewTokenEphemeralResource},
}
