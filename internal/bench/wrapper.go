package bench

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"strings"
	"syscall"
	"time"
)

// The provider binaries in the bench's mirror are this program under the
// provider's name: it runs the real provider as its child, passing
// Terraform's handshake through (same stdin, stdout and stderr), and when
// the provider exits writes the provider's CPU time and peak RSS (its
// rusage from wait4) to a file of the stats directory.
const (
	envRealProviders = "ADMINAPI_BENCH_REAL_PROVIDERS" // folder of the real terraform-provider-<type> binaries
	envStatsDir      = "ADMINAPI_BENCH_STATS_DIR"      // where each wrapped process writes its usage
)

// IsProviderWrapper tells whether the program was started as a provider
// (terraform-provider-<type>_v<version>) by Terraform.
func IsProviderWrapper(arg0 string) bool {
	return strings.HasPrefix(filepath.Base(arg0), "terraform-provider-")
}

// ProcessStats is the usage of one provider process.
type ProcessStats struct {
	Binary        string  `json:"binary"`
	CPUSeconds    float64 `json:"cpu_seconds"` // user + system
	MaxRSSBytes   int64   `json:"max_rss_bytes"`
	WrapperCPUSec float64 `json:"wrapper_cpu_seconds"` // the wrapper's own, for subtracting from Terraform's
}

// realProviderName answers terraform-provider-<type> for a mirror name
// terraform-provider-<type>_v<version>.
func realProviderName(arg0 string) string {
	name, _, _ := strings.Cut(filepath.Base(arg0), "_")
	return name
}

// WrapProvider runs the real provider and answers its exit code.
func WrapProvider(args []string) int {
	realDir, statsDir := os.Getenv(envRealProviders), os.Getenv(envStatsDir)
	if realDir == "" || statsDir == "" {
		fmt.Fprintf(os.Stderr, "%s runs under adminapi-bench only: %s and %s must be set\n", args[0], envRealProviders, envStatsDir)
		return 1
	}
	name := realProviderName(args[0])
	cmd := exec.Command(filepath.Join(realDir, name), args[1:]...)
	cmd.Stdin, cmd.Stdout, cmd.Stderr = os.Stdin, os.Stdout, os.Stderr
	cmd.SysProcAttr = &syscall.SysProcAttr{Pdeathsig: syscall.SIGKILL}
	signals := make(chan os.Signal, 4)
	signal.Notify(signals, os.Interrupt, syscall.SIGTERM)
	if err := cmd.Start(); err != nil {
		fmt.Fprintf(os.Stderr, "adminapi-bench: start %s: %v\n", name, err)
		return 1
	}
	go func() {
		for s := range signals {
			_ = cmd.Process.Signal(s)
		}
	}()
	err := cmd.Wait()
	signal.Stop(signals)
	code := 0
	if exitErr := (*exec.ExitError)(nil); errors.As(err, &exitErr) {
		code = exitErr.ExitCode()
	} else if err != nil {
		code = 1
	}
	if err := writeStats(statsDir, name, cmd.ProcessState); err != nil {
		fmt.Fprintf(os.Stderr, "adminapi-bench: %v\n", err)
	}
	return max(code, 0)
}

func writeStats(dir, name string, state *os.ProcessState) error {
	ru, ok := state.SysUsage().(*syscall.Rusage)
	if !ok {
		return errors.New("no rusage for the provider process")
	}
	var self syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &self); err != nil {
		return err
	}
	raw, err := json.Marshal(ProcessStats{
		Binary:        name,
		CPUSeconds:    cpuSeconds(ru),
		MaxRSSBytes:   ru.Maxrss * 1024, // Linux reports KiB
		WrapperCPUSec: cpuSeconds(&self),
	})
	if err != nil {
		return err
	}
	path := filepath.Join(dir, fmt.Sprintf("%s-%d.json", name, state.Pid()))
	if err := os.WriteFile(path+".tmp", raw, 0o600); err != nil {
		return err
	}
	return os.Rename(path+".tmp", path)
}

func cpuSeconds(ru *syscall.Rusage) float64 {
	return (time.Duration(ru.Utime.Nano()) + time.Duration(ru.Stime.Nano())).Seconds()
}

// readStats answers the usage every wrapped process wrote to dir.
func readStats(dir string) ([]ProcessStats, error) {
	files, err := filepath.Glob(filepath.Join(dir, "*.json"))
	if err != nil {
		return nil, err
	}
	stats := make([]ProcessStats, 0, len(files))
	for _, f := range files {
		raw, err := os.ReadFile(f)
		if err != nil {
			return nil, err
		}
		var s ProcessStats
		if err := json.Unmarshal(raw, &s); err != nil {
			return nil, fmt.Errorf("%s: %w", f, err)
		}
		stats = append(stats, s)
	}
	return stats, nil
}
