package common

import (
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/types"
)

func TestSecretTrioMustSend(t *testing.T) {
	var (
		none   = types.StringNull()
		old    = types.StringValue("old-secret")
		fresh  = types.StringValue("new-secret")
		noVer  = types.Int64Null()
		v1     = types.Int64Value(1)
		v2     = types.Int64Value(2)
		unkVer = types.Int64Unknown()
	)
	for _, c := range []struct {
		name                  string
		planPlain, statePlain types.String
		planVersion, stateVer types.Int64
		want                  bool
	}{
		{"first set with password_wo", none, none, v1, noVer, true},
		{"first set with password", fresh, none, noVer, noVer, true},
		{"version bump", none, none, v2, v1, true},
		{"version lowered", none, none, v1, v2, true},
		{"version known at apply only", none, none, unkVer, v1, true},
		{"version unchanged", none, none, v1, v1, false},
		{"password unchanged", old, old, noVer, noVer, false},
		{"password changed", fresh, old, noVer, noVer, true},
		{"switch password to password_wo", none, old, v1, noVer, true},
		{"switch password_wo to password", fresh, none, noVer, v1, true},
		{"password_wo and its version removed", none, none, noVer, v1, false},
		{"password removed", none, old, noVer, noVer, false},
		{"never set", none, none, noVer, noVer, false},
	} {
		if got := mustSend(c.planPlain, c.statePlain, c.planVersion, c.stateVer); got != c.want {
			t.Errorf("%s: send %v, want %v", c.name, got, c.want)
		}
	}
}
