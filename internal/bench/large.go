package bench

import (
	"context"
	"fmt"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/adminapi/terraform-provider-adminapi/internal/shard"
)

// The steps of sizes above SmallMaxN that the small ones do not have.
const (
	stepShardImport   = "shards: import (for_each import blocks)"
	stepShardPlan     = "shards: plan (no change)"
	stepShardApplyOne = "shards: apply (that change), its shard alone"
	stepShardApplyAll = "shards: apply (that change), every shard"
)

// large measures ours alone at a size above
// SmallMaxN, once. Up to CreateMaxN users the lifecycle runs as for the
// small sizes, then the import by terraform query; above, the users are
// created directly, brought into one state by terraform query and an apply
// of what it generated, and the lifecycle's other steps run in that state.
// At the sizes in ShardSizes the sharded steps follow the one-state ones.
// Options.Steps leaves steps out as for the small sizes (above CreateMaxN
// the import by terraform query always runs: it makes the state).
// The guide's for_each import and the other tools do not run: the peer's
// destroy of 1,000 users took 107 s and its steps grow faster than N.
func (r *runner) large(ctx context.Context) error {
	if !slices.Contains(r.o.Tools, toolOurs) {
		return nil
	}
	apply := []string{"apply", "-auto-approve", "-input=false", "-no-color", r.parallelism()}
	if r.n <= r.o.CreateMaxN {
		if err := r.steps(ctx, toolOurs, r.dir(toolOurs), true, r.only(lifecycleSteps)); err != nil {
			return err
		}
		if err := r.cleanup(ctx); err != nil {
			return err
		}
		if err := r.seed(ctx); err != nil {
			return err
		}
		if err := r.importByQuery(ctx, apply); err != nil {
			return err
		}
		return r.cleanup(ctx)
	}
	if err := r.seed(ctx); err != nil {
		return err
	}
	if err := r.importByQuery(ctx, apply); err != nil {
		return err
	}
	dir := r.dir("ours-query")
	if err := r.steps(ctx, toolOurs, dir, false, r.only([]string{stepPlan, stepRefresh, stepPlanDrift, stepApplyDrift})); err != nil {
		return err
	}
	if r.o.Shards > 1 && slices.Contains(r.o.ShardSizes, r.n) {
		if err := r.shards(ctx); err != nil {
			return err
		}
	}
	if err := r.steps(ctx, toolOurs, dir, false, r.only([]string{stepDestroy})); err != nil {
		return err
	}
	return r.cleanup(ctx)
}

// seed creates the N users directly.
func (r *runner) seed(ctx context.Context) error {
	_, _ = fmt.Fprintf(r.o.Log, "seeding %d users\n", r.n)
	if err := forEach(ctx, r.o.Workers, usernames(r.n), func(ctx context.Context, name string) error {
		return createUser(ctx, r.admin, indexOf(name))
	}); err != nil {
		return fmt.Errorf("seed users: %w", err)
	}
	return nil
}

// ShardSizes answers how many of the first n bench users each of count
// shards holds (shard.Of).
func ShardSizes(n, count int) []int {
	sizes := make([]int, count)
	for _, u := range usernames(n) {
		sizes[shard.Of(u, int64(count))]++
	}
	return sizes
}

// shardJob is one Terraform command of a batch.
type shardJob struct {
	dir  string
	args []string
	// judge tells whether its outcome is what the step wants.
	judge func(tfResult) (string, string)
}

// shards imports the N users (on the server, in one state already) into
// Shards working directories, each managing its shard's users (the shard
// expression in HCL), then measures a no-change plan of every shard,
// ShardParallel at a time, and an apply of one user's change: in its
// shard alone, and in every shard.
func (r *runner) shards(ctx context.Context) error {
	k := r.o.Shards
	sizes := ShardSizes(r.n, k)
	dirs := make([]string, k)
	for i := range k {
		dirs[i] = r.dir(fmt.Sprintf("ours-shard-%02d-of-%d", i, k))
		files := map[string]string{"main.tf": oursShard(r.n, k, i, r.profile.ClientLimit)}
		if failed := r.initDir(ctx, dirs[i], files); failed != "" {
			r.record(Record{Tool: toolOurs, Step: stepShardImport, Status: statusFailed, Note: "init: " + failed})
			return nil
		}
	}
	apply := []string{"apply", "-auto-approve", "-input=false", "-no-color", r.parallelism()}
	plan := []string{"plan", "-input=false", "-no-color", "-detailed-exitcode", r.parallelism()}
	jobs := func(args []string, judge func(i int, res tfResult) (string, string)) []shardJob {
		js := make([]shardJob, k)
		for i := range k {
			js[i] = shardJob{dir: dirs[i], args: args, judge: func(res tfResult) (string, string) { return judge(i, res) }}
		}
		return js
	}
	imported := jobs(apply, func(i int, res tfResult) (string, string) { return judge(stepImport, sizes[i], res) })
	if rec, err := r.measureBatch(ctx, stepShardImport, imported); err != nil || rec.Status != statusOK {
		return err
	}
	if _, err := r.measureBatch(ctx, stepShardPlan, jobs(plan, func(_ int, res tfResult) (string, string) {
		return judge(stepPlan, 0, res)
	})); err != nil {
		return err
	}
	// One user changed outside Terraform: an apply in its shard alone puts
	// it back; then the same change, and an apply in every shard.
	owner := int(shard.Of(username(0), int64(k)))
	for _, all := range []bool{false, true} {
		if err := r.drift(ctx); err != nil {
			return err
		}
		step, js := stepShardApplyOne, []shardJob{{dir: dirs[owner], args: apply, judge: func(res tfResult) (string, string) {
			return judge(stepApplyDrift, 0, res)
		}}}
		if all {
			step = stepShardApplyAll
			js = jobs(apply, func(i int, res tfResult) (string, string) {
				if i == owner {
					return judge(stepApplyDrift, 0, res)
				}
				return judge(stepShardApplyAll, 0, res)
			})
		}
		if _, err := r.measureBatch(ctx, step, js); err != nil {
			return err
		}
	}
	return nil
}

// measureBatch runs jobs ShardParallel at a time between two cuts of the
// access log and records them as one step of ours: the wall time of the
// whole batch, every call, the provider's and Terraform's CPU added up
// over the commands, the peak RSS the largest of them.
func (r *runner) measureBatch(ctx context.Context, step string, jobs []shardJob) (Record, error) {
	if _, err := r.srv.cut(ctx); err != nil {
		return Record{}, err
	}
	rec := Record{Tool: toolOurs, Step: step, Status: statusOK, Provider: &Usage{}, Load: [2]float64{load1()}}
	var mu sync.Mutex
	var tfCPU, tfRSS float64
	var notes []string
	sem := make(chan struct{}, max(1, r.o.ShardParallel))
	var wg sync.WaitGroup
	start := time.Now()
	for i, job := range jobs {
		sem <- struct{}{}
		wg.Go(func() {
			defer func() { <-sem }()
			stats := filepath.Join(r.tf.statsDir, fmt.Sprintf("batch-%d", i))
			res, err := r.tf.runWith(ctx, job.dir, logName(step), stats, r.pprofEnv(toolOurs, step), job.args...)
			status, note := job.judge(res)
			if err != nil {
				status, note = statusFailed, err.Error()
			}
			u := usageOf(res.Providers)
			mu.Lock()
			defer mu.Unlock()
			tfCPU += res.TerraformCPU
			tfRSS = max(tfRSS, res.TerraformRSSMB)
			rec.Provider.Processes += u.Processes
			rec.Provider.CPUSeconds += u.CPUSeconds
			rec.Provider.PeakRSSMB = max(rec.Provider.PeakRSSMB, u.PeakRSSMB)
			if status != statusOK {
				rec.Status = statusFailed
				if note == "" {
					note = res.Output
				}
				notes = append(notes, filepath.Base(job.dir)+": "+firstLine(note))
			}
		})
	}
	wg.Wait()
	rec.WallSeconds = time.Since(start).Seconds()
	rec.TerraformCPUSeconds, rec.TerraformPeakRSSMB = &tfCPU, &tfRSS
	slices.Sort(notes)
	rec.Note = strings.Join(notes, "; ")
	if rec.Status == statusOK {
		rec.Note = "1 command"
		if len(jobs) > 1 {
			rec.Note = fmt.Sprintf("%d commands, %d at a time", len(jobs), min(len(jobs), max(1, r.o.ShardParallel)))
		}
	}
	reqs, err := r.srv.cut(ctx)
	if err != nil {
		return rec, err
	}
	calls := r.router.Count(reqs)
	rec.Calls = &calls
	rec.Load[1] = load1()
	r.record(rec)
	return rec, nil
}
