package platformuser

import (
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/adminapi/terraform-provider-adminapi/internal/api"
	"github.com/adminapi/terraform-provider-adminapi/internal/client"
)

func TestOnlyUser(t *testing.T) {
	alice, bob := api.PlatformUser{Username: "alice"}, api.PlatformUser{Username: "bobby"}

	if _, err := onlyUser(nil, "email", "x@example.com"); !client.IsNotFound(err) {
		t.Errorf("no user: %v, want a 404", err)
	}
	if u, err := onlyUser([]api.PlatformUser{alice}, "email", "x@example.com"); err != nil || u.Username != "alice" {
		t.Errorf("one user: %v, %v", u, err)
	}
	_, err := onlyUser([]api.PlatformUser{alice, bob}, "external_id", "sid-1")
	if err == nil || client.IsNotFound(err) ||
		!strings.Contains(err.Error(), `more than one platform user has external_id "sid-1": alice and bobby`) {
		t.Errorf("two users: %v, want an error naming both", err)
	}
}

func TestPlatformUsersFilter(t *testing.T) {
	all := platformUserFilters{
		Email: types.StringNull(), Name: types.StringNull(), Enabled: types.BoolNull(), Tag: types.StringNull(),
		Role: types.StringNull(), ExternalID: types.StringNull(),
	}
	if got := all.filter(); got != (api.PlatformUserFilter{}) {
		t.Errorf("no filter: %+v", got)
	}
	some := platformUserFilters{
		Email: types.StringValue("a@example.com"), Name: types.StringValue("Ann"), Enabled: types.BoolValue(false),
		Tag: types.StringValue("ops"), Role: types.StringValue("auditor"), ExternalID: types.StringValue("sid-1"),
	}
	want := api.PlatformUserFilter{Email: "a@example.com", Name: "Ann", Status: api.StatusDisabled, Tag: "ops",
		Role: "auditor", ExternalID: "sid-1"}
	if got := some.filter(); got != want {
		t.Errorf("filter %+v, want %+v", got, want)
	}
	some.Enabled = types.BoolValue(true)
	if got := some.filter().Status; got != api.StatusEnabled {
		t.Errorf("enabled = true: status %q", got)
	}
}
