package bench

import (
	"bufio"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"time"
)

// Record statuses.
const (
	statusOK      = "ok"
	statusFailed  = "failed"
	statusSkipped = "skipped"
	statusNA      = "n/a"
)

// Record is one step of one tool.
type Record struct {
	N                   int      `json:"n"`
	Profile             string   `json:"profile"`
	Tool                string   `json:"tool"`
	Step                string   `json:"step"`
	Status              string   `json:"status"`
	Note                string   `json:"note,omitempty"`
	WallSeconds         float64  `json:"wall_seconds"`
	Calls               *Calls   `json:"calls,omitempty"`
	Provider            *Usage   `json:"provider,omitempty"`
	TerraformCPUSeconds *float64 `json:"terraform_cpu_seconds,omitempty"`
	ExitCode            *int     `json:"exit_code,omitempty"`
	Summary             string   `json:"summary,omitempty"` // Terraform's closing line
}

// Usage adds up the provider processes of one Terraform command.
type Usage struct {
	Processes  int     `json:"processes"`
	CPUSeconds float64 `json:"cpu_seconds"`
	PeakRSSMB  float64 `json:"peak_rss_mb"` // the largest of the processes
}

// Results is what results.json holds.
type Results struct {
	Started     time.Time `json:"started"`
	Finished    time.Time `json:"finished,omitzero"`
	Command     string    `json:"command"`
	Machine     Machine   `json:"machine"`
	Terraform   string    `json:"terraform"` // version, path and where it was found
	Go          string    `json:"go"`
	Peer        string    `json:"peer"`
	Parallelism int       `json:"parallelism"`
	Workers     int       `json:"floor_workers"`
	Profiles    []Profile `json:"profiles"`
	Records     []Record  `json:"records"`
	path        string
}

// Machine is what the numbers were measured on.
type Machine struct {
	CPUs      int     `json:"cpus"`
	CPUModel  string  `json:"cpu_model"`
	MemoryGiB float64 `json:"memory_gib"`
}

func newResults(o Options, version string) *Results {
	return &Results{
		Started: time.Now().UTC(), Command: o.Command, Machine: thisMachine(),
		Terraform: fmt.Sprintf("Terraform v%s (%s, %s)", version, o.Terraform, o.TerraformFrom),
		Go:        runtime.Version(), Peer: fmt.Sprintf("%s v%s", peerModule, peerVersion),
		Parallelism: o.Parallelism, Workers: o.Workers, Profiles: o.Profiles, path: o.ResultsPath,
	}
}

// record adds rec for the current size and profile, says it, and saves.
func (r *runner) record(rec Record) {
	rec.N, rec.Profile = r.n, r.profile.Name
	r.res.Records = append(r.res.Records, rec)
	line := fmt.Sprintf("%-8s %-32s %-7s %7.1fs", rec.Tool, rec.Step, rec.Status, rec.WallSeconds)
	if rec.Calls != nil {
		line += fmt.Sprintf("  %d calls", rec.Calls.Total)
	}
	if rec.Note != "" {
		line += "  (" + firstLine(rec.Note) + ")"
	}
	_, _ = fmt.Fprintln(r.o.Log, line)
	if err := r.save(); err != nil {
		_, _ = fmt.Fprintf(r.o.Log, "saving %s: %v\n", r.res.path, err)
	}
}

func (r *runner) save() error {
	raw, err := json.MarshalIndent(r.res, "", "  ")
	if err != nil {
		return err
	}
	if err := os.MkdirAll(filepath.Dir(r.res.path), 0o755); err != nil {
		return err
	}
	return os.WriteFile(r.res.path, append(raw, '\n'), 0o644)
}

// Markdown renders the records as one table, a row per size, profile,
// step and tool.
func (res *Results) Markdown() string {
	var b strings.Builder
	b.WriteString("| N | profile | step | tool | wall s | API calls | calls by route | logins | 429 / 5xx | provider CPU s | provider peak RSS MB | Terraform CPU s | result |\n")
	b.WriteString("|---:|---|---|---|---:|---:|---|---:|---:|---:|---:|---:|---|\n")
	for _, rec := range res.Records {
		calls, routes, logins, retries := "–", "–", "–", "–"
		if c := rec.Calls; c != nil {
			calls, routes = strconv.Itoa(c.Total), c.RouteSummary()
			logins, retries = strconv.Itoa(c.Logins), fmt.Sprintf("%d / %d", c.Throttled, c.Retryable)
		}
		cpu, rss, tfCPU := "–", "–", "–"
		if p := rec.Provider; p != nil && p.Processes > 0 {
			cpu = fmt.Sprintf("%.2f (%d proc)", p.CPUSeconds, p.Processes)
			rss = fmt.Sprintf("%.0f", p.PeakRSSMB)
		}
		if rec.TerraformCPUSeconds != nil {
			tfCPU = fmt.Sprintf("%.2f", *rec.TerraformCPUSeconds)
		}
		wall := "–"
		if rec.Status == statusOK || rec.Status == statusFailed {
			wall = fmt.Sprintf("%.1f", rec.WallSeconds)
		}
		result := rec.Status
		if rec.Note != "" {
			result += ": " + firstLine(rec.Note)
		}
		fmt.Fprintf(&b, "| %d | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s |\n",
			rec.N, rec.Profile, rec.Step, rec.Tool, wall, calls, routes, logins, retries, cpu, rss, tfCPU,
			strings.ReplaceAll(result, "|", `\|`))
	}
	return b.String()
}

func firstLine(s string) string {
	s = strings.TrimSpace(s)
	if i := strings.IndexByte(s, '\n'); i >= 0 {
		s = s[:i]
	}
	if len(s) > 160 {
		s = s[:160] + "..."
	}
	return s
}

func thisMachine() Machine {
	m := Machine{CPUs: runtime.NumCPU()}
	m.CPUModel = procField("/proc/cpuinfo", "model name")
	if kb, err := strconv.ParseFloat(strings.TrimSuffix(procField("/proc/meminfo", "MemTotal"), " kB"), 64); err == nil {
		m.MemoryGiB = kb / (1 << 20)
	}
	return m
}

// procField answers the value of the first "key: value" line of a /proc file.
func procField(path, key string) string {
	f, err := os.Open(path)
	if err != nil {
		return ""
	}
	defer func() { _ = f.Close() }()
	s := bufio.NewScanner(f)
	for s.Scan() {
		k, v, ok := strings.Cut(s.Text(), ":")
		if ok && strings.TrimSpace(k) == key {
			return strings.TrimSpace(v)
		}
	}
	return ""
}
