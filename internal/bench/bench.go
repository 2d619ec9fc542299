// Package bench measures the provider against a peer (the generic REST
// provider Mastercard/terraform-provider-restapi) and against the floor
// (the same API calls made directly with internal/client) on the
// reference server: wall time, the calls the server saw, the provider
// processes' CPU time and peak RSS, and Terraform's own CPU time, for each
// step of a platform-user lifecycle and of importing existing users. It is
// run by `make bench` (cmd adminapi-bench), never by `make test`.
package bench

import (
	"cmp"
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"time"

	"github.com/adminapi/terraform-provider-adminapi/internal/api"
	"github.com/adminapi/terraform-provider-adminapi/internal/client"
)

// Profile is how far the API is and how hard it limits.
type Profile struct {
	Name        string        `json:"name"`
	Latency     time.Duration `json:"latency"`      // added to every request by a proxy; 0 = none
	RateLimit   float64       `json:"rate_limit"`   // the server's, per caller, requests a second; 0 = none
	ClientLimit float64       `json:"client_limit"` // given to ours (max_requests_per_second) and the floor; 0 = none
	// The peer's rate_limit; 0 = none. The peer never retries a 429 and
	// each of its processes starts with a full bucket, so it needs a
	// margin below the server's limit.
	PeerClientLimit float64 `json:"peer_client_limit"`
}

// The tools measured.
const (
	toolFloor = "floor"
	toolOurs  = "ours"
	toolPeer  = "peer"
)

// The steps, in the order they run.
const (
	stepCreate      = "apply (create)"
	stepPlan        = "plan (no change)"
	stepRefresh     = "plan -refresh-only"
	stepPlanDrift   = "plan (1 user changed outside)"
	stepApplyDrift  = "apply (that change)"
	stepDestroy     = "destroy"
	stepImport      = "import (N existing users)"
	stepQuery       = "import: terraform query"
	stepQueryImport = "import: apply generated config"
)

var lifecycleSteps = []string{stepCreate, stepPlan, stepRefresh, stepPlanDrift, stepApplyDrift, stepDestroy}

// SmallMaxN is the largest N every tool and profile runs at; above it only
// the large tools (ours) run, on loopback, once each.
const SmallMaxN = 1000

// Options says what to run.
type Options struct {
	Root          string // the repository
	Src           string // the tree the provider and the server are built from, and the guide's files read from (default Root)
	Work          string // builds, mirror, working directories (git-ignored)
	ResultsPath   string // results.json
	Terraform     string // the CLI
	TerraformFrom string // where it was found, said in the results
	Command       string // how the bench was started, said in the results
	Sizes         []int
	Profiles      []Profile
	Tools         []string
	Parallelism   int // terraform -parallelism
	Workers       int // the floor's concurrent requests
	StepTimeout   time.Duration
	Log           io.Writer
	// Repeat runs each size up to SmallMaxN this many times, each run a
	// fresh server and fresh working directories; larger sizes run once.
	Repeat int
	// CreateMaxN is the largest N whose users ours creates with an apply;
	// above it they are created directly and brought into one state by
	// terraform query and an apply of the configuration it generates.
	CreateMaxN int
	// Shards, at the sizes in ShardSizes, splits the users into Shards
	// working directories (shard.Of) after the one-state steps, imports
	// each and plans them ShardParallel at a time.
	Shards        int
	ShardSizes    []int
	ShardParallel int
	PprofDir      string // when set, ours writes CPU profiles under it (ADMINAPI_PPROF_DIR), a folder per step
	PGO           string // go build -pgo for ours: auto (default.pgo at the root when present), off, or a file
	// Steps, when not empty, are the only lifecycle steps run (in their
	// order); the imports run only when it holds StepImports.
	Steps []string
}

// StepNames are the short names -steps takes, and the steps they name.
var StepNames = map[string]string{
	"create": stepCreate, "plan": stepPlan, "refresh": stepRefresh, "drift-plan": stepPlanDrift,
	"drift-apply": stepApplyDrift, "destroy": stepDestroy, "import": StepImports,
}

// StepImports in Options.Steps runs the imports.
const StepImports = "imports"

// only answers the steps of Options.Steps, all when it is empty.
func (r *runner) only(steps []string) []string {
	if len(r.o.Steps) == 0 {
		return steps
	}
	var kept []string
	for _, s := range steps {
		if slices.Contains(r.o.Steps, s) {
			kept = append(kept, s)
		}
	}
	return kept
}

type runner struct {
	o      Options
	router *Router
	tf     *terraformCLI
	b      *builds
	res    *Results
	// per size and profile
	n        int
	profile  Profile
	srv      *serverProcess
	endpoint string // what the tools call: the server, or the proxy in front
	admin    *client.Client
	token    string
	run      int // 1, 2, ... of Options.Repeat
}

// Run builds everything, runs every size, profile and tool, writes the
// results after each step and answers them.
func Run(ctx context.Context, o Options) (*Results, error) {
	router, err := NewRouter()
	if err != nil {
		return nil, err
	}
	version, err := terraformVersion(ctx, o.Terraform)
	if err != nil {
		return nil, err
	}
	_, _ = fmt.Fprintf(o.Log, "Terraform v%s: %s (%s)\n", version, o.Terraform, o.TerraformFrom)
	o.Src = cmp.Or(o.Src, o.Root)
	b, err := build(ctx, o.Src, o.Work, slices.Contains(o.Tools, toolPeer), o.PGO, o.Log)
	if err != nil {
		return nil, err
	}
	statsDir := filepath.Join(o.Work, "stats")
	r := &runner{o: o, router: router, b: b,
		tf:  &terraformCLI{Binary: o.Terraform, Version: version, statsDir: statsDir, stepLimit: o.StepTimeout},
		res: newResults(o, version),
	}
	r.tf.env = terraformEnv(os.Environ(),
		"TF_CLI_CONFIG_FILE="+b.cliConfig,
		envRealProviders+"="+b.realDir,
		envStatsDir+"="+statsDir)
	for _, n := range o.Sizes {
		repeat := max(1, o.Repeat)
		if n > SmallMaxN {
			repeat = 1
		}
		for _, p := range o.Profiles {
			if n > SmallMaxN && p.Latency > 0 {
				continue // large sizes on loopback only
			}
			for run := 1; run <= repeat; run++ {
				r.run = run
				if err := r.runProfile(ctx, n, p); err != nil {
					return r.res, err
				}
			}
		}
	}
	r.res.Finished = time.Now().UTC()
	return r.res, r.save()
}

func (r *runner) runProfile(ctx context.Context, n int, p Profile) error {
	r.n, r.profile = n, p
	_, _ = fmt.Fprintf(r.o.Log, "\n== N = %d, %s, run %d (%s)\n", n, p.Name, r.run, time.Now().UTC().Format(time.TimeOnly))
	srv, err := startServer(ctx, r.b.server, r.dir("server"), p)
	if err != nil {
		return err
	}
	defer srv.stop()
	r.srv, r.endpoint = srv, srv.URL
	if p.Latency > 0 {
		proxy, err := startLatencyProxy(srv.URL, p.Latency)
		if err != nil {
			return err
		}
		defer proxy.stop()
		r.endpoint = proxy.URL
	}
	// The bench's own client goes to the server directly, between steps.
	if r.admin, err = newClient(srv.URL, srv.Password, p.RateLimit); err != nil {
		return err
	}
	pair, err := r.admin.Login(ctx, "admin", srv.Password)
	if err != nil {
		return fmt.Errorf("log in for the peer's token: %w", err)
	}
	r.token = pair.Token
	r.tf.apiEnv = []string{
		"ADMINAPI_ENDPOINT=" + r.endpoint, "ADMINAPI_USERNAME=admin", "ADMINAPI_PASSWORD=" + srv.Password,
		"TF_VAR_endpoint=" + r.endpoint, "TF_VAR_token=" + r.token,
	}
	if n > SmallMaxN {
		return r.large(ctx)
	}
	for _, tool := range r.o.Tools {
		if err := r.lifecycle(ctx, tool); err != nil {
			return err
		}
	}
	if len(r.o.Steps) > 0 && !slices.Contains(r.o.Steps, StepImports) {
		return nil
	}
	return r.imports(ctx)
}

// lifecycle runs the five lifecycle steps of tool, then deletes whatever
// bench users are left.
func (r *runner) lifecycle(ctx context.Context, tool string) error {
	if err := r.steps(ctx, tool, r.dir(tool), true, r.only(lifecycleSteps)); err != nil {
		return err
	}
	return r.cleanup(ctx)
}

// steps runs steps of tool in dir, after terraform init when initialise
// (a fresh directory with tool's configuration); after a step fails the
// others are recorded as skipped.
func (r *runner) steps(ctx context.Context, tool, dir string, initialise bool, steps []string) error {
	var failed string
	if tool != toolFloor && initialise {
		if failed = r.initDir(ctx, dir, r.usersConfig(tool)); failed != "" {
			failed = "init: " + failed
		}
	}
	for _, step := range steps {
		if failed != "" {
			r.record(Record{Tool: tool, Step: step, Status: statusSkipped, Note: failed})
			continue
		}
		if step == stepPlanDrift {
			if err := r.drift(ctx); err != nil {
				return err
			}
		}
		rec, err := r.measure(ctx, tool, step, dir, r.stepArgs(step))
		if err != nil {
			return err
		}
		if rec.Status == statusFailed {
			failed = step + " failed"
		}
	}
	return nil
}

// drift changes user 0's name behind Terraform's back.
func (r *runner) drift(ctx context.Context) error {
	name := driftedName
	_, err := r.admin.UpdatePlatformUser(ctx, username(0), api.UpdatePlatformUser{Name: &name})
	return err
}

// cleanup deletes every bench user left on the server.
func (r *runner) cleanup(ctx context.Context) error {
	var left []string
	for u, err := range r.admin.PlatformUsers(ctx, api.PlatformUserFilter{Tag: userTag}) {
		if err != nil {
			return fmt.Errorf("list the users left: %w", err)
		}
		left = append(left, u.Username)
	}
	if err := forEach(ctx, r.o.Workers, left, func(ctx context.Context, name string) error {
		return r.admin.DeletePlatformUser(ctx, name)
	}); err != nil {
		return fmt.Errorf("delete the users left: %w", err)
	}
	return nil
}

func (r *runner) usersConfig(tool string) map[string]string {
	if tool == toolPeer {
		return map[string]string{"main.tf": peerUsers(r.n, r.profile.PeerClientLimit)}
	}
	return map[string]string{"main.tf": oursUsers(r.n, r.profile.ClientLimit)}
}

// initDir writes files into a fresh dir and runs terraform init; it
// answers what failed, or "".
func (r *runner) initDir(ctx context.Context, dir string, files map[string]string) string {
	if err := os.RemoveAll(dir); err != nil {
		return err.Error()
	}
	if err := writeConfig(r.o.Src, dir, files); err != nil {
		return err.Error()
	}
	res, err := r.tf.run(ctx, dir, "init", "init", "-input=false", "-no-color")
	if err != nil {
		return err.Error()
	}
	if res.ExitCode != 0 {
		return "terraform init exited with " + fmt.Sprint(res.ExitCode) + ": " + res.Output
	}
	return ""
}

func (r *runner) stepArgs(step string) []string {
	switch step {
	case stepCreate, stepApplyDrift:
		return []string{"apply", "-auto-approve", "-input=false", "-no-color", r.parallelism()}
	case stepPlan, stepPlanDrift:
		return []string{"plan", "-input=false", "-no-color", "-detailed-exitcode", r.parallelism()}
	case stepRefresh:
		return []string{"plan", "-refresh-only", "-input=false", "-no-color", "-detailed-exitcode", r.parallelism()}
	case stepDestroy:
		return []string{"destroy", "-auto-approve", "-input=false", "-no-color", r.parallelism()}
	}
	return nil
}

func (r *runner) parallelism() string { return fmt.Sprintf("-parallelism=%d", r.o.Parallelism) }

// pprofEnv answers ADMINAPI_PPROF_DIR for ours' processes in step, a
// folder per size, profile, run and step under Options.PprofDir.
func (r *runner) pprofEnv(tool, step string) []string {
	if r.o.PprofDir == "" || tool != toolOurs {
		return nil
	}
	dir := filepath.Join(r.o.PprofDir, fmt.Sprintf("%d-%s-%d", r.n, r.profile.Name, r.run), logName(step))
	return []string{"ADMINAPI_PPROF_DIR=" + dir}
}

// dir is the working directory of one thing of the current size and profile.
func (r *runner) dir(name string) string {
	return filepath.Join(r.o.Work, "runs", fmt.Sprintf("%d-%s", r.n, r.profile.Name), name)
}
