package bench

import (
	"os"
	"path/filepath"
	"testing"
)

func TestProviderWrapperNames(t *testing.T) {
	for arg0, want := range map[string]string{
		"/m/registry.terraform.io/adminapi/adminapi/0.0.1/linux_amd64/terraform-provider-adminapi_v0.0.1": "terraform-provider-adminapi",
		".terraform/providers/x/terraform-provider-restapi_v1.20.0":                                       "terraform-provider-restapi",
	} {
		if !IsProviderWrapper(arg0) || realProviderName(arg0) != want {
			t.Errorf("%s: wrapper %v, name %q; want true, %q", arg0, IsProviderWrapper(arg0), realProviderName(arg0), want)
		}
	}
	if IsProviderWrapper("bench/.work/bin/adminapi-bench") {
		t.Error("the bench itself is taken for a provider")
	}
}

// The wrapper runs the real binary of its name, answers its exit code and
// writes its usage.
func TestWrapProviderRecordsTheUsage(t *testing.T) {
	realDir, statsDir := t.TempDir(), t.TempDir()
	script := "#!/bin/sh\ni=0\nwhile [ $i -lt 20000 ]; do i=$((i+1)); done\nexit 3\n"
	if err := os.WriteFile(filepath.Join(realDir, "terraform-provider-fake"), []byte(script), 0o755); err != nil {
		t.Fatal(err)
	}
	t.Setenv(envRealProviders, realDir)
	t.Setenv(envStatsDir, statsDir)
	if code := WrapProvider([]string{"/mirror/terraform-provider-fake_v1.0.0"}); code != 3 {
		t.Errorf("exit code %d, want the provider's 3", code)
	}
	stats, err := readStats(statsDir)
	if err != nil || len(stats) != 1 {
		t.Fatalf("stats %v, %v; want one process", stats, err)
	}
	s := stats[0]
	if s.Binary != "terraform-provider-fake" || s.CPUSeconds <= 0 || s.MaxRSSBytes < 1<<10 {
		t.Errorf("stats %+v: want the fake's name, some CPU and RSS", s)
	}
	u := usageOf(append(stats, ProcessStats{CPUSeconds: 1, MaxRSSBytes: 1 << 40}))
	if u.Processes != 2 || u.CPUSeconds != s.CPUSeconds+1 || u.PeakRSSMB != 1<<20 {
		t.Errorf("usage %+v: want 2 processes, the CPU added, the largest RSS", u)
	}
}

func TestWrapProviderNeedsTheBench(t *testing.T) {
	t.Setenv(envRealProviders, "")
	if code := WrapProvider([]string{"terraform-provider-fake_v1.0.0"}); code != 1 {
		t.Errorf("exit code %d without the bench's environment, want 1", code)
	}
}
