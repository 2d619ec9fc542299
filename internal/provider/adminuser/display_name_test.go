package adminuser

import (
	"testing"

	"github.com/adminapi/terraform-provider-adminapi/internal/api"
)

func TestAdminUserDisplayName(t *testing.T) {
	none := api.Permissions{Users: []string{}, Settings: []string{}, PlatformUsers: []string{}, Accounts: []string{}}
	some := none
	some.Settings, some.PlatformUsers = []string{"read"}, []string{"read", "create"}
	for _, c := range []struct {
		permissions api.Permissions
		want        string
	}{
		{none, "ops (no permissions)"},
		{some, "ops (permissions: settings, platform_users)"},
	} {
		if got := adminUserDisplayName(&api.AdminUser{Username: "ops", Permissions: c.permissions}); got != c.want {
			t.Errorf("display name %q, want %q", got, c.want)
		}
	}
}
