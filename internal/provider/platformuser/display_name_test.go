package platformuser

import (
	"testing"

	"github.com/adminapi/terraform-provider-adminapi/internal/api"
)

func TestPlatformUserDisplayName(t *testing.T) {
	for _, c := range []struct {
		user api.PlatformUser
		want string
	}{
		{api.PlatformUser{Username: "alice", Name: "Alice Martin", Email: "Alice@Example.com", Status: api.StatusEnabled},
			"alice (Alice Martin, Alice@Example.com)"},
		{api.PlatformUser{Username: "bob-ldap", Email: "bob@example.com", Status: api.StatusDisabled},
			"bob-ldap (bob@example.com, disabled)"},
	} {
		if got := platformUserDisplayName(&c.user); got != c.want {
			t.Errorf("display name %q, want %q", got, c.want)
		}
	}
}
