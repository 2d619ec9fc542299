package bench

import (
	"slices"
	"testing"
)

func TestTerraformEnvDropsWhatWouldSteerTheRun(t *testing.T) {
	env := terraformEnv([]string{"PATH=/bin", "TF_LOG=TRACE", "TF_CLI_ARGS_plan=-refresh=false", "ADMINAPI_TOKEN=x",
		"HTTPS_PROXY=http://proxy", "TF_VAR_n=3", "REST_API_URI=x", "HOME=/root"}, "TF_CLI_CONFIG_FILE=/rc")
	for _, kv := range []string{"PATH=/bin", "HOME=/root", "CHECKPOINT_DISABLE=1", "TF_CLI_CONFIG_FILE=/rc"} {
		if !slices.Contains(env, kv) {
			t.Errorf("%s missing from %v", kv, env)
		}
	}
	for _, kv := range []string{"TF_LOG=TRACE", "TF_CLI_ARGS_plan=-refresh=false", "ADMINAPI_TOKEN=x", "HTTPS_PROXY=http://proxy", "TF_VAR_n=3", "REST_API_URI=x"} {
		if slices.Contains(env, kv) {
			t.Errorf("%s kept in %v", kv, env)
		}
	}
}

func TestAtLeast(t *testing.T) {
	for v, want := range map[string]bool{"1.15.9": true, "1.14.0-beta1": true, "1.13.5": false, "1.11.4": false, "2.0.0": true, "dev": false} {
		if got := atLeast(v, 1, 14); got != want {
			t.Errorf("atLeast(%q, 1, 14) = %v", v, got)
		}
	}
}
