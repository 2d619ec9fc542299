package provider

import (
	"maps"
	"os"
	"testing"
)

func lookupIn(env map[string]string) func(string) (string, bool) {
	return func(name string) (string, bool) {
		v, ok := env[name]
		return v, ok
	}
}

// allAt is every SDK and provider logger set to level.
func allAt(level string) map[string]string {
	return map[string]string{"TF_LOG_SDK": level, "TF_LOG_SDK_PROTO": level, "TF_LOG_SDK_FRAMEWORK": level, "TF_LOG_SDK_MUX": level, "TF_LOG_PROVIDER_ADMINAPI": level}
}

// except is levels without the variables names.
func except(levels map[string]string, names ...string) map[string]string {
	for _, name := range names {
		delete(levels, name)
	}
	return levels
}

func TestLogLevelsToSet(t *testing.T) {
	for _, tc := range []struct {
		name string
		env  map[string]string
		want map[string]string
	}{
		{"no variable: Terraform keeps no provider line", nil, allAt("OFF")},
		{"empty TF_LOG", map[string]string{"TF_LOG": ""}, allAt("OFF")},
		{"TF_LOG=off", map[string]string{"TF_LOG": "off"}, allAt("OFF")},
		{"TF_LOG_CORE only", map[string]string{"TF_LOG_CORE": "TRACE", "TF_LOG_PATH": "/tmp/x"}, allAt("OFF")},
		{"TF_LOG=TRACE: every line", map[string]string{"TF_LOG": "TRACE"}, nil},
		{"TF_LOG=trace, lower case", map[string]string{"TF_LOG": "trace"}, nil},
		{"TF_LOG=JSON is TRACE", map[string]string{"TF_LOG": "JSON"}, nil},
		{"an unknown TF_LOG is TRACE to Terraform", map[string]string{"TF_LOG": "verbose"}, nil},
		{"TF_LOG=DEBUG", map[string]string{"TF_LOG": "DEBUG"}, allAt("DEBUG")},
		{"TF_LOG=warn", map[string]string{"TF_LOG": "warn"}, allAt("WARN")},
		{"TF_LOG_PROVIDER alone", map[string]string{"TF_LOG_PROVIDER": "INFO"}, allAt("INFO")},
		{"TF_LOG_PROVIDER beats TF_LOG", map[string]string{"TF_LOG": "TRACE", "TF_LOG_PROVIDER": "ERROR"}, allAt("ERROR")},
		{"TF_LOG_PROVIDER=off beats TF_LOG", map[string]string{"TF_LOG": "TRACE", "TF_LOG_PROVIDER": "off"}, allAt("OFF")},
		{"TF_LOG_PROVIDER=TRACE", map[string]string{"TF_LOG_PROVIDER": "TRACE", "TF_LOG": "off"}, nil},
		{"TF_LOG_SDK_PROTO chosen", map[string]string{"TF_LOG_SDK_PROTO": "TRACE"}, except(allAt("OFF"), "TF_LOG_SDK_PROTO")},
		{"TF_LOG_SDK chosen: its subsystems follow it", map[string]string{"TF_LOG_SDK": "DEBUG"}, map[string]string{"TF_LOG_PROVIDER_ADMINAPI": "OFF"}},
		{"TF_LOG_SDK chosen, TF_LOG=INFO", map[string]string{"TF_LOG_SDK": "off", "TF_LOG": "INFO"}, map[string]string{"TF_LOG_PROVIDER_ADMINAPI": "INFO"}},
		{"TF_LOG_SDK chosen, TF_LOG=TRACE", map[string]string{"TF_LOG_SDK": "off", "TF_LOG": "TRACE"}, nil},
		{"TF_LOG_SDK_FRAMEWORK chosen", map[string]string{"TF_LOG_SDK_FRAMEWORK": "DEBUG", "TF_LOG": "WARN"}, except(allAt("WARN"), "TF_LOG_SDK_FRAMEWORK")},
		{"TF_LOG_SDK_MUX chosen", map[string]string{"TF_LOG_SDK_MUX": "INFO"}, except(allAt("OFF"), "TF_LOG_SDK_MUX")},
		{"TF_LOG_PROVIDER_ADMINAPI chosen", map[string]string{"TF_LOG_PROVIDER_ADMINAPI": "DEBUG"}, except(allAt("OFF"), "TF_LOG_PROVIDER_ADMINAPI")},
		{"blank TF_LOG_SDK is unset", map[string]string{"TF_LOG_SDK": "  "}, allAt("OFF")},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := logLevelsToSet(lookupIn(tc.env)); !maps.Equal(got, tc.want) {
				t.Errorf("logLevelsToSet(%v) = %v, want %v", tc.env, got, tc.want)
			}
		})
	}
}

// Not parallel: it sets environment variables.
func TestMatchLogLevelsToTerraform_setsTheProcessEnvironment(t *testing.T) {
	for _, name := range append([]string{"TF_LOG", "TF_LOG_PROVIDER"}, sdkLogEnvs...) {
		t.Setenv(name, "")
		if err := os.Unsetenv(name); err != nil {
			t.Fatal(err)
		}
	}
	t.Setenv("TF_LOG", "ERROR")
	if err := MatchLogLevelsToTerraform(); err != nil {
		t.Fatal(err)
	}
	for _, name := range sdkLogEnvs {
		if got := os.Getenv(name); got != "ERROR" {
			t.Errorf("%s = %q, want ERROR", name, got)
		}
	}
}

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
			env[providerLogEnv] = tc.level
		}
		got := clientLogger(lookupIn(env))
		if (got != nil) != tc.want {
			t.Errorf("%s=%q: clientLogger = %v, want a logger: %v", providerLogEnv, tc.level, got, tc.want)
		}
	}
}
