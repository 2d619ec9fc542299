package provider_test

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/adminapi/terraform-provider-adminapi/internal/acctest"
	"github.com/adminapi/terraform-provider-adminapi/internal/provider/workaround"
)

// processConfig plans two users, so that the provider serves every
// per-resource call and logs in (one request line).
const processConfig = `
resource "adminapi_platform_user" "u" {
  count    = 2
  username = format("process-%d", count.index)
  email    = format("process-%d@example.com", count.index)
  ldap     = true
}
`

// planWith runs terraform plan against the provider built from this tree,
// with env added to the CLI's environment (which Terraform hands to the
// provider's process).
func planWith(t *testing.T, tf *acctest.Terraform, env ...string) {
	t.Helper()
	var out bytes.Buffer
	cmd := tf.Command(t.Context(), &out, "plan", "-no-color", "-input=false")
	cmd.Env = append(cmd.Env, env...)
	if err := cmd.Run(); err != nil {
		t.Fatalf("terraform plan: %v\n%s", err, out.String())
	}
}

// Each provider process Terraform starts for a plan leaves a CPU and a heap
// profile in ADMINAPI_PPROF_DIR: written when Terraform stops it.
func TestAccProviderProcess_profiles(t *testing.T) {
	tf := acctest.NewTerraform(t)
	srv := acctest.StartServer(t)
	tf.WriteConfig(t, srv.Config(processConfig))
	dir := filepath.Join(t.TempDir(), "profiles")
	planWith(t, tf, workaround.ProfileDirEnv+"="+dir)

	cpu, err := filepath.Glob(filepath.Join(dir, "terraform-provider-adminapi.*.cpu.pprof"))
	if err != nil {
		t.Fatal(err)
	}
	all, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	// terraform plan starts the provider at least twice: to validate, then to plan.
	if len(cpu) < 2 || len(all) != 2*len(cpu) {
		t.Fatalf("%s holds %d files, %d CPU profiles: want a CPU and a heap profile for each of 2 processes or more", dir, len(all), len(cpu))
	}
	for _, c := range cpu {
		if err := workaround.CheckProfile(c, "samples", "cpu", "nanoseconds"); err != nil {
			t.Error(err)
		}
		if err := workaround.CheckProfile(strings.TrimSuffix(c, ".cpu.pprof")+".heap.pprof", "inuse_space", "alloc_space"); err != nil {
			t.Error(err)
		}
	}
}

// loggingTerraform is a Terraform whose provider binary is wrapped, so that
// its stderr, where the SDK writes its log lines for Terraform, goes to
// the file $ADMINAPI_TEST_STDERR when that is set.
func loggingTerraform(t *testing.T) *acctest.Terraform {
	t.Helper()
	tf := acctest.NewTerraform(t)
	plugin := filepath.Join(filepath.Dir(tf.Dir), "plugins", "terraform-provider-adminapi")
	binary := filepath.Join(t.TempDir(), "terraform-provider-adminapi")
	if err := os.Rename(plugin, binary); err != nil {
		t.Fatalf("acctest.NewTerraform no longer builds the provider where this test expects it: %v", err)
	}
	wrapper := fmt.Sprintf("#!/bin/sh\nif [ -n \"$ADMINAPI_TEST_STDERR\" ]; then exec %q \"$@\" 2>>\"$ADMINAPI_TEST_STDERR\"; fi\nexec %q \"$@\"\n", binary, binary)
	if err := os.WriteFile(plugin, []byte(wrapper), 0o700); err != nil {
		t.Fatal(err)
	}
	return tf
}

// sdkLines are the provider's stderr lines that come from the SDK's
// loggers or the provider's own: each names its module ("sdk.proto",
// "sdk.framework", "provider"); go-plugin's own few lines have none.
func sdkLines(t *testing.T, path string) []string {
	t.Helper()
	raw, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var lines []string
	for line := range strings.Lines(string(raw)) {
		if strings.Contains(line, `"@module":"sdk.`) || strings.Contains(line, `"@module":"provider"`) {
			lines = append(lines, line)
		}
	}
	return lines
}

func TestAccProviderProcess_logsOnlyWhatTerraformKeeps(t *testing.T) {
	tf := loggingTerraform(t)
	srv := acctest.StartServer(t)
	tf.WriteConfig(t, srv.Config(processConfig))
	dir := t.TempDir()

	t.Run("no TF_LOG: no line", func(t *testing.T) {
		stderr := filepath.Join(dir, "quiet.stderr")
		planWith(t, tf, "ADMINAPI_TEST_STDERR="+stderr)
		if lines := sdkLines(t, stderr); len(lines) > 0 {
			t.Errorf("without TF_LOG the provider wrote %d log lines that Terraform discards, the first: %s", len(lines), lines[0])
		}
	})

	t.Run("a level chosen for the SDK is kept", func(t *testing.T) {
		stderr := filepath.Join(dir, "proto.stderr")
		planWith(t, tf, "ADMINAPI_TEST_STDERR="+stderr, "TF_LOG_SDK_PROTO=TRACE")
		lines := strings.Join(sdkLines(t, stderr), "")
		if !strings.Contains(lines, `"@module":"sdk.proto"`) || !strings.Contains(lines, `"tf_rpc":"PlanResourceChange"`) {
			t.Errorf("with TF_LOG_SDK_PROTO=TRACE the provider's stderr lacks the protocol lines:\n%.2000s", lines)
		}
		if strings.Contains(lines, `"@module":"sdk.framework"`) {
			t.Error("with only TF_LOG_SDK_PROTO set the framework's lines are there too")
		}
	})

	t.Run("TF_LOG=TRACE: every line reaches Terraform's log", func(t *testing.T) {
		logPath := filepath.Join(dir, "trace.log")
		planWith(t, tf, "TF_LOG=TRACE", "TF_LOG_PATH="+logPath)
		raw, err := os.ReadFile(logPath)
		if err != nil {
			t.Fatal(err)
		}
		log := string(raw)
		for _, want := range []string{
			"@module=sdk.proto", "tf_rpc=PlanResourceChange", // terraform-plugin-go
			"@module=sdk.framework", "Calling provider defined", // the framework
			"adminapi request", "path=/auth/me", // the provider's own logger: the client's request lines
		} {
			if !strings.Contains(log, want) {
				t.Errorf("with TF_LOG=TRACE Terraform's log lacks %q", want)
			}
		}
	})
}
