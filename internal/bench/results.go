package bench

import (
	"bufio"
	"cmp"
	"encoding/json"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"runtime"
	"slices"
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
	Run                 int      `json:"run"` // 1, 2, ... of -repeat
	Tool                string   `json:"tool"`
	Step                string   `json:"step"`
	Status              string   `json:"status"`
	Note                string   `json:"note,omitempty"`
	WallSeconds         float64  `json:"wall_seconds"`
	Calls               *Calls   `json:"calls,omitempty"`
	Provider            *Usage   `json:"provider,omitempty"`
	TerraformCPUSeconds *float64 `json:"terraform_cpu_seconds,omitempty"`
	TerraformPeakRSSMB  *float64 `json:"terraform_peak_rss_mb,omitempty"` // the largest of the terraform processes
	ExitCode            *int     `json:"exit_code,omitempty"`
	Summary             string   `json:"summary,omitempty"` // Terraform's closing line
	// Load is the machine's 1-minute load average as the step began and
	// as it ended (/proc/loadavg): what else was running.
	Load [2]float64 `json:"load"`
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
	Source      string    `json:"source"` // the tree the provider was built from
	PGO         string    `json:"pgo"`    // the provider's go build -pgo
	Repeat      int       `json:"repeat"`
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
		Source: cmp.Or(o.Src, o.Root), PGO: o.PGO, Repeat: o.Repeat,
		Parallelism: o.Parallelism, Workers: o.Workers, Profiles: o.Profiles, path: o.ResultsPath,
	}
}

// record adds rec for the current size and profile, says it, and saves.
func (r *runner) record(rec Record) {
	rec.N, rec.Profile, rec.Run = r.n, r.profile.Name, r.run
	r.res.Records = append(r.res.Records, rec)
	line := fmt.Sprintf("%-8s %-44s %-7s %7.1fs  load %.1f-%.1f", rec.Tool, rec.Step, rec.Status, rec.WallSeconds, rec.Load[0], rec.Load[1])
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
// step and tool in the order they first ran; a cell run more than once
// (-repeat) shows the median of each number over its runs, and the calls
// by route of the run whose wall time is the median.
func (res *Results) Markdown() string {
	var b strings.Builder
	b.WriteString("| N | profile | step | tool | runs | wall s | API calls | calls by route | logins | 429 / 5xx | provider CPU s | provider peak RSS MB | Terraform CPU s | Terraform peak RSS MB | result |\n")
	b.WriteString("|---:|---|---|---|---:|---:|---:|---|---:|---:|---:|---:|---:|---:|---|\n")
	for _, cell := range Cells(res.Records) {
		rec := cell.Median
		calls, routes, logins, retries := "–", "–", "–", "–"
		if c := rec.Calls; c != nil {
			calls, routes = strconv.Itoa(c.Total), c.RouteSummary()
			logins, retries = strconv.Itoa(c.Logins), fmt.Sprintf("%d / %d", c.Throttled, c.Retryable)
		}
		cpu, rss, tfCPU, tfRSS := "–", "–", "–", "–"
		if p := rec.Provider; p != nil && p.Processes > 0 {
			cpu = fmt.Sprintf("%.2f (%d proc)", p.CPUSeconds, p.Processes)
			rss = fmt.Sprintf("%.0f", p.PeakRSSMB)
		}
		if rec.TerraformCPUSeconds != nil {
			tfCPU = fmt.Sprintf("%.2f", *rec.TerraformCPUSeconds)
		}
		if rec.TerraformPeakRSSMB != nil {
			tfRSS = fmt.Sprintf("%.0f", *rec.TerraformPeakRSSMB)
		}
		wall := "–"
		if rec.Status == statusOK || rec.Status == statusFailed {
			wall = fmt.Sprintf("%.1f", rec.WallSeconds)
		}
		result := rec.Status
		if rec.Note != "" {
			result += ": " + firstLine(rec.Note)
		}
		if cell.Failed > 0 && rec.Status == statusOK {
			result = fmt.Sprintf("failed in %d of %d runs; %s", cell.Failed, cell.Runs, result)
		}
		fmt.Fprintf(&b, "| %d | %s | %s | %s | %d | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s |\n",
			rec.N, rec.Profile, rec.Step, rec.Tool, cell.Runs, wall, calls, routes, logins, retries, cpu, rss, tfCPU, tfRSS,
			strings.ReplaceAll(result, "|", `\|`))
	}
	return b.String()
}

// Cell is one size, profile, step and tool over its runs.
type Cell struct {
	Runs   int
	Failed int    // runs not ok
	Median Record // the median of each number over the runs that were ok
}

// Cells groups records by size, profile, step and tool, in the order they
// first appear. Median holds the median of each number (wall, calls,
// logins, provider CPU and peak RSS, Terraform CPU and peak RSS) over the
// runs that were ok, or over all runs when none was; its calls by route,
// status, note and process count are those of the run whose wall time is
// the median (the lower middle one of an even number).
func Cells(records []Record) []Cell {
	type key struct {
		n                   int
		profile, step, tool string
	}
	var order []key
	groups := map[key][]Record{}
	for _, rec := range records {
		k := key{rec.N, rec.Profile, rec.Step, rec.Tool}
		if _, ok := groups[k]; !ok {
			order = append(order, k)
		}
		groups[k] = append(groups[k], rec)
	}
	cells := make([]Cell, 0, len(order))
	for _, k := range order {
		runs := groups[k]
		var ok []Record
		for _, rec := range runs {
			if rec.Status == statusOK {
				ok = append(ok, rec)
			}
		}
		of := ok
		if len(of) == 0 {
			of = runs
		}
		cells = append(cells, Cell{Runs: len(runs), Failed: len(runs) - len(ok), Median: medianRecord(of)})
	}
	return cells
}

// medianRecord is described at Cells; runs is not empty.
func medianRecord(runs []Record) Record {
	byWall := slices.Clone(runs)
	slices.SortStableFunc(byWall, func(a, b Record) int { return cmp.Compare(a.WallSeconds, b.WallSeconds) })
	m := byWall[(len(byWall)-1)/2]
	if len(runs) == 1 {
		return m
	}
	m.Run = 0
	m.WallSeconds = Median(runs, func(r Record) (float64, bool) { return r.WallSeconds, true })
	if m.Calls != nil {
		c := *m.Calls
		c.Total = int(math.Round(Median(runs, func(r Record) (float64, bool) { return callsOf(r, func(c *Calls) int { return c.Total }) })))
		c.Logins = int(math.Round(Median(runs, func(r Record) (float64, bool) { return callsOf(r, func(c *Calls) int { return c.Logins }) })))
		m.Calls = &c
	}
	if m.Provider != nil {
		p := *m.Provider
		p.CPUSeconds = Median(runs, func(r Record) (float64, bool) {
			if r.Provider == nil {
				return 0, false
			}
			return r.Provider.CPUSeconds, true
		})
		p.PeakRSSMB = Median(runs, func(r Record) (float64, bool) {
			if r.Provider == nil {
				return 0, false
			}
			return r.Provider.PeakRSSMB, true
		})
		m.Provider = &p
	}
	if m.TerraformCPUSeconds != nil {
		v := Median(runs, func(r Record) (float64, bool) { return deref(r.TerraformCPUSeconds) })
		m.TerraformCPUSeconds = &v
	}
	if m.TerraformPeakRSSMB != nil {
		v := Median(runs, func(r Record) (float64, bool) { return deref(r.TerraformPeakRSSMB) })
		m.TerraformPeakRSSMB = &v
	}
	return m
}

func callsOf(r Record, f func(*Calls) int) (float64, bool) {
	if r.Calls == nil {
		return 0, false
	}
	return float64(f(r.Calls)), true
}

func deref(p *float64) (float64, bool) {
	if p == nil {
		return 0, false
	}
	return *p, true
}

// Median is the median of what value answers for the records that have
// one (the mean of the two middle ones of an even number), 0 for none.
func Median(records []Record, value func(Record) (float64, bool)) float64 {
	var vs []float64
	for _, r := range records {
		if v, ok := value(r); ok {
			vs = append(vs, v)
		}
	}
	if len(vs) == 0 {
		return 0
	}
	slices.Sort(vs)
	mid := len(vs) / 2
	if len(vs)%2 == 1 {
		return vs[mid]
	}
	return (vs[mid-1] + vs[mid]) / 2
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

// load1 answers the 1-minute load average, 0 when unknown.
func load1() float64 {
	raw, err := os.ReadFile("/proc/loadavg")
	if err != nil {
		return 0
	}
	f := strings.Fields(string(raw))
	if len(f) == 0 {
		return 0
	}
	v, _ := strconv.ParseFloat(f[0], 64)
	return v
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

// LoadResults reads results files and answers one Results holding the
// records of all, in order, with the first file's description.
func LoadResults(paths ...string) (*Results, error) {
	var all *Results
	for _, p := range paths {
		raw, err := os.ReadFile(p)
		if err != nil {
			return nil, err
		}
		var res Results
		if err := json.Unmarshal(raw, &res); err != nil {
			return nil, fmt.Errorf("%s: %w", p, err)
		}
		if all == nil {
			all = &res
			continue
		}
		all.Records = append(all.Records, res.Records...)
	}
	if all == nil {
		return nil, fmt.Errorf("no results file given")
	}
	return all, nil
}
