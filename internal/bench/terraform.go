package bench

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"time"
)

// tfResult is one terraform command's outcome and usage.
type tfResult struct {
	Wall         time.Duration
	ExitCode     int
	Summary      string // Terraform's closing line: "Plan: ...", "Apply complete! ...", "No changes. ..."
	Output       string // the end of what it printed
	TerraformCPU float64
	// TerraformRSSMB is the terraform process's peak RSS: from wait4's
	// rusage, which is the largest of Terraform and of every process it
	// waited for, when that is above every provider's; else the
	// process's VmHWM in /proc, read every 100 ms while it runs.
	TerraformRSSMB float64
	Providers      []ProcessStats
}

// terraformCLI runs one Terraform binary with the bench's CLI configuration.
type terraformCLI struct {
	Binary    string
	Version   string // e.g. 1.15.9
	env       []string
	apiEnv    []string // where the API is and how to log in, per size and profile
	statsDir  string
	stepLimit time.Duration
}

// closingLine matches the lines that say what a command did.
var closingLine = regexp.MustCompile(`(?m)^(Plan: .*|No changes\..*|Apply complete!.*|Destroy complete!.*|Error: .*)$`)

// run runs terraform in dir with args, bounded by the step timeout: at the
// end it sends SIGINT to its process group, 30 s later SIGKILL.
func (tf *terraformCLI) run(ctx context.Context, dir, logName string, args ...string) (tfResult, error) {
	return tf.runWith(ctx, dir, logName, tf.statsDir, nil, args...)
}

// runWith is run with the providers' usage written to statsDir (one per
// command run at the same time) and extraEnv added to the environment.
func (tf *terraformCLI) runWith(ctx context.Context, dir, logName, statsDir string, extraEnv []string, args ...string) (tfResult, error) {
	if err := os.RemoveAll(statsDir); err != nil {
		return tfResult{}, err
	}
	if err := os.MkdirAll(statsDir, 0o755); err != nil {
		return tfResult{}, err
	}
	ctx, cancel := context.WithTimeout(ctx, tf.stepLimit)
	defer cancel()
	logPath := filepath.Join(dir, logName+".log")
	out, err := os.Create(logPath)
	if err != nil {
		return tfResult{}, err
	}
	defer func() { _ = out.Close() }()
	cmd := exec.CommandContext(ctx, tf.Binary, args...)
	env := append(append(slices.Clip(tf.env), tf.apiEnv...), extraEnv...)
	env = append(env, envStatsDir+"="+statsDir) // the last of a name wins
	cmd.Dir, cmd.Env, cmd.Stdout, cmd.Stderr = dir, env, out, out
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	cmd.Cancel = func() error { return syscall.Kill(-cmd.Process.Pid, syscall.SIGINT) }
	cmd.WaitDelay = 30 * time.Second
	start := time.Now()
	var runErr error
	var hwm int64 // KiB
	if runErr = cmd.Start(); runErr == nil {
		done := make(chan struct{})
		go func() { runErr = cmd.Wait(); close(done) }()
		tick := time.NewTicker(100 * time.Millisecond)
	poll:
		for {
			if kb := vmHWM(cmd.Process.Pid); kb > hwm {
				hwm = kb
			}
			select {
			case <-done:
				break poll
			case <-tick.C:
			}
		}
		tick.Stop()
	}
	res := tfResult{Wall: time.Since(start), ExitCode: -1}
	if cmd.Process != nil {
		_ = syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL) // whatever it left behind
	}
	if cmd.ProcessState != nil {
		res.ExitCode = cmd.ProcessState.ExitCode()
	}
	printed, _ := os.ReadFile(logPath)
	res.Output = tail(string(printed), 3000)
	if m := closingLine.FindAllString(string(printed), -1); len(m) > 0 {
		res.Summary = m[len(m)-1]
	}
	if res.Providers, err = readStats(statsDir); err != nil {
		return res, err
	}
	res.TerraformRSSMB = float64(hwm) / 1024
	if ru, ok := processUsage(cmd.ProcessState); ok {
		// wait4 counts the children Terraform waited for: take the
		// wrappers and providers away.
		res.TerraformCPU = cpuSeconds(ru)
		var children int64
		for _, p := range res.Providers {
			res.TerraformCPU -= p.CPUSeconds + p.WrapperCPUSec
			children = max(children, p.MaxRSSBytes)
		}
		if rss := ru.Maxrss * 1024; rss > children {
			res.TerraformRSSMB = max(res.TerraformRSSMB, float64(rss)/(1<<20))
		}
	}
	if ctx.Err() != nil {
		return res, fmt.Errorf("terraform %s: stopped after the step timeout %s", strings.Join(args, " "), tf.stepLimit)
	}
	if exitErr := (*exec.ExitError)(nil); runErr != nil && !errors.As(runErr, &exitErr) {
		return res, fmt.Errorf("terraform %s: %w", strings.Join(args, " "), runErr)
	}
	return res, nil
}

// version answers what `terraform version -json` says, e.g. 1.15.9.
func terraformVersion(ctx context.Context, binary string) (string, error) {
	out, err := exec.CommandContext(ctx, binary, "version", "-json").Output()
	if err != nil {
		return "", fmt.Errorf("%s version -json: %w", binary, err)
	}
	var v struct {
		Version string `json:"terraform_version"`
	}
	if err := json.Unmarshal(out, &v); err != nil || v.Version == "" {
		return "", fmt.Errorf("%s version -json: no terraform_version in %q", binary, out)
	}
	return v.Version, nil
}

// atLeast tells whether version (1.15.9, 1.14.0-beta1) is at least
// major.minor.
func atLeast(version string, major, minor int) bool {
	core, _, _ := strings.Cut(version, "-")
	parts := strings.Split(core, ".")
	if len(parts) < 2 {
		return false
	}
	ma, err1 := strconv.Atoi(parts[0])
	mi, err2 := strconv.Atoi(parts[1])
	if err1 != nil || err2 != nil {
		return false
	}
	return ma > major || (ma == major && mi >= minor)
}

// vmHWM answers the peak RSS in KiB of process pid (VmHWM in
// /proc/<pid>/status), 0 when it cannot be read.
func vmHWM(pid int) int64 {
	raw, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return 0
	}
	for _, line := range strings.Split(string(raw), "\n") {
		if v, ok := strings.CutPrefix(line, "VmHWM:"); ok {
			kb, _ := strconv.ParseInt(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(v), "kB")), 10, 64)
			return kb
		}
	}
	return 0
}

func processUsage(state *os.ProcessState) (*syscall.Rusage, bool) {
	if state == nil {
		return nil, false
	}
	ru, ok := state.SysUsage().(*syscall.Rusage)
	return ru, ok
}

func tail(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return "..." + s[len(s)-n:]
}

// terraformEnv is the environment Terraform runs in: the bench's own CLI
// configuration, no logging, no proxy and no checkpoint call, whatever the
// caller's environment holds; extra is added last.
func terraformEnv(base []string, extra ...string) []string {
	drop := []string{"TF_LOG", "TF_CLI_", "TF_DATA_DIR", "TF_WORKSPACE", "TF_PLUGIN_CACHE", "TF_REATTACH",
		"TF_VAR_", "TF_ACC", "ADMINAPI_", "HTTP_PROXY", "HTTPS_PROXY", "http_proxy", "https_proxy", "REST_API_"}
	env := make([]string, 0, len(base)+len(extra)+4)
next:
	for _, kv := range base {
		for _, p := range drop {
			if strings.HasPrefix(kv, p) {
				continue next
			}
		}
		env = append(env, kv)
	}
	env = append(env, "CHECKPOINT_DISABLE=1", "TF_IN_AUTOMATION=1", "TF_INPUT=0", "NO_PROXY=127.0.0.1,localhost")
	return append(env, extra...)
}
