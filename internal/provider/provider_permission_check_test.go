package provider

import (
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/adminapi/terraform-provider-adminapi/internal/provider/common"
)

func TestPermissionCheckSetting(t *testing.T) {
	for _, c := range []struct {
		name, config, env string
		want              common.PermissionCheck
		bad               bool
	}{
		{name: "default", want: common.PermissionCheckWarn},
		{name: "environment", env: "error", want: common.PermissionCheckError},
		{name: "configuration beats environment", config: "off", env: "error", want: common.PermissionCheckOff},
		{name: "bad environment", env: "loud", bad: true},
	} {
		t.Run(c.name, func(t *testing.T) {
			cfg := providerModel{PermissionCheck: types.StringNull()}
			if c.config != "" {
				cfg.PermissionCheck = types.StringValue(c.config)
			}
			lookup := func(name string) (string, bool) {
				if name == permissionCheckEnv && c.env != "" {
					return c.env, true
				}
				return "", false
			}
			got, diags := permissionCheck(cfg, lookup)
			if c.bad {
				if !diags.HasError() || diags[0].Summary() != "Invalid permission_check" {
					t.Errorf("diagnostics %v, want Invalid permission_check", diags)
				}
				return
			}
			if diags.HasError() || got != c.want {
				t.Errorf("%q, %v; want %q", got, diags, c.want)
			}
		})
	}
}
