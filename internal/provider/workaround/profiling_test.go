package workaround_test

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/adminapi/terraform-provider-adminapi/internal/provider/workaround"
)

// envLookup reads env as os.LookupEnv reads the environment.
func envLookup(env map[string]string) func(string) (string, bool) {
	return func(name string) (string, bool) {
		v, ok := env[name]
		return v, ok
	}
}

// Not parallel: a process has one CPU profile at a time.
func TestStartProfiling_writesCPUAndHeapProfiles(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "made", "by", "the", "provider")
	stop, err := workaround.StartProfiling(envLookup(map[string]string{workaround.ProfileDirEnv: dir}))
	if err != nil {
		t.Fatal(err)
	}
	if err := stop(); err != nil {
		t.Fatal(err)
	}
	base := filepath.Join(dir, fmt.Sprintf("terraform-provider-adminapi.%d", os.Getpid()))
	if err := workaround.CheckProfile(base+".cpu.pprof", "samples", "cpu", "nanoseconds"); err != nil {
		t.Error(err)
	}
	if err := workaround.CheckProfile(base+".heap.pprof", "inuse_space", "alloc_space", "bytes"); err != nil {
		t.Error(err)
	}
}

func TestStartProfiling_offWithoutTheVariable(t *testing.T) {
	for _, env := range []map[string]string{nil, {workaround.ProfileDirEnv: ""}} {
		stop, err := workaround.StartProfiling(envLookup(env))
		if err != nil {
			t.Fatal(err)
		}
		if err := stop(); err != nil {
			t.Fatal(err)
		}
	}
}

func TestStartProfiling_badDirectoryNamesTheVariable(t *testing.T) {
	file := filepath.Join(t.TempDir(), "a-file")
	if err := os.WriteFile(file, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	_, err := workaround.StartProfiling(envLookup(map[string]string{workaround.ProfileDirEnv: filepath.Join(file, "sub")}))
	if err == nil || !strings.Contains(err.Error(), workaround.ProfileDirEnv) || !strings.Contains(err.Error(), file) {
		t.Fatalf("StartProfiling under a file: error %v, want one naming %s and the path", err, workaround.ProfileDirEnv)
	}
}

// Not parallel: it writes a profile, as the test above.
func TestCheckProfile_namesWhatIsMissing(t *testing.T) {
	dir := t.TempDir()
	stop, err := workaround.StartProfiling(envLookup(map[string]string{workaround.ProfileDirEnv: dir}))
	if err != nil {
		t.Fatal(err)
	}
	if err := stop(); err != nil {
		t.Fatal(err)
	}
	heap := filepath.Join(dir, fmt.Sprintf("terraform-provider-adminapi.%d.heap.pprof", os.Getpid()))
	if err := workaround.CheckProfile(heap, "inuse_space", "no-such-sample-type"); err == nil || !strings.Contains(err.Error(), "no-such-sample-type") {
		t.Errorf("a profile without a wanted name: error %v, want one naming it", err)
	}
	plain := filepath.Join(dir, "plain.txt")
	if err := os.WriteFile(plain, []byte("inuse_space"), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := workaround.CheckProfile(plain, "inuse_space"); err == nil || !strings.Contains(err.Error(), "not a gzipped profile") {
		t.Errorf("a file that is no profile: error %v, want one saying so", err)
	}
}
