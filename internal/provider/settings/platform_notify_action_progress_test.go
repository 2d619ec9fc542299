package settings

import (
	"slices"
	"testing"

	"github.com/adminapi/terraform-provider-adminapi/internal/api"
)

func TestNotifyProgress(t *testing.T) {
	res := api.NotifyResult{
		Successes: []api.Machine{{URL: "http://b", Role: "core"}},
		Failures:  []api.MachineFailure{{URL: "http://c", Role: "static", Error: "answered HTTP 500"}, {URL: "http://a", Role: "reg", Error: "request failed"}},
	}
	for _, tc := range []struct {
		name     string
		res      api.NotifyResult
		services []string
		want     []string
	}{
		{"one message per follower, in URL order", res, []string{"core", "register"}, []string{
			`http://a (role "reg"): FAILED: request failed`,
			`http://b (role "core"): notified (services core, register)`,
			`http://c (role "static"): FAILED: answered HTTP 500`,
		}},
		{"no services means all", api.NotifyResult{Successes: res.Successes}, nil, []string{`http://b (role "core"): notified (all services)`}},
		{"no follower", api.NotifyResult{}, []string{"core"}, []string{"The platform has no follower machine: nobody was notified."}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := notifyProgress(tc.res, tc.services); !slices.Equal(got, tc.want) {
				t.Errorf("notifyProgress = %q, want %q", got, tc.want)
			}
		})
	}
}
