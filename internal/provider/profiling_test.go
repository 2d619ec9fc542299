package provider_test

import (
	"bytes"
	"compress/gzip"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/adminapi/terraform-provider-adminapi/internal/provider"
)

// envLookup reads env as os.LookupEnv reads the environment.
func envLookup(env map[string]string) func(string) (string, bool) {
	return func(name string) (string, bool) {
		v, ok := env[name]
		return v, ok
	}
}

// expectProfile fails unless path holds a gzipped pprof profile whose
// string table names each of want (sample types, functions).
func expectProfile(t *testing.T, path string, want ...string) {
	t.Helper()
	raw, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	zr, err := gzip.NewReader(bytes.NewReader(raw))
	if err != nil {
		t.Fatalf("%s is not a gzipped profile: %v", path, err)
	}
	data, err := io.ReadAll(zr)
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	for _, s := range want {
		if !bytes.Contains(data, []byte(s)) {
			t.Errorf("%s does not name %q", path, s)
		}
	}
}

// Not parallel: a process has one CPU profile at a time.
func TestStartProfiling_writesCPUAndHeapProfiles(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "made", "by", "the", "provider")
	stop, err := provider.StartProfiling(envLookup(map[string]string{provider.ProfileDirEnv: dir}))
	if err != nil {
		t.Fatal(err)
	}
	if err := stop(); err != nil {
		t.Fatal(err)
	}
	base := filepath.Join(dir, fmt.Sprintf("terraform-provider-adminapi.%d", os.Getpid()))
	expectProfile(t, base+".cpu.pprof", "samples", "cpu", "nanoseconds")
	expectProfile(t, base+".heap.pprof", "inuse_space", "alloc_space", "bytes")
}

func TestStartProfiling_offWithoutTheVariable(t *testing.T) {
	for _, env := range []map[string]string{nil, {provider.ProfileDirEnv: ""}} {
		stop, err := provider.StartProfiling(envLookup(env))
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
	_, err := provider.StartProfiling(envLookup(map[string]string{provider.ProfileDirEnv: filepath.Join(file, "sub")}))
	if err == nil || !strings.Contains(err.Error(), provider.ProfileDirEnv) || !strings.Contains(err.Error(), file) {
		t.Fatalf("StartProfiling under a file: error %v, want one naming %s and the path", err, provider.ProfileDirEnv)
	}
}
