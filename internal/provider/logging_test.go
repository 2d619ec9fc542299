package provider

import (
	"testing"

	"github.com/adminapi/terraform-provider-adminapi/internal/provider/workaround"
)

func TestClientLogger(t *testing.T) {
	for _, tc := range []struct {
		level string
		set   bool
		want  bool
	}{
		{"", false, true}, // the SDK's default level: TRACE
		{"TRACE", true, true},
		{"debug", true, true},
		{"INFO", true, false},
		{"WARN", true, false},
		{"ERROR", true, false},
		{"off", true, false},
		{"OFF", true, false},
		{"verbose", true, true}, // unknown to the SDK, which then logs at TRACE
	} {
		env := map[string]string{}
		if tc.set {
			env[workaround.ProviderLogEnv] = tc.level
		}
		got := clientLogger(envMap(env))
		if (got != nil) != tc.want {
			t.Errorf("%s=%q: clientLogger = %v, want a logger: %v", workaround.ProviderLogEnv, tc.level, got, tc.want)
		}
	}
}
