package workaround

import (
	"maps"
	"os"
	"reflect"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6/tf6server"
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

// sdkLogLines answers the lines the SDK's loggers (terraform-plugin-go's
// and the framework's, modules "sdk.*") write at level while
// terraform-plugin-go serves one ValidateResourceConfig to the framework,
// in the process environment env on top of none of Terraform's or the
// SDK's logging variables, as MatchLogLevelsToTerraform finds it.
func sdkLogLines(t *testing.T, env map[string]string, level string) []string {
	t.Helper()
	for _, name := range append([]string{"TF_LOG", "TF_LOG_PROVIDER", "TF_LOG_PATH", "TF_LOG_SDK_PROTO_DATA_DIR"}, sdkLogEnvs...) {
		t.Setenv(name, "")
		if err := os.Unsetenv(name); err != nil {
			t.Fatal(err)
		}
	}
	for name, value := range env {
		t.Setenv(name, value)
	}
	// The SDK's loggers write to os.Stderr as the call finds it, rather than
	// to the process's stderr as it starts (tfsdklog.WithStderrFromInit),
	// so that the test reads them; their levels are the process's.
	stderr, err := os.CreateTemp(t.TempDir(), "stderr")
	if err != nil {
		t.Fatal(err)
	}
	defer func(f *os.File) { os.Stderr = f }(os.Stderr)
	os.Stderr = stderr

	server := tf6server.New("registry.terraform.io/adminapi/adminapi", frameworkServer6()(), tf6server.WithoutLogStderrOverride())
	// server is a gRPC server whose request types are internal to
	// terraform-plugin-go: the request is made by reflection.
	validate := reflect.ValueOf(server).MethodByName("ValidateResourceConfig")
	req := reflect.New(validate.Type().In(1).Elem())
	req.Elem().FieldByName("TypeName").SetString(testThing)
	if err, _ := validate.Call([]reflect.Value{reflect.ValueOf(t.Context()), req})[1].Interface().(error); err != nil {
		t.Fatal(err)
	}
	if err := stderr.Close(); err != nil {
		t.Fatal(err)
	}
	out, err := os.ReadFile(stderr.Name())
	if err != nil {
		t.Fatal(err)
	}

	var lines []string
	for line := range strings.Lines(string(out)) {
		if strings.Contains(line, `"@module":"sdk.`) && strings.Contains(line, `"@level":"`+level+`"`) {
			lines = append(lines, line)
		}
	}
	return lines
}

// TestUpstreamSDKLogsWhatTerraformDiscards is the canary of log_levels.go
// (terraform-plugin-framework #721 and #1269): unless TF_LOG_SDK* say
// otherwise, terraform-plugin-go's and the framework's loggers log at
// TRACE, whatever level Terraform, which reads the provider's stderr,
// keeps: none without TF_LOG, ERROR and above with TF_LOG=ERROR. With the
// levels MatchLogLevelsToTerraform sets, they do not. Not parallel: it
// sets environment variables and os.Stderr.
func TestUpstreamSDKLogsWhatTerraformDiscards(t *testing.T) {
	for _, terraform := range []map[string]string{nil, {"TF_LOG": "ERROR"}} {
		if lines := sdkLogLines(t, terraform, "trace"); len(lines) == 0 {
			t.Errorf("upstream fixed the SDK's default log level (terraform-plugin-framework #1269): with %v the SDK's loggers wrote no TRACE line, "+
				"which Terraform would discard; the workaround in log_levels.go (MatchLogLevelsToTerraform) can go", terraform)
		}
		matched := maps.Clone(terraform)
		if matched == nil {
			matched = map[string]string{}
		}
		maps.Copy(matched, logLevelsToSet(lookupIn(terraform)))
		if lines := sdkLogLines(t, matched, "trace"); len(lines) > 0 {
			t.Errorf("with %v the SDK still wrote %d TRACE lines, the first: %s", matched, len(lines), lines[0])
		}
	}
}
