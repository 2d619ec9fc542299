package bench

import (
	"context"
	"fmt"
	"strings"
	"time"
)

// measure runs one step of tool between two cuts of the access log and
// records it. Only a broken bench (the server's log, the clean-up) is an
// error; a step that fails is a record.
func (r *runner) measure(ctx context.Context, tool, step, dir string, args []string) (Record, error) {
	if r.profile.RateLimit > 0 {
		// The bench's own calls may have emptied the caller's bucket (burst
		// = one second of requests): let it fill before the step.
		select {
		case <-time.After(1500 * time.Millisecond):
		case <-ctx.Done():
			return Record{}, ctx.Err()
		}
	}
	if _, err := r.srv.cut(ctx); err != nil {
		return Record{}, err
	}
	rec := Record{Tool: tool, Step: step, Load: [2]float64{load1()}}
	if tool == toolFloor {
		wall, err := runFloor(ctx, step, r.endpoint, r.srv.Password, r.profile.ClientLimit, r.o.Workers, r.n, r.o.StepTimeout)
		rec.WallSeconds = wall.Seconds()
		rec.Status = statusOK
		if err != nil {
			rec.Status, rec.Note = statusFailed, err.Error()
		}
	} else {
		res, err := r.tf.runWith(ctx, dir, logName(step), r.tf.statsDir, r.pprofEnv(tool, step), args...)
		rec.WallSeconds = res.Wall.Seconds()
		rec.ExitCode = &res.ExitCode
		rec.Summary = res.Summary
		rec.Provider = usageOf(res.Providers)
		cpu, rss := res.TerraformCPU, res.TerraformRSSMB
		rec.TerraformCPUSeconds, rec.TerraformPeakRSSMB = &cpu, &rss
		rec.Status, rec.Note = judge(step, r.n, res)
		if err != nil {
			rec.Status, rec.Note = statusFailed, err.Error()
		}
		if rec.Status == statusFailed && rec.Note == "" {
			rec.Note = res.Output
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

// judge tells whether a Terraform step did what it should, with a note
// where a tool did something else that is not a failure.
func judge(step string, n int, res tfResult) (string, string) {
	s := res.Summary
	want := func(ok bool, exit int) (string, string) {
		if ok && res.ExitCode == exit {
			return statusOK, ""
		}
		return statusFailed, fmt.Sprintf("exit %d: %s", res.ExitCode, s)
	}
	switch step {
	case stepCreate:
		return want(strings.Contains(s, fmt.Sprintf("Resources: %d added, 0 changed, 0 destroyed", n)), 0)
	case stepPlan, stepRefresh:
		return want(true, 0)
	case stepPlanDrift:
		switch {
		case res.ExitCode == 2 && strings.Contains(s, "Plan: 0 to add, 1 to change, 0 to destroy"):
			return statusOK, ""
		case res.ExitCode == 0:
			return statusOK, "sees no change: the user changed outside Terraform stays changed"
		}
		return want(false, 2)
	case stepApplyDrift:
		switch {
		case res.ExitCode == 0 && strings.Contains(s, "0 added, 1 changed, 0 destroyed"):
			return statusOK, ""
		case res.ExitCode == 0 && strings.Contains(s, "0 added, 0 changed, 0 destroyed"):
			return statusOK, "nothing to apply"
		}
		return want(false, 0)
	case stepDestroy:
		return want(strings.Contains(s, fmt.Sprintf("Resources: %d destroyed", n)), 0)
	case stepImport, stepQueryImport:
		clean := fmt.Sprintf("Resources: %d imported, 0 added, 0 changed, 0 destroyed", n)
		switch {
		case res.ExitCode == 0 && strings.Contains(s, clean):
			return statusOK, ""
		case res.ExitCode == 0 && strings.Contains(s, fmt.Sprintf("Resources: %d imported", n)):
			_, rest, _ := strings.Cut(s, "Resources: ")
			return statusOK, "not clean: " + strings.TrimSuffix(rest, ".")
		}
		return want(false, 0)
	case stepQuery:
		return want(true, 0)
	case stepShardApplyAll: // a shard without the changed user
		return want(strings.Contains(s, "0 added, 0 changed, 0 destroyed"), 0)
	}
	return statusFailed, "unknown step " + step
}

func usageOf(procs []ProcessStats) *Usage {
	u := &Usage{Processes: len(procs)}
	for _, p := range procs {
		u.CPUSeconds += p.CPUSeconds
		u.PeakRSSMB = max(u.PeakRSSMB, float64(p.MaxRSSBytes)/(1<<20))
	}
	return u
}

func logName(step string) string {
	return strings.Map(func(c rune) rune {
		if c >= 'a' && c <= 'z' || c >= '0' && c <= '9' {
			return c
		}
		return '-'
	}, step)
}
