package provider_test

import (
	"archive/zip"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"maps"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"slices"
	"strings"
	"sync"
	"testing"

	"golang.org/x/crypto/bcrypt"
	"gopkg.in/yaml.v3"

	"github.com/adminapi/terraform-provider-adminapi/internal/acctest"
	"github.com/adminapi/terraform-provider-adminapi/internal/api"
	"github.com/adminapi/terraform-provider-adminapi/internal/server"
)

// The guide "Running Terraform in a pipeline" and the files it shows.
const (
	pipelinesGuide   = "../../templates/guides/pipelines.md.tmpl"
	pipelinesExample = "../../examples/guides/pipelines"
	pipelinesGitHub  = "../../examples/ci/github-actions/.github/workflows/terraform.yml"
	pipelinesGitLab  = "../../examples/ci/gitlab/.gitlab-ci.yml"
)

// TestAccPipelinesGuide runs the pipelines guide as written: its
// configuration, with the commands and the environment of its CI files'
// jobs, as API clients that hold exactly the permissions its table lists
// for the configuration's types, with the state in an http backend as in
// the CI files.
//
//   - The plan job without the passwords fails: the users are new. The
//     plan job as written saves a plan. The apply job, in a fresh copy of the
//     directory with the plan's artifacts, but without the passwords,
//     fails: Terraform refuses the saved plan, whose ephemeral variables
//     were set at plan time; OpenTofu applies what needs no password and
//     fails on the users, and its saved plan is then stale, so the pipeline
//     runs again, as the guide says after a partial apply.
//   - The apply job as written applies the plan and sets the passwords;
//     neither the saved plan nor the state ever holds one.
//   - The drift job, with no password and a client that only reads, finds
//     no drift (exit code 0), then a change made outside Terraform (exit
//     code 2); the pipeline undoes it, and the drift job finds none again.
//   - The plan job as a client that lacks a permission fails at plan time
//     (permission_check error), naming it.
func TestAccPipelinesGuide(t *testing.T) {
	tf := acctest.NewTerraform(t)
	jobs := pipelineJobs(t)
	plan, apply, drift := jobs["plan"], jobs["apply"], jobs["drift"]

	secrets := map[string]string{
		"TF_HTTP_PASSWORD":             "state-secret",
		"ADMINAPI_CLIENT_SECRET":       "pipeline-client-secret",
		"ADMINAPI_DRIFT_CLIENT_SECRET": "drift-client-secret",
		"ALICE_PASSWORD":               "alice-Secret-1",
		"BOB_PASSWORD":                 "bob-Secret-1",
	}
	passwords := map[string]string{"alice-martin": secrets["ALICE_PASSWORD"], "bob-keller": secrets["BOB_PASSWORD"]}
	hash := func(secret string) string {
		h, err := bcrypt.GenerateFromPassword([]byte(secret), bcrypt.MinCost)
		if err != nil {
			t.Fatal(err)
		}
		return string(h)
	}
	pipelineID, driftID := plan.env["ADMINAPI_CLIENT_ID"], drift.env["ADMINAPI_CLIENT_ID"]
	clients := guideClients(t, map[string]string{
		pipelineID: hash(secrets["ADMINAPI_CLIENT_SECRET"]),
		driftID:    hash(secrets["ADMINAPI_DRIFT_CLIENT_SECRET"]),
	})
	srv := acctest.StartServer(t, func(c *server.Config) { c.Clients = clients })
	state := startStateBackend(t, "ci", secrets["TF_HTTP_PASSWORD"])
	vars := map[string]string{
		"ADMINAPI_ENDPOINT":      srv.URL,
		"TF_HTTP_ADDRESS":        state.URL + "/state",
		"TF_HTTP_LOCK_ADDRESS":   state.URL + "/state/lock",
		"TF_HTTP_UNLOCK_ADDRESS": state.URL + "/state/lock",
		"TF_HTTP_USERNAME":       "ci",
	}
	cli := pipelineCLI(t, tf, pipelinesExample)
	repo := pipelineRepository(t, cli)
	runPlan := func(want string) string {
		t.Helper()
		dir := pipelineCopy(t, repo)
		out, code := plan.run(t, cli, dir, secrets, vars)
		if code != 0 || !strings.Contains(out, want) {
			t.Fatalf("the plan job: exit code %d, want 0 and %q:\n%s", code, want, out)
		}
		checkNoSecretInPlan(t, filepath.Join(dir, "tfplan"), slices.Collect(maps.Values(passwords)))
		return dir
	}
	// applyDir is a fresh copy of the directory with the plan job's artifacts.
	applyDir := func(planDir string) string {
		t.Helper()
		dir := pipelineCopy(t, repo)
		for _, f := range plan.artifacts {
			if err := copyFile(filepath.Join(planDir, f), filepath.Join(dir, f)); err != nil {
				t.Fatalf("the plan job's artifact %s: %v", f, err)
			}
		}
		return dir
	}
	// Terraform before 1.15.0 compared states with reflect.DeepEqual, so
	// that a refresh-only plan that finds no change may exit with 2 all the
	// same (hashicorp/terraform 659d5e2218): the guide asks for 1.15+.
	spuriousDrift := !acctest.OpenTofu() && cli.versionBelow(t, 1, 15)
	runDrift := func(wantCode int) string {
		t.Helper()
		out, code := drift.run(t, cli, pipelineCopy(t, repo), secrets, vars)
		if wantCode == 0 && code == 2 && spuriousDrift && strings.Contains(out, "No changes.") {
			t.Logf("the drift job found no change and exited with 2, as Terraform before 1.15.0 may")
			code = 0
		}
		if code != wantCode || strings.Contains(out, "Missing permission") {
			t.Fatalf("the drift job: exit code %d, want %d and no permission diagnostic:\n%s", code, wantCode, out)
		}
		return out
	}

	// withoutPasswords is job without the TF_VAR_ the CI file sets.
	withoutPasswords := func(job pipelineJob) pipelineJob {
		job.name += " without the passwords"
		job.env = maps.Clone(job.env)
		for k := range job.env {
			if strings.HasPrefix(k, "TF_VAR_") {
				delete(job.env, k)
			}
		}
		return job
	}

	// The plan job without the passwords: new users need them.
	out, code := withoutPasswords(plan).run(t, cli, pipelineCopy(t, repo), secrets, vars)
	missing := acctest.ErrorRegexp(`Error: Missing password_wo for a new password_wo_version`, `adminapi_platform_user.alice`, `password_wo_version = 1 is new`)
	if code != 1 || !missing.MatchString(out) {
		t.Fatalf("the plan job without the passwords: exit code %d, want 1 naming password_wo and password_wo_version:\n%s", code, out)
	}

	planDir := runPlan("Plan: 5 to add, 0 to change, 0 to destroy.")

	// The apply job without the passwords.
	out, code = withoutPasswords(apply).run(t, cli, applyDir(planDir), secrets, vars)
	_, roleErr := srv.Client.GetRole(t.Context(), "auditor")
	switch {
	case code != 1:
		t.Fatalf("the apply job without the passwords: exit code %d, want 1:\n%s", code, out)
	case !acctest.OpenTofu():
		refused := acctest.ErrorRegexp(`The ephemeral input variable "alice_password" was set during the plan phase, and so must also be set during the apply phase.`)
		if !refused.MatchString(out) || roleErr == nil {
			t.Fatalf("the apply job without the passwords: want the saved plan refused, nothing applied (the role: %v):\n%s", roleErr, out)
		}
	default:
		// OpenTofu 1.12 applies what needs no password first.
		failed := acctest.ErrorRegexp(`Missing password_wo for a new password_wo_version`, `adminapi_platform_user.alice`)
		if !failed.MatchString(out) || roleErr != nil {
			t.Fatalf("the apply job without the passwords (OpenTofu): want the role created and the users failing (the role: %v):\n%s", roleErr, out)
		}
		t.Logf("OpenTofu applied part of the saved plan without the passwords:\n%s", strings.Join(acctest.TerraformErrors(out), "\n"))
		out, code = apply.run(t, cli, applyDir(planDir), secrets, vars)
		if code != 1 || !strings.Contains(strings.ToLower(out), "stale") {
			t.Fatalf("the apply job on the saved plan after a partial apply: exit code %d, want 1, the plan stale:\n%s", code, out)
		}
		planDir = runPlan("Plan: 4 to add, 0 to change, 0 to destroy.")
	}

	// The apply job as written.
	out, code = apply.run(t, cli, applyDir(planDir), secrets, vars)
	if code != 0 || !regexp.MustCompile(`Apply complete! Resources: [45] added, 0 changed, 0 destroyed.`).MatchString(out) {
		t.Fatalf("the apply job: exit code %d, want 0 and the users, role and assignments added:\n%s", code, out)
	}
	for user, password := range passwords {
		u, err := srv.Client.GetPlatformUser(t.Context(), user)
		if err != nil {
			t.Fatalf("%s: %v", user, err)
		}
		if !slices.Contains(u.Roles, "auditor") {
			t.Errorf("%s has roles %v, want auditor", user, u.Roles)
		}
		if ok, err := srv.Server.PlatformUserPasswordMatches(t.Context(), user, password); err != nil || !ok {
			t.Errorf("%s: the password from the apply job's TF_VAR is not set (%v, %v)", user, ok, err)
		}
	}
	state.checkNoSecret(t, slices.Collect(maps.Values(passwords)))

	// The drift job: no password, a client that only reads.
	runDrift(0)
	t.Log("the drift job, nothing changed: no drift")
	name := "Alice M."
	if _, err := srv.Client.UpdatePlatformUser(t.Context(), "alice-martin", api.UpdatePlatformUser{Name: &name}); err != nil {
		t.Fatal(err)
	}
	out = runDrift(2)
	if !acctest.ErrorRegexp(`adminapi_platform_user.alice has changed`, `name`, `"Alice Martin" -> "Alice M."`).MatchString(out) {
		t.Fatalf("the drift job after a change outside Terraform does not show it:\n%s", out)
	}
	t.Logf("the drift job after a change outside Terraform: exit code 2:\n%s", out)

	// The plan job as the client that only reads: the check fails the plan.
	limited := pipelineJob{name: "plan as " + driftID, env: maps.Clone(plan.env), commands: plan.commands}
	limited.env["ADMINAPI_CLIENT_ID"] = driftID
	limited.env["ADMINAPI_CLIENT_SECRET"] = "${{ secrets.ADMINAPI_DRIFT_CLIENT_SECRET }}"
	out, code = limited.run(t, cli, pipelineCopy(t, repo), secrets, vars)
	want := acctest.ErrorRegexp(`Error: Missing permission platformUsers:update to update platform user "alice-martin"`,
		`The adminapi_platform_user with id "alice-martin"`, "PATCH /platform-users/{username}",
		fmt.Sprintf("The API client %q the provider authenticates as does not hold it", driftID), `permission_check`, `is "error"`)
	if code != 1 || !want.MatchString(out) {
		t.Fatalf("the plan job as %s: exit code %d, want 1 and an error naming platformUsers:update:\n%s", driftID, code, out)
	}
	t.Logf("the plan job as %s: exit code %d:\n%s", driftID, code, strings.Join(acctest.TerraformErrors(out), "\n"))

	// The pipeline undoes the change; the drift job then finds none.
	planDir = runPlan("Plan: 0 to add, 1 to change, 0 to destroy.")
	if out, code = apply.run(t, cli, applyDir(planDir), secrets, vars); code != 0 {
		t.Fatalf("the apply job after the drift: exit code %d:\n%s", code, out)
	}
	runDrift(0)
	for user, password := range passwords {
		if ok, err := srv.Server.PlatformUserPasswordMatches(t.Context(), user, password); err != nil || !ok {
			t.Errorf("%s: the password changed (%v, %v)", user, ok, err)
		}
	}
	state.checkNoSecret(t, slices.Collect(maps.Values(passwords)))
}

// TestPipelinesGuideFiles checks, without a CLI, what TestAccPipelinesGuide
// relies on: the GitHub Actions and GitLab CI files run the same terraform
// commands as the same clients; only plan and apply set the passwords; the
// clients entries the guide shows load as the server's configuration,
// with the permissions its table lists.
func TestPipelinesGuideFiles(t *testing.T) {
	jobs := pipelineJobs(t)
	hash, err := bcrypt.GenerateFromPassword([]byte("secret"), bcrypt.MinCost)
	if err != nil {
		t.Fatal(err)
	}
	clients := guideClients(t, map[string]string{
		jobs["plan"].env["ADMINAPI_CLIENT_ID"]:  string(hash),
		jobs["drift"].env["ADMINAPI_CLIENT_ID"]: string(hash),
	})
	if clients[0].ID != jobs["plan"].env["ADMINAPI_CLIENT_ID"] || clients[1].ID != jobs["drift"].env["ADMINAPI_CLIENT_ID"] {
		t.Errorf("the guide's clients are %s and %s, the CI files' %s and %s", clients[0].ID, clients[1].ID,
			jobs["plan"].env["ADMINAPI_CLIENT_ID"], jobs["drift"].env["ADMINAPI_CLIENT_ID"])
	}
}

// pipelineJob is one job of the guide's CI files: its environment (values
// may be ${{ secrets.X }} or ${{ vars.X }}), the terraform commands it
// runs, in order, and the files it keeps as artifacts.
type pipelineJob struct {
	name      string
	env       map[string]string
	commands  [][]string
	artifacts []string
}

// run runs the job's commands in dir, as its CI file does, until one
// fails; it answers their output and the last exit code.
func (j pipelineJob) run(t *testing.T, cli pipelineTerraform, dir string, secrets, vars map[string]string) (string, int) {
	t.Helper()
	env := make([]string, 0, len(j.env))
	for _, k := range slices.Sorted(maps.Keys(j.env)) {
		env = append(env, k+"="+resolveExpressions(t, j.env[k], secrets, vars))
	}
	var all strings.Builder
	code := 0
	for _, args := range j.commands {
		var out bytes.Buffer
		err := cli.command(t, dir, &out, env, args...).Run()
		code = exitCode(err)
		fmt.Fprintf(&all, "$ terraform %s (exit code %d)\n%s\n", strings.Join(args, " "), code, plainOutput(out.String()))
		if code != 0 {
			break
		}
	}
	return all.String(), code
}

var (
	ansiEscape = regexp.MustCompile("\x1b\\[[0-9;]*m")
	boxPrefix  = regexp.MustCompile("(?m)^[│╷╵] ?")
)

// plainOutput is a command's output without the colours and the boxes
// around diagnostics that the CI files' commands print, as in a CI log.
func plainOutput(s string) string {
	return boxPrefix.ReplaceAllString(ansiEscape.ReplaceAllString(s, ""), "")
}

var expression = regexp.MustCompile(`\$\{\{\s*([a-z]+)\.([A-Za-z0-9_]+)\s*\}\}`)

// resolveExpressions replaces the GitHub expressions ${{ secrets.X }} and
// ${{ vars.X }} with the test's values; any other is an error.
func resolveExpressions(t *testing.T, s string, secrets, vars map[string]string) string {
	t.Helper()
	return expression.ReplaceAllStringFunc(s, func(e string) string {
		m := expression.FindStringSubmatch(e)
		values := map[string]map[string]string{"secrets": secrets, "vars": vars}[m[1]]
		v, ok := values[m[2]]
		if !ok {
			t.Fatalf("the CI file's %s has no value in the test", e)
		}
		return v
	})
}

// pipelineJobs reads the jobs plan, apply and drift of the GitHub Actions
// workflow, and checks that the GitLab CI file's run the same terraform
// commands as the same clients, keep the same artifacts, and that only
// plan and apply set the configuration's ephemeral variables.
func pipelineJobs(t *testing.T) map[string]pipelineJob {
	t.Helper()
	var wf struct {
		Env  map[string]string `yaml:"env"`
		Jobs map[string]struct {
			Env   map[string]string `yaml:"env"`
			Steps []struct {
				Uses string            `yaml:"uses"`
				Run  string            `yaml:"run"`
				Env  map[string]string `yaml:"env"`
				With map[string]any    `yaml:"with"`
			} `yaml:"steps"`
		} `yaml:"jobs"`
	}
	readYAML(t, pipelinesGitHub, &wf)
	var gl map[string]yaml.Node
	readYAML(t, pipelinesGitLab, &gl)

	variables := exampleVariables(t)
	jobs := map[string]pipelineJob{}
	for _, name := range []string{"plan", "apply", "drift"} {
		ghJob, ok := wf.Jobs[name]
		if !ok {
			t.Fatalf("%s: no job %s", pipelinesGitHub, name)
		}
		job := pipelineJob{name: name, env: maps.Clone(wf.Env)}
		maps.Copy(job.env, ghJob.Env)
		for _, step := range ghJob.Steps {
			if cmds := terraformCommands(step.Run); len(cmds) > 0 {
				job.commands = append(job.commands, cmds...)
				maps.Copy(job.env, step.Env)
			}
			if strings.HasPrefix(step.Uses, "actions/upload-artifact@") {
				path, _ := step.With["path"].(string)
				for p := range strings.FieldsSeq(path) {
					job.artifacts = append(job.artifacts, strings.TrimPrefix(p, "adminapi/"))
				}
			}
		}
		if len(job.commands) == 0 {
			t.Fatalf("%s: job %s runs no terraform command", pipelinesGitHub, name)
		}

		node, ok := gl[name]
		if !ok {
			t.Fatalf("%s: no job %s", pipelinesGitLab, name)
		}
		var glJob struct {
			Variables map[string]string `yaml:"variables"`
			Script    []string          `yaml:"script"`
			Artifacts struct {
				Paths []string `yaml:"paths"`
			} `yaml:"artifacts"`
		}
		if err := node.Decode(&glJob); err != nil {
			t.Fatalf("%s: job %s: %v", pipelinesGitLab, name, err)
		}
		var glCommands [][]string
		for _, line := range glJob.Script {
			glCommands = append(glCommands, terraformCommands(line)...)
		}
		if !slices.EqualFunc(glCommands, job.commands, slices.Equal) {
			t.Errorf("job %s runs %q on GitHub, %q on GitLab", name, job.commands, glCommands)
		}
		for _, k := range []string{"ADMINAPI_CLIENT_ID", "ADMINAPI_PERMISSION_CHECK"} {
			if job.env[k] != glJob.Variables[k] {
				t.Errorf("job %s: %s is %q on GitHub, %q on GitLab", name, k, job.env[k], glJob.Variables[k])
			}
		}
		var glArtifacts []string
		for _, p := range glJob.Artifacts.Paths {
			glArtifacts = append(glArtifacts, strings.TrimPrefix(p, "adminapi/"))
		}
		if !slices.Equal(glArtifacts, job.artifacts) {
			t.Errorf("job %s keeps %q on GitHub, %q on GitLab", name, job.artifacts, glArtifacts)
		}
		for _, v := range variables {
			_, set := job.env["TF_VAR_"+v]
			if set != (name != "drift") {
				t.Errorf("job %s: TF_VAR_%s set: %v", name, v, set)
			}
		}
		jobs[name] = job
	}
	if !slices.Contains(jobs["plan"].artifacts, "tfplan") {
		t.Errorf("the plan job keeps %q, not the saved plan", jobs["plan"].artifacts)
	}
	if id := jobs["plan"].env["ADMINAPI_CLIENT_ID"]; id == "" || id != jobs["apply"].env["ADMINAPI_CLIENT_ID"] || id == jobs["drift"].env["ADMINAPI_CLIENT_ID"] {
		t.Fatalf("clients: plan %q, apply %q, drift %q: want plan and apply the same, drift another",
			id, jobs["apply"].env["ADMINAPI_CLIENT_ID"], jobs["drift"].env["ADMINAPI_CLIENT_ID"])
	}
	return jobs
}

// terraformCommands are the arguments of each terraform command of a
// script, one a line, without what follows "||".
func terraformCommands(script string) [][]string {
	var out [][]string
	for line := range strings.SplitSeq(script, "\n") {
		line, _, _ = strings.Cut(strings.TrimSpace(line), " ||")
		if fields := strings.Fields(line); len(fields) > 1 && fields[0] == "terraform" {
			out = append(out, fields[1:])
		}
	}
	return out
}

// exampleVariables are the variables the guide's configuration declares,
// every one ephemeral.
func exampleVariables(t *testing.T) []string {
	t.Helper()
	src, err := os.ReadFile(filepath.Join(pipelinesExample, "variables.tf"))
	if err != nil {
		t.Fatal(err)
	}
	blocks := regexp.MustCompile(`(?ms)^variable "([a-z_]+)" \{(.*?)^\}`).FindAllStringSubmatch(string(src), -1)
	var names []string
	for _, b := range blocks {
		if !regexp.MustCompile(`(?m)^\s*ephemeral\s*=\s*true`).MatchString(b[2]) ||
			!regexp.MustCompile(`(?m)^\s*default\s*=\s*null`).MatchString(b[2]) {
			t.Errorf("variable %s is not ephemeral with default null", b[1])
		}
		names = append(names, b[1])
	}
	if len(names) == 0 {
		t.Fatal("the guide's configuration declares no variable")
	}
	return names
}

// guideClients are the clients entries the guide shows, each with the
// hash given for its id in place of the guide's placeholder, as the server
// loads them from its configuration file. Their permissions must be those
// the guide's table lists for the types its configuration uses: every
// column for the pipeline's client (the first), the read column for the
// drift client.
func guideClients(t *testing.T, hashes map[string]string) []server.APIClient {
	t.Helper()
	page, err := os.ReadFile(pipelinesGuide)
	if err != nil {
		t.Fatal(err)
	}
	_, after, _ := strings.Cut(string(page), "<!-- pipeline clients:")
	_, block, _ := strings.Cut(after, "```yaml\n")
	block, _, ok := strings.Cut(block, "```")
	if !ok {
		t.Fatalf("%s: no clients entries", pipelinesGuide)
	}
	for id, hash := range hashes {
		entry := "- id: " + id + "\n    secret_hash: \"<the output of adminapi-server hash-secret>\"\n"
		if !strings.Contains(block, entry) {
			t.Fatalf("%s: no clients entry %q:\n%s", pipelinesGuide, entry, block)
		}
		block = strings.Replace(block, entry, "- id: "+id+"\n    secret_hash: \""+hash+"\"\n", 1)
	}
	file := filepath.Join(t.TempDir(), "server.yaml")
	if err := os.WriteFile(file, []byte(block), 0o600); err != nil {
		t.Fatal(err)
	}
	cfg, err := server.LoadConfigFile(file)
	if err != nil || len(cfg.Clients) != 2 {
		t.Fatalf("the guide's clients entries: %v, %d clients:\n%s", err, len(cfg.Clients), block)
	}

	var types []string
	files, _ := filepath.Glob(filepath.Join(pipelinesExample, "*.tf"))
	for _, f := range files {
		src, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range regexp.MustCompile(`(?m)^resource "(adminapi_[a-z_]+)"`).FindAllStringSubmatch(string(src), -1) {
			types = append(types, m[1])
		}
	}
	all, reads := map[string]bool{}, map[string]bool{}
	permission := regexp.MustCompile("`([a-zA-Z]+:[a-zA-Z]+)`")
	for _, typ := range types {
		i := bytes.Index(page, []byte("\n| `"+typ+"` |"))
		if i < 0 {
			t.Fatalf("the guide's table has no row for %s", typ)
		}
		row, _, _ := strings.Cut(string(page[i+1:]), "\n")
		cells := strings.Split(strings.Trim(row, "| "), " | ")
		for col, cell := range cells[1:] {
			for _, m := range permission.FindAllStringSubmatch(cell, -1) {
				all[m[1]] = true
				if col == 0 {
					reads[m[1]] = true
				}
			}
		}
	}
	for i, want := range []api.Permissions{permissionSet(t, all), permissionSet(t, reads)} {
		if got := cfg.Clients[i].Permissions; fmt.Sprint(got) != fmt.Sprint(want) {
			t.Errorf("the guide gives %s %v, its table %v", cfg.Clients[i].ID, got, want)
		}
	}
	return cfg.Clients
}

// permissionSet is the api.Permissions holding names ("group:name").
func permissionSet(t *testing.T, names map[string]bool) api.Permissions {
	t.Helper()
	groups := map[string][]string{}
	for _, group := range []string{api.GroupUsers, api.GroupSettings, api.GroupPlatformUsers, api.GroupAccounts} {
		groups[group] = []string{}
		for _, name := range api.PermissionGroups[group] {
			if names[group+":"+name] {
				groups[group] = append(groups[group], name)
				delete(names, group+":"+name)
			}
		}
	}
	if len(names) > 0 {
		t.Fatalf("the guide's table names unknown permissions %v", slices.Sorted(maps.Keys(names)))
	}
	return api.Permissions{
		Users: groups[api.GroupUsers], Settings: groups[api.GroupSettings],
		PlatformUsers: groups[api.GroupPlatformUsers], Accounts: groups[api.GroupAccounts],
	}
}

func readYAML(t *testing.T, path string, v any) {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if err := yaml.Unmarshal(data, v); err != nil {
		t.Fatalf("%s: %v", path, err)
	}
}

// pipelineCopy is a fresh copy of the repository's directory, as a job's
// checkout has it: its files, not what a command wrote beside them.
func pipelineCopy(t *testing.T, repo string) string {
	t.Helper()
	dir := t.TempDir()
	entries, err := os.ReadDir(repo)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		if !e.Type().IsRegular() {
			continue
		}
		if err := copyFile(filepath.Join(repo, e.Name()), filepath.Join(dir, e.Name())); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// pipelineRepository is the directory as the guide has it committed: the
// configuration, and the lock file that `terraform init` wrote once.
func pipelineRepository(t *testing.T, cli pipelineTerraform) string {
	t.Helper()
	repo := t.TempDir()
	entries, err := os.ReadDir(pipelinesExample)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		if err := copyFile(filepath.Join(pipelinesExample, e.Name()), filepath.Join(repo, e.Name())); err != nil {
			t.Fatal(err)
		}
	}
	var out bytes.Buffer
	if err := cli.command(t, repo, &out, nil, "init", "-backend=false", "-input=false", "-no-color").Run(); err != nil {
		t.Fatalf("terraform init: %v\n%s", err, out.String())
	}
	if err := os.RemoveAll(filepath.Join(repo, ".terraform")); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(repo, ".terraform.lock.hcl")); err != nil {
		t.Fatalf("terraform init wrote no lock file: %v", err)
	}
	return repo
}

// pipelineCLI is tf with a CLI configuration that installs the provider
// built from this tree from a filesystem mirror, as a release within the
// version constraint of example's terraform.tf (~> X.Y: X.Y.0), so that
// init installs it and writes the lock file a pipeline commits. NewTerraform's
// dev_overrides would skip both, and make init look up the registry for a
// provider the state names.
func pipelineCLI(t *testing.T, tf *acctest.Terraform, example string) pipelineTerraform {
	t.Helper()
	src, err := os.ReadFile(filepath.Join(example, "terraform.tf"))
	if err != nil {
		t.Fatal(err)
	}
	m := regexp.MustCompile(`version\s*=\s*"~>\s*([0-9]+)\.([0-9]+)"`).FindSubmatch(src)
	if m == nil {
		t.Fatal(`terraform.tf: no version = "~> X.Y" for adminapi`)
	}
	version := fmt.Sprintf("%s.%s.0", m[1], m[2])
	host := os.Getenv("TF_ACC_PROVIDER_HOST")
	if host == "" {
		host = "registry.terraform.io"
	}
	root := t.TempDir()
	mirror := filepath.Join(root, "mirror")
	acctest.GoBuild(t, ".", filepath.Join(mirror, host, "adminapi", "adminapi", version, runtime.GOOS+"_"+runtime.GOARCH),
		"terraform-provider-adminapi_v"+version)
	rc := filepath.Join(root, "terraformrc")
	if err := os.WriteFile(rc, fmt.Appendf(nil, "provider_installation {\n  filesystem_mirror {\n    path = %q\n  }\n}\n", mirror), 0o600); err != nil {
		t.Fatal(err)
	}
	return pipelineTerraform{tf: tf, cliConfig: rc}
}

// pipelineTerraform runs NewTerraform's CLI with the CLI configuration of
// pipelineCLI.
type pipelineTerraform struct {
	tf        *acctest.Terraform
	cliConfig string
}

// versionBelow tells whether the CLI's version is below major.minor.
func (p pipelineTerraform) versionBelow(t *testing.T, major, minor int) bool {
	t.Helper()
	var out bytes.Buffer
	if err := p.command(t, t.TempDir(), &out, nil, "version", "-json").Run(); err != nil {
		t.Fatalf("terraform version -json: %v\n%s", err, out.String())
	}
	var v struct {
		Version string `json:"terraform_version"`
	}
	if err := json.Unmarshal(out.Bytes(), &v); err != nil {
		t.Fatalf("terraform version -json: %v\n%s", err, out.String())
	}
	var got [2]int
	if _, err := fmt.Sscanf(v.Version, "%d.%d", &got[0], &got[1]); err != nil {
		t.Fatalf("terraform version -json: version %q: %v", v.Version, err)
	}
	return got[0] < major || got[0] == major && got[1] < minor
}

// command is a terraform command in dir with env added to its environment.
func (p pipelineTerraform) command(t *testing.T, dir string, out *bytes.Buffer, env []string, args ...string) *exec.Cmd {
	tf := *p.tf
	tf.Dir = dir
	cmd := tf.Command(t.Context(), out, args...)
	// The last of duplicate variables wins.
	cmd.Env = append(append(cmd.Env, "TF_CLI_CONFIG_FILE="+p.cliConfig), env...)
	return cmd
}

func copyFile(from, to string) error {
	data, err := os.ReadFile(from)
	if err != nil {
		return err
	}
	return os.WriteFile(to, data, 0o600)
}

// checkNoSecretInPlan fails the test when a file of the saved plan (a zip
// archive) holds one of secrets.
func checkNoSecretInPlan(t *testing.T, path string, secrets []string) {
	t.Helper()
	r, err := zip.OpenReader(path)
	if err != nil {
		t.Fatalf("the saved plan: %v", err)
	}
	defer func() { _ = r.Close() }()
	for _, f := range r.File {
		rc, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		data, err := io.ReadAll(rc)
		_ = rc.Close()
		if err != nil {
			t.Fatal(err)
		}
		for _, s := range secrets {
			if bytes.Contains(data, []byte(s)) {
				t.Errorf("the saved plan's %s holds a password", f.Name)
			}
		}
	}
}

// stateBackend is a state server for Terraform's http backend, with basic
// authentication: GET, POST and DELETE the state at /state, lock it at
// /state/lock (LOCK or POST, UNLOCK or DELETE).
type stateBackend struct {
	URL string

	mu         sync.Mutex
	state      []byte
	lock       []byte
	user, pass string
}

func startStateBackend(t *testing.T, user, pass string) *stateBackend {
	t.Helper()
	b := &stateBackend{user: user, pass: pass}
	ts := httptest.NewServer(b)
	t.Cleanup(ts.Close)
	b.URL = ts.URL
	return b
}

func (b *stateBackend) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if u, p, ok := r.BasicAuth(); !ok || u != b.user || p != b.pass {
		http.Error(w, "unauthorized", http.StatusUnauthorized)
		return
	}
	body, err := io.ReadAll(r.Body)
	if err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	switch r.URL.Path + " " + r.Method {
	case "/state GET":
		if b.state == nil {
			w.WriteHeader(http.StatusNotFound)
			return
		}
		_, _ = w.Write(b.state)
	case "/state POST":
		b.state = body
	case "/state DELETE":
		b.state = nil
	case "/state/lock LOCK", "/state/lock POST":
		if b.lock != nil {
			w.WriteHeader(http.StatusLocked)
			_, _ = w.Write(b.lock)
			return
		}
		b.lock = body
	case "/state/lock UNLOCK", "/state/lock DELETE":
		b.lock = nil
	default:
		http.Error(w, "no such route", http.StatusNotFound)
	}
}

// checkNoSecret fails the test unless the backend holds a state, without
// any of secrets.
func (b *stateBackend) checkNoSecret(t *testing.T, secrets []string) {
	t.Helper()
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.state == nil {
		t.Fatal("the http backend holds no state")
	}
	for _, s := range secrets {
		if bytes.Contains(b.state, []byte(s)) {
			t.Error("the state holds a password")
		}
	}
}
