package provider_test

import (
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/adminapi/terraform-provider-adminapi/internal/acctest"
)

// largeEstatesGitLabFile is what the tests read of the guide's GitLab CI
// file: its variables, the hidden job .shard that plan and apply extend
// (variables and the matrix), and those two jobs.
type largeEstatesGitLabFile struct {
	Variables map[string]any `yaml:"variables"`
	Shard     struct {
		Variables map[string]string `yaml:"variables"`
		Parallel  struct {
			Matrix []struct {
				ShardCount string   `yaml:"SHARD_COUNT"`
				ShardIndex []string `yaml:"SHARD_INDEX"`
			} `yaml:"matrix"`
		} `yaml:"parallel"`
	} `yaml:".shard"`
	Plan  largeEstatesGitLabJob `yaml:"plan"`
	Apply largeEstatesGitLabJob `yaml:"apply"`
}

type largeEstatesGitLabJob struct {
	Extends   string            `yaml:"extends"`
	Variables map[string]string `yaml:"variables"`
	Script    []string          `yaml:"script"`
	Artifacts struct {
		Paths []string `yaml:"paths"`
	} `yaml:"artifacts"`
}

func readLargeEstatesGitLab(t *testing.T) largeEstatesGitLabFile {
	t.Helper()
	var gl largeEstatesGitLabFile
	readYAML(t, largeEstatesGitLab, &gl)
	if gl.Plan.Extends != ".shard" || gl.Apply.Extends != ".shard" || len(gl.Shard.Parallel.Matrix) != 1 {
		t.Fatalf("%s: want plan and apply extending .shard, which has one matrix entry", largeEstatesGitLab)
	}
	return gl
}

// largeEstatesGitLabJobs are the plan and apply jobs of the GitLab CI file
// for shard index of count, as GitLab runs them: the file's variables,
// then the job's (.shard's, its own, the matrix's), then the project's
// (project: CI/CD variables of the settings) and, for a pipeline run by
// hand with ADOPT, that one; each value and each command with the
// variables expanded.
func largeEstatesGitLabJobs(t *testing.T, count, index int, adopt bool, predefined, project map[string]string) (plan, apply largeEstatesJob) {
	t.Helper()
	gl := readLargeEstatesGitLab(t)
	job := func(name string, j largeEstatesGitLabJob) largeEstatesJob {
		vars := maps.Clone(predefined)
		for k, v := range gl.Variables {
			switch v := v.(type) {
			case string:
				vars[k] = v
			case map[string]any:
				vars[k] = fmt.Sprint(v["value"])
			default:
				t.Fatalf("%s: variable %s: %v", largeEstatesGitLab, k, v)
			}
		}
		maps.Copy(vars, gl.Shard.Variables)
		maps.Copy(vars, j.Variables)
		vars["SHARD_COUNT"], vars["SHARD_INDEX"] = strconv.Itoa(count), strconv.Itoa(index)
		maps.Copy(vars, project)
		if adopt {
			vars["ADOPT"] = "true"
		}
		expand := func(s string) string {
			for range 3 {
				s = os.Expand(s, func(k string) string { return vars[k] })
			}
			return s
		}
		out := largeEstatesJob{name: fmt.Sprintf("GitLab %s shard %d of %d", name, index, count)}
		for _, k := range slices.Sorted(maps.Keys(vars)) {
			out.env = append(out.env, k+"="+expand(vars[k]))
		}
		for _, line := range j.Script {
			out.commands = append(out.commands, terraformCommands(expand(line))...)
		}
		for _, p := range j.Artifacts.Paths {
			out.artifacts = append(out.artifacts, strings.TrimPrefix(expand(p), "adminapi/"))
		}
		return out
	}
	return job("plan", gl.Plan), job("apply", gl.Apply)
}

// TestLargeEstatesGitLabFile: the GitLab CI file's matrix lists the number
// of shards of variables.tf and every index below it; its jobs run the
// GitHub workflow's terraform commands (the saved plan named after the
// shard), as the same API client.
func TestLargeEstatesGitLabFile(t *testing.T) {
	gl := readLargeEstatesGitLab(t)
	count := largeEstatesShardCount(t)
	m := gl.Shard.Parallel.Matrix[0]
	var want []string
	for i := range count {
		want = append(want, strconv.Itoa(i))
	}
	if m.ShardCount != strconv.Itoa(count) || !slices.Equal(m.ShardIndex, want) {
		t.Errorf("the GitLab matrix: SHARD_COUNT %s, SHARD_INDEX %v; want %d and %v (variables.tf)", m.ShardCount, m.ShardIndex, count, want)
	}
	ghPlan, ghApply := largeEstatesJobs(t, count, 1, false, map[string]string{
		"vars.ADMINAPI_ENDPOINT": "", "vars.TF_HTTP_ADDRESS_PREFIX": "", "vars.TF_HTTP_USERNAME": "",
		"secrets.TF_HTTP_PASSWORD": "", "secrets.ADMINAPI_CLIENT_SECRET": "",
	})
	glPlan, glApply := largeEstatesGitLabJobs(t, count, 1, false, map[string]string{}, map[string]string{})
	planFile := fmt.Sprintf("tfplan-1-of-%d", count)
	for _, c := range []struct{ gh, gl largeEstatesJob }{{ghPlan, glPlan}, {ghApply, glApply}} {
		var glCommands [][]string
		for _, cmd := range c.gl.commands {
			glCommands = append(glCommands, strings.Fields(strings.NewReplacer("-out="+planFile, "-out=tfplan", planFile, "tfplan").Replace(strings.Join(cmd, " "))))
		}
		if !slices.EqualFunc(glCommands, c.gh.commands, slices.Equal) {
			t.Errorf("%s runs %q, %s %q", c.gh.name, c.gh.commands, c.gl.name, c.gl.commands)
		}
	}
	if !slices.Contains(glPlan.artifacts, planFile) {
		t.Errorf("GitLab's plan job keeps %v, not %s", glPlan.artifacts, planFile)
	}
	envOf := func(j largeEstatesJob, k string) string {
		for _, kv := range j.env {
			if name, v, _ := strings.Cut(kv, "="); name == k {
				return v
			}
		}
		return ""
	}
	for _, k := range []string{"ADMINAPI_CLIENT_ID", "ADMINAPI_PERMISSION_CHECK", "TF_VAR_adopt", "TF_VAR_shard_count", "TF_VAR_shard_index"} {
		if envOf(ghPlan, k) != envOf(glPlan, k) {
			t.Errorf("%s: %q on GitHub, %q on GitLab", k, envOf(ghPlan, k), envOf(glPlan, k))
		}
	}
}

// TestAccLargeEstates_gitlab runs the guide's configuration with the
// commands and the variables of the GitLab CI file's plan and apply jobs
// for each shard, each shard's state where GitLab keeps it: the pipeline
// run by hand with ADOPT imports each shard's users into its own state
// with no change, and the next pipeline plans nothing.
func TestAccLargeEstates_gitlab(t *testing.T) {
	tf := acctest.NewTerraform(t)
	p := newLargeEstatesPipeline(t, tf)
	const jobToken = "gitlab-job-token"
	p.states = startLargeEstatesStates(t, "gitlab-ci-token", jobToken)
	p.statePrefix = "adminapi-"
	predefined := map[string]string{"CI_API_V4_URL": p.states.URL, "CI_PROJECT_ID": "42", "CI_JOB_TOKEN": jobToken}
	project := map[string]string{"ADMINAPI_ENDPOINT": p.srv.URL, "ADMINAPI_CLIENT_SECRET": p.values["secrets.ADMINAPI_CLIENT_SECRET"]}
	p.jobs = func(t *testing.T, count, index int, adopt bool) (largeEstatesJob, largeEstatesJob) {
		return largeEstatesGitLabJobs(t, count, index, adopt, predefined, project)
	}
	users := readLargeEstatesUsers(t, filepath.Join(p.repo, "users.json"))
	createLargeEstate(t, p.srv, users)
	before := largeEstatesUpdated(t, p.srv)
	count := largeEstatesShardCount(t)
	for i := range count {
		wantUsers, wantRoles := largeEstatesShard(users, count, i)
		planDir, _ := p.plan(t, count, i, true,
			fmt.Sprintf("Plan: %d to import, 1 to add, 0 to change, 0 to destroy.", len(wantUsers)+len(wantRoles)))
		p.apply(t, count, i, true, planDir)
	}
	p.checkShards(t, users, count)
	p.checkPlatform(t, users, before)
	for i := range count {
		p.plan(t, count, i, false, "No changes.")
	}
}
