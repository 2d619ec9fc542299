package provider

import (
	"fmt"
	"slices"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"

	"github.com/adminapi/terraform-provider-adminapi/internal/provider/common"
)

const permissionCheckEnv = "ADMINAPI_PERMISSION_CHECK"

// permissionCheck is permission_check, or ADMINAPI_PERMISSION_CHECK, or
// warn.
func permissionCheck(cfg providerModel, lookup func(string) (string, bool)) (common.PermissionCheck, diag.Diagnostics) {
	var diags diag.Diagnostics
	v := common.PermissionCheck(envOr(cfg.PermissionCheck, permissionCheckEnv, lookup))
	if v == "" {
		return common.PermissionCheckWarn, diags
	}
	if !slices.Contains(common.PermissionChecks, v) {
		diags.AddAttributeError(path.Root("permission_check"), "Invalid permission_check",
			fmt.Sprintf("%q is not one of %q (set by permission_check or %s).", v, common.PermissionChecks, permissionCheckEnv))
	}
	return v, diags
}
