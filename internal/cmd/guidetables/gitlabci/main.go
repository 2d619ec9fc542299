// Command gitlabci checks GitLab CI files as far as it can without GitLab
// (see lintGitLabCI), for scripts/validate-examples.sh, which runs it on
// the CI files of the guide "Running Terraform in a pipeline":
//
//	go run ./internal/cmd/guidetables/gitlabci examples/ci/gitlab/.gitlab-ci.yml
//
// It prints each problem as file: job: what, and exits with 1 when there
// is one. It imports nothing of the provider, so that it runs while the
// provider does not build.
package main

import (
	"errors"
	"fmt"
	"maps"
	"os"
	"slices"
	"strings"

	"gopkg.in/yaml.v3"
)

func main() {
	os.Exit(lintFiles(os.Args[1:]))
}

func lintFiles(paths []string) int {
	if len(paths) == 0 {
		fmt.Fprintln(os.Stderr, "usage: gitlabci FILE...")
		return 2
	}
	code := 0
	for _, p := range paths {
		data, err := os.ReadFile(p)
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			code = 1
			continue
		}
		for _, e := range lintGitLabCI(data) {
			fmt.Fprintf(os.Stderr, "%s: %v\n", p, e)
			code = 1
		}
	}
	return code
}

// GitLab CI's global keywords; every other top-level key is a job (a
// hidden one, a template for extends, when it starts with a dot).
var gitlabGlobal = map[string]bool{
	"default": true, "include": true, "stages": true, "variables": true, "workflow": true,
	"image": true, "services": true, "cache": true, "before_script": true, "after_script": true,
}

// gitlabJobKeys are the keywords a job may hold.
var gitlabJobKeys = map[string]bool{
	"after_script": true, "allow_failure": true, "artifacts": true, "before_script": true, "cache": true,
	"coverage": true, "dast_configuration": true, "dependencies": true, "environment": true, "extends": true,
	"hooks": true, "id_tokens": true, "identity": true, "image": true, "inherit": true, "interruptible": true,
	"manual_confirmation": true, "needs": true, "pages": true, "parallel": true, "release": true,
	"resource_group": true, "retry": true, "rules": true, "run": true, "script": true, "secrets": true,
	"services": true, "stage": true, "tags": true, "timeout": true, "trigger": true, "variables": true,
	"when": true, "only": true, "except": true,
}

var (
	gitlabWhen      = []string{"on_success", "on_failure", "always", "manual", "delayed", "never"}
	gitlabRuleKeys  = []string{"if", "changes", "exists", "when", "allow_failure", "variables", "needs", "start_in", "interruptible"}
	gitlabDefStages = []string{".pre", "build", "test", "deploy", ".post"}
)

// lintGitLabCI checks a .gitlab-ci.yml as far as it can without GitLab:
// it parses as YAML; every job (after extends) has a stage that stages
// declares and a script of commands; no job holds an unknown keyword; needs
// and dependencies name jobs of the file in the same or an earlier stage;
// when, rules, variables, environment and artifacts have their shapes.
func lintGitLabCI(data []byte) []error {
	var doc map[string]any
	if err := yaml.Unmarshal(data, &doc); err != nil {
		return []error{err}
	}
	if len(doc) == 0 {
		return []error{errors.New("no job")}
	}
	var errs []error
	bad := func(format string, args ...any) { errs = append(errs, fmt.Errorf(format, args...)) }

	stages := gitlabDefStages
	if raw, ok := doc["stages"]; ok {
		list, ok := stringList(raw)
		if !ok || len(list) == 0 {
			bad("stages: want a list of stage names")
		}
		stages = slices.Concat([]string{".pre"}, list, []string{".post"})
	}
	if v, ok := doc["variables"]; ok {
		errs = append(errs, lintVariables("variables", v)...)
	}
	if w, ok := doc["workflow"]; ok {
		if m, ok := w.(map[string]any); !ok {
			bad("workflow: want a mapping")
		} else if r, ok := m["rules"]; ok {
			errs = append(errs, lintRules("workflow", r)...)
		}
	}

	jobs := map[string]map[string]any{}
	for _, name := range slices.Sorted(maps.Keys(doc)) {
		if gitlabGlobal[name] {
			continue
		}
		job, ok := doc[name].(map[string]any)
		if !ok {
			bad("%s: a job must be a mapping", name)
			continue
		}
		jobs[name] = job
	}
	stageOf := map[string]int{}
	var visible []string
	for _, name := range slices.Sorted(maps.Keys(jobs)) {
		if strings.HasPrefix(name, ".") {
			continue
		}
		job, err := resolveExtends(name, jobs, nil)
		if err != nil {
			errs = append(errs, err)
			continue
		}
		jobs[name] = job
		visible = append(visible, name)
		for _, k := range slices.Sorted(maps.Keys(job)) {
			if !gitlabJobKeys[k] {
				bad("%s: unknown keyword %q", name, k)
			}
		}
		stage, _ := job["stage"].(string)
		switch i := slices.Index(stages, stage); {
		case job["stage"] == nil:
			bad("%s: no stage", name)
		case i < 0:
			bad("%s: stage %q is not in stages %v", name, stage, stages)
		default:
			stageOf[name] = i
		}
		if _, ok := job["trigger"]; !ok {
			if cmds, ok := commands(job["script"]); !ok || len(cmds) == 0 {
				bad("%s: no script: want a command or a list of commands", name)
			}
		}
		for _, k := range []string{"before_script", "after_script"} {
			if v, ok := job[k]; ok {
				if _, ok := commands(v); !ok {
					bad("%s: %s: want a command or a list of commands", name, k)
				}
			}
		}
		if w, ok := job["when"]; ok && !slices.Contains(gitlabWhen, fmt.Sprint(w)) {
			bad("%s: when %v: want one of %v", name, w, gitlabWhen)
		}
		if r, ok := job["rules"]; ok {
			errs = append(errs, lintRules(name, r)...)
		}
		if v, ok := job["variables"]; ok {
			errs = append(errs, lintVariables(name+": variables", v)...)
		}
		errs = append(errs, lintEnvironment(name, job["environment"])...)
		errs = append(errs, lintArtifacts(name, job["artifacts"])...)
	}
	if len(visible) == 0 {
		bad("no job: every top-level key is a global keyword or a hidden job")
	}
	for _, name := range visible {
		for _, k := range []string{"needs", "dependencies"} {
			raw, ok := jobs[name][k]
			if !ok {
				continue
			}
			list, ok := raw.([]any)
			if !ok {
				bad("%s: %s: want a list of jobs", name, k)
				continue
			}
			for _, item := range list {
				other := fmt.Sprint(item)
				if m, ok := item.(map[string]any); ok {
					other = fmt.Sprint(m["job"])
				}
				i, ok := stageOf[other]
				switch {
				case !slices.Contains(visible, other):
					bad("%s: %s names %q, which is no job of the file", name, k, other)
				case ok && i > stageOf[name]:
					bad("%s: %s names %q, a job of a later stage", name, k, other)
				}
			}
		}
	}
	return errs
}

// resolveExtends is job name with the jobs it extends merged under it, as
// GitLab merges them: mappings key by key, anything else replaced.
func resolveExtends(name string, jobs map[string]map[string]any, seen []string) (map[string]any, error) {
	if slices.Contains(seen, name) {
		return nil, fmt.Errorf("%s: extends loops: %s", seen[0], strings.Join(append(seen, name), " -> "))
	}
	job, ok := jobs[name]
	if !ok {
		return nil, fmt.Errorf("%s: extends %q, which is no job of the file", seen[len(seen)-1], name)
	}
	raw, ok := job["extends"]
	if !ok {
		return job, nil
	}
	parents, ok := stringList(raw)
	if !ok {
		return nil, fmt.Errorf("%s: extends: want a job name or a list of them", name)
	}
	merged := map[string]any{}
	for _, p := range parents {
		base, err := resolveExtends(p, jobs, append(seen, name))
		if err != nil {
			return nil, err
		}
		merged = deepMerge(merged, base)
	}
	merged = deepMerge(merged, job)
	delete(merged, "extends")
	return merged, nil
}

func deepMerge(base, over map[string]any) map[string]any {
	out := maps.Clone(base)
	for k, v := range over {
		if bm, ok := out[k].(map[string]any); ok {
			if om, ok := v.(map[string]any); ok {
				out[k] = deepMerge(bm, om)
				continue
			}
		}
		out[k] = v
	}
	return out
}

// stringList reads a string or a list of strings.
func stringList(v any) ([]string, bool) {
	switch v := v.(type) {
	case string:
		return []string{v}, true
	case []any:
		out := make([]string, 0, len(v))
		for _, item := range v {
			s, ok := item.(string)
			if !ok {
				return nil, false
			}
			out = append(out, s)
		}
		return out, true
	}
	return nil, false
}

// commands reads a script: a command, or a list of commands and of lists
// of commands (GitLab flattens one level).
func commands(v any) ([]string, bool) {
	if s, ok := v.(string); ok {
		return []string{s}, strings.TrimSpace(s) != ""
	}
	list, ok := v.([]any)
	if !ok {
		return nil, false
	}
	var out []string
	for _, item := range list {
		if nested, ok := item.([]any); ok {
			inner, ok := stringList(nested)
			if !ok {
				return nil, false
			}
			out = append(out, inner...)
			continue
		}
		s, ok := item.(string)
		if !ok || strings.TrimSpace(s) == "" {
			return nil, false
		}
		out = append(out, s)
	}
	return out, true
}

func lintRules(where string, v any) []error {
	list, ok := v.([]any)
	if !ok {
		return []error{fmt.Errorf("%s: rules: want a list of rules", where)}
	}
	var errs []error
	for i, item := range list {
		rule, ok := item.(map[string]any)
		if !ok {
			errs = append(errs, fmt.Errorf("%s: rules[%d]: want a mapping", where, i))
			continue
		}
		for _, k := range slices.Sorted(maps.Keys(rule)) {
			if !slices.Contains(gitlabRuleKeys, k) {
				errs = append(errs, fmt.Errorf("%s: rules[%d]: unknown keyword %q", where, i, k))
			}
		}
		if w, ok := rule["when"]; ok && !slices.Contains(gitlabWhen, fmt.Sprint(w)) {
			errs = append(errs, fmt.Errorf("%s: rules[%d]: when %v: want one of %v", where, i, w, gitlabWhen))
		}
		if c, ok := rule["if"]; ok {
			if s, ok := c.(string); !ok || strings.TrimSpace(s) == "" {
				errs = append(errs, fmt.Errorf("%s: rules[%d]: if: want an expression", where, i))
			}
		}
	}
	return errs
}

func lintVariables(where string, v any) []error {
	m, ok := v.(map[string]any)
	if !ok {
		return []error{fmt.Errorf("%s: want a mapping of names to values", where)}
	}
	var errs []error
	for _, name := range slices.Sorted(maps.Keys(m)) {
		switch val := m[name].(type) {
		case string, int, float64, bool:
		case map[string]any:
			if _, ok := val["value"]; !ok {
				errs = append(errs, fmt.Errorf("%s: %s: a mapping needs a value", where, name))
			}
		default:
			errs = append(errs, fmt.Errorf("%s: %s: want a string", where, name))
		}
	}
	return errs
}

func lintEnvironment(job string, v any) []error {
	switch env := v.(type) {
	case nil, string:
		return nil
	case map[string]any:
		if s, ok := env["name"].(string); !ok || s == "" {
			return []error{fmt.Errorf("%s: environment: no name", job)}
		}
		if a, ok := env["action"]; ok && !slices.Contains([]string{"start", "prepare", "stop", "verify", "access"}, fmt.Sprint(a)) {
			return []error{fmt.Errorf("%s: environment: unknown action %v", job, a)}
		}
		return nil
	}
	return []error{fmt.Errorf("%s: environment: want a name or a mapping", job)}
}

func lintArtifacts(job string, v any) []error {
	if v == nil {
		return nil
	}
	m, ok := v.(map[string]any)
	if !ok {
		return []error{fmt.Errorf("%s: artifacts: want a mapping", job)}
	}
	if p, ok := m["paths"]; ok {
		if list, ok := p.([]any); !ok || len(list) == 0 {
			return []error{fmt.Errorf("%s: artifacts: paths: want a list of paths", job)}
		}
		if _, ok := stringList(p); !ok {
			return []error{fmt.Errorf("%s: artifacts: paths: want a list of paths", job)}
		}
	}
	return nil
}
