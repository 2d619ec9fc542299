// Command adminapi-bench measures the provider against the peer
// (Mastercard/terraform-provider-restapi) and the floor (direct API calls)
// on the reference server, and prints one markdown table; `make bench`
// runs it from the repository's root. Everything it builds and writes
// stays under bench/ (git-ignored): bench/.work and bench/results.json.
//
//	adminapi-bench [-n 100,1000,5000,10000] [-repeat 3] [-profiles loopback,remote] [-tools floor,ours,peer]
//	adminapi-bench -table bench/results.json[,more.json]
//
// Sizes above 1,000 run ours alone, on loopback, once.
// Started by Terraform as
// terraform-provider-<type>_v<version> (its copies in the bench's mirror),
// it runs the real provider and records its usage instead.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"maps"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/adminapi/terraform-provider-adminapi/internal/bench"
)

func main() {
	if bench.IsProviderWrapper(os.Args[0]) {
		os.Exit(bench.WrapProvider(os.Args))
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	os.Exit(run(ctx, os.Args[1:], os.Stdout, os.Stderr))
}

func run(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	o, table, err := parseOptions(args, stderr)
	if err != nil {
		if !errors.Is(err, flag.ErrHelp) {
			_, _ = fmt.Fprintf(stderr, "adminapi-bench: %v\n", err)
		}
		return 2
	}
	if len(table) > 0 {
		res, err := bench.LoadResults(table...)
		if err != nil {
			_, _ = fmt.Fprintf(stderr, "adminapi-bench: %v\n", err)
			return 1
		}
		_, _ = fmt.Fprint(stdout, res.Markdown())
		return 0
	}
	res, err := bench.Run(ctx, o)
	if res != nil {
		_, _ = fmt.Fprintf(stdout, "\n%s\n%s\nResults: %s\n", res.Terraform, res.Markdown(), o.ResultsPath)
	}
	if err != nil {
		_, _ = fmt.Fprintf(stderr, "adminapi-bench: %v\n", err)
		return 1
	}
	return 0
}

// parseOptions answers the options of a run, or the results files -table
// names.
func parseOptions(args []string, stderr io.Writer) (bench.Options, []string, error) {
	flags := flag.NewFlagSet("adminapi-bench", flag.ContinueOnError)
	flags.SetOutput(stderr)
	root := flags.String("root", ".", "the repository's root")
	src := flags.String("src", "", "build the provider and the server from this tree, e.g. a git archive of one commit (default: -root)")
	sizes := flags.String("n", "100,1000,5000,10000", "numbers of platform users, comma-separated; above 1000 only ours runs, on loopback, once")
	profiles := flags.String("profiles", "loopback,remote", "profiles: loopback (the server directly), remote (a proxy adding -latency, the server limited to -rate-limit)")
	tools := flags.String("tools", "floor,ours,peer", "what to measure: floor (direct API calls), ours, peer")
	terraform := flags.String("terraform", "", "the Terraform CLI (default: ../shared/tools/terraform-*/terraform beside the root when present, else terraform on PATH)")
	latency := flags.Duration("latency", 25*time.Millisecond, "added to every request in the remote profile")
	rateLimit := flags.Float64("rate-limit", 20, "the server's requests per second per caller in the remote profile")
	clientLimit := flags.Float64("client-limit", 20, "the client-side limit of ours and the floor in the remote profile (0 = none)")
	peerLimit := flags.Float64("peer-client-limit", 15, "the peer's rate_limit in the remote profile (0 = none): it never retries a 429")
	parallelism := flags.Int("parallelism", 10, "terraform -parallelism")
	workers := flags.Int("workers", 10, "the floor's concurrent requests")
	stepTimeout := flags.Duration("step-timeout", 30*time.Minute, "the longest one step may run")
	repeat := flags.Int("repeat", 1, "runs of each size up to 1000 (a fresh server each); the table shows the median of each cell")
	createMaxN := flags.Int("create-max-n", 5000, "the largest N ours creates with an apply; above, the users are created directly and imported by terraform query")
	shards := flags.Int("shards", 10, "at the sizes of -shards-at, split the users into this many working directories (0 = none)")
	shardsAt := flags.String("shards-at", "10000", "sizes at which the sharded steps run, comma-separated")
	shardParallel := flags.Int("shard-parallel", 2, "shard commands run at a time")
	pprofDir := flags.String("pprof-dir", "", "write CPU profiles of ours under this folder (ADMINAPI_PPROF_DIR), one folder per step")
	pgo := flags.String("pgo", "auto", "go build -pgo for ours: auto (default.pgo at the root when present), off, or a profile")
	steps := flags.String("steps", "", "run only these lifecycle steps, comma-separated: create, plan, refresh, drift-plan, drift-apply, destroy, import (the imports); default all")
	results := flags.String("results", "", "the results file (default bench/results.json)")
	table := flags.String("table", "", "print the table of these results files (comma-separated) and run nothing")
	if err := flags.Parse(args); err != nil {
		return bench.Options{}, nil, err
	}
	if flags.NArg() > 0 {
		return bench.Options{}, nil, fmt.Errorf("unexpected arguments %v", flags.Args())
	}
	if *table != "" {
		return bench.Options{}, strings.Split(*table, ","), nil
	}
	absRoot, err := filepath.Abs(*root)
	if err != nil {
		return bench.Options{}, nil, err
	}
	o := bench.Options{
		Root: absRoot, Work: filepath.Join(absRoot, "bench", ".work"), ResultsPath: filepath.Join(absRoot, "bench", "results.json"),
		Command:     strings.Join(append([]string{"adminapi-bench"}, args...), " "),
		Parallelism: *parallelism, Workers: *workers, StepTimeout: *stepTimeout, Log: stderr,
		Repeat: *repeat, CreateMaxN: *createMaxN, Shards: *shards, ShardParallel: *shardParallel, PGO: *pgo,
	}
	if *results != "" {
		if o.ResultsPath, err = filepath.Abs(*results); err != nil {
			return o, nil, err
		}
	}
	if *src != "" {
		if o.Src, err = filepath.Abs(*src); err != nil {
			return o, nil, err
		}
	}
	if *pprofDir != "" {
		if o.PprofDir, err = filepath.Abs(*pprofDir); err != nil {
			return o, nil, err
		}
	}
	if *steps != "" {
		names, err := parseList("steps", *steps, slices.Sorted(maps.Keys(bench.StepNames)))
		if err != nil {
			return o, nil, err
		}
		for _, n := range names {
			o.Steps = append(o.Steps, bench.StepNames[n])
		}
	}
	if o.Sizes, err = parseSizes(*sizes); err != nil {
		return o, nil, err
	}
	if o.ShardSizes, err = parseSizes(*shardsAt); err != nil {
		return o, nil, fmt.Errorf("-shards-at: %w", err)
	}
	if o.Profiles, err = parseProfiles(*profiles, *latency, *rateLimit, *clientLimit, *peerLimit); err != nil {
		return o, nil, err
	}
	if o.Tools, err = parseList("tools", *tools, []string{"floor", "ours", "peer"}); err != nil {
		return o, nil, err
	}
	if *parallelism < 1 || *workers < 1 || *repeat < 1 || *shardParallel < 1 || *shards < 0 {
		return o, nil, errors.New("parallelism, workers, repeat and shard-parallel: must be at least 1; shards not negative")
	}
	o.Terraform, o.TerraformFrom, err = findTerraform(*terraform, absRoot)
	return o, nil, err
}

func parseSizes(s string) ([]int, error) {
	var sizes []int
	for _, f := range strings.Split(s, ",") {
		n, err := strconv.Atoi(strings.TrimSpace(f))
		if err != nil || n < 1 || n > 100000 {
			return nil, fmt.Errorf("-n: %q is not a number of users from 1 to 100000", f)
		}
		sizes = append(sizes, n)
	}
	return sizes, nil
}

func parseProfiles(s string, latency time.Duration, rateLimit, clientLimit, peerLimit float64) ([]bench.Profile, error) {
	names, err := parseList("profiles", s, []string{"loopback", "remote"})
	if err != nil {
		return nil, err
	}
	if latency < 0 || rateLimit < 0 || clientLimit < 0 || peerLimit < 0 {
		return nil, errors.New("latency, rate-limit, client-limit and peer-client-limit: must not be negative")
	}
	var ps []bench.Profile
	for _, name := range names {
		p := bench.Profile{Name: name}
		if name == "remote" {
			p.Latency, p.RateLimit, p.ClientLimit, p.PeerClientLimit = latency, rateLimit, clientLimit, peerLimit
		}
		ps = append(ps, p)
	}
	return ps, nil
}

func parseList(flagName, s string, known []string) ([]string, error) {
	var out []string
	for _, f := range strings.Split(s, ",") {
		f = strings.TrimSpace(f)
		if !slices.Contains(known, f) {
			return nil, fmt.Errorf("-%s: %q is not one of %s", flagName, f, strings.Join(known, ", "))
		}
		if !slices.Contains(out, f) {
			out = append(out, f)
		}
	}
	return out, nil
}

// findTerraform answers the CLI to run and where it was found: the one
// given, the newest under ../shared/tools beside root, or PATH's.
func findTerraform(given, root string) (string, string, error) {
	if given != "" {
		path, err := exec.LookPath(given)
		if err != nil {
			return "", "", fmt.Errorf("-terraform: %w", err)
		}
		abs, err := filepath.Abs(path)
		return abs, "given with -terraform", err
	}
	shared, _ := filepath.Glob(filepath.Join(root, "..", "shared", "tools", "terraform-*", "terraform"))
	if len(shared) > 0 {
		slices.SortFunc(shared, compareVersionedPaths)
		return filepath.Clean(shared[len(shared)-1]), "from ../shared/tools", nil
	}
	path, err := exec.LookPath("terraform")
	if err != nil {
		return "", "", errors.New("no Terraform: none under ../shared/tools and none on PATH (give one with -terraform)")
	}
	abs, err := filepath.Abs(path)
	return abs, "from PATH (no ../shared/tools/terraform-*)", err
}

// compareVersionedPaths orders .../terraform-1.9.0/terraform before
// .../terraform-1.15.9/terraform.
func compareVersionedPaths(a, b string) int {
	va := versionParts(filepath.Base(filepath.Dir(a)))
	vb := versionParts(filepath.Base(filepath.Dir(b)))
	return slices.Compare(va, vb)
}

func versionParts(dir string) []int {
	_, v, _ := strings.Cut(dir, "-")
	var parts []int
	for _, p := range strings.Split(v, ".") {
		n, err := strconv.Atoi(p)
		if err != nil {
			break
		}
		parts = append(parts, n)
	}
	return parts
}
