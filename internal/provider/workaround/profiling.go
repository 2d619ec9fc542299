// Profiling of the provider's process, which neither the framework nor
// Terraform offers: a provider has no profiling hook (Terraform starts and
// stops its process, and terraform-plugin-go's Serve owns main). It is
// here because it measures what this package's workarounds offset (the
// model codec, the request contexts, the log levels, the GC target) and
// is how they were found. A tool, not a workaround of upstream behaviour:
// it names no upstream issue and has no canary test.

package workaround

import (
	"bytes"
	"compress/gzip"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"runtime/pprof"
)

// ProfileDirEnv names the directory where each provider process writes a
// CPU profile of its whole life and a heap profile taken as it ends.
const ProfileDirEnv = "ADMINAPI_PPROF_DIR"

// StartProfiling starts the CPU profile when ADMINAPI_PPROF_DIR is set, in
// the environment read by lookup, and answers the function that ends it
// and writes the heap profile; main calls it once providerserver.Serve has
// returned, which it does when Terraform stops the provider. The files are
// terraform-provider-adminapi.<pid>.cpu.pprof and .heap.pprof.
func StartProfiling(lookup func(string) (string, bool)) (stop func() error, err error) {
	dir, _ := lookup(ProfileDirEnv)
	if dir == "" {
		return func() error { return nil }, nil
	}
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, fmt.Errorf("%s=%q: %w", ProfileDirEnv, dir, err)
	}
	base := filepath.Join(dir, fmt.Sprintf("terraform-provider-adminapi.%d", os.Getpid()))
	cpu, err := os.Create(base + ".cpu.pprof")
	if err != nil {
		return nil, fmt.Errorf("%s=%q: %w", ProfileDirEnv, dir, err)
	}
	if err := pprof.StartCPUProfile(cpu); err != nil {
		return nil, errors.Join(fmt.Errorf("%s: CPU profile: %w", ProfileDirEnv, err), cpu.Close())
	}
	return func() error {
		pprof.StopCPUProfile()
		return errors.Join(cpu.Close(), writeHeapProfile(base+".heap.pprof"))
	}, nil
}

// writeHeapProfile writes what is live after a collection, and what was
// allocated over the process's life (pprof -sample_index=alloc_space).
func writeHeapProfile(path string) error {
	f, err := os.Create(path)
	if err != nil {
		return fmt.Errorf("%s: %w", ProfileDirEnv, err)
	}
	runtime.GC()
	return errors.Join(pprof.Lookup("heap").WriteTo(f, 0), f.Close())
}

// CheckProfile answers an error unless path holds a gzipped pprof profile
// whose string table names each of want (sample types, functions): how
// the tests tell that StartProfiling wrote what pprof reads.
func CheckProfile(path string, want ...string) error {
	raw, err := os.ReadFile(path)
	if err != nil {
		return err
	}
	zr, err := gzip.NewReader(bytes.NewReader(raw))
	if err != nil {
		return fmt.Errorf("%s is not a gzipped profile: %w", path, err)
	}
	data, err := io.ReadAll(zr)
	if err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	var missing []string
	for _, s := range want {
		if !bytes.Contains(data, []byte(s)) {
			missing = append(missing, s)
		}
	}
	if len(missing) > 0 {
		return fmt.Errorf("%s does not name %q", path, missing)
	}
	return nil
}
