package provider_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"maps"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"golang.org/x/crypto/bcrypt"

	"github.com/adminapi/terraform-provider-adminapi/internal/acctest"
	"github.com/adminapi/terraform-provider-adminapi/internal/api"
	"github.com/adminapi/terraform-provider-adminapi/internal/server"
	"github.com/adminapi/terraform-provider-adminapi/internal/shard"
)

// largeEstatesWorkflowFile is what the tests read of the guide's workflow.
type largeEstatesWorkflowFile struct {
	Env  map[string]string `yaml:"env"`
	Jobs map[string]struct {
		Env      map[string]string `yaml:"env"`
		Strategy struct {
			Matrix struct {
				ShardCount []int `yaml:"shard_count"`
				ShardIndex []int `yaml:"shard_index"`
			} `yaml:"matrix"`
		} `yaml:"strategy"`
		Steps []struct {
			Uses string         `yaml:"uses"`
			Run  string         `yaml:"run"`
			With map[string]any `yaml:"with"`
		} `yaml:"steps"`
	} `yaml:"jobs"`
}

func readLargeEstatesWorkflow(t *testing.T) largeEstatesWorkflowFile {
	t.Helper()
	var wf largeEstatesWorkflowFile
	readYAML(t, largeEstatesWorkflow, &wf)
	return wf
}

// largeEstatesJob is a job of the workflow for one shard: its environment
// with the expressions resolved, its terraform commands, the files it
// uploads (plan) or downloads (apply).
type largeEstatesJob struct {
	name      string
	env       []string
	commands  [][]string
	artifacts []string
}

var largeEstatesExpression = regexp.MustCompile(`\$\{\{\s*(.*?)\s*\}\}`)

// largeEstatesJobs are the plan and apply jobs of the workflow for shard
// index of count, run by hand (adopt ticked) or not, with values the
// workflow's ${{ vars.X }} and ${{ secrets.X }}.
func largeEstatesJobs(t *testing.T, count, index int, adopt bool, values map[string]string) (plan, apply largeEstatesJob) {
	t.Helper()
	wf := readLargeEstatesWorkflow(t)
	values = maps.Clone(values)
	values["matrix.shard_count"] = strconv.Itoa(count)
	values["matrix.shard_index"] = strconv.Itoa(index)
	values["inputs.adopt == true"] = strconv.FormatBool(adopt)
	resolve := func(s string) string {
		return largeEstatesExpression.ReplaceAllStringFunc(s, func(e string) string {
			v, ok := values[largeEstatesExpression.FindStringSubmatch(e)[1]]
			if !ok {
				t.Fatalf("%s: the test has no value for %s", largeEstatesWorkflow, e)
			}
			return v
		})
	}
	job := func(name string) largeEstatesJob {
		j, ok := wf.Jobs[name]
		if !ok {
			t.Fatalf("%s: no job %s", largeEstatesWorkflow, name)
		}
		env := maps.Clone(wf.Env)
		maps.Copy(env, j.Env)
		out := largeEstatesJob{name: fmt.Sprintf("%s shard %d of %d", name, index, count)}
		for _, k := range slices.Sorted(maps.Keys(env)) {
			out.env = append(out.env, k+"="+resolve(env[k]))
		}
		for _, step := range j.Steps {
			out.commands = append(out.commands, terraformCommands(step.Run)...)
			if strings.HasPrefix(step.Uses, "actions/upload-artifact@") {
				path, _ := step.With["path"].(string)
				for p := range strings.FieldsSeq(path) {
					out.artifacts = append(out.artifacts, strings.TrimPrefix(p, "adminapi/"))
				}
			}
		}
		if len(out.commands) == 0 {
			t.Fatalf("%s: job %s runs no terraform command", largeEstatesWorkflow, name)
		}
		return out
	}
	return job("plan"), job("apply")
}

// run runs the job's commands in dir until one fails, and answers their
// output (without colours) and the last exit code.
func (j largeEstatesJob) run(t *testing.T, cli pipelineTerraform, dir string) (string, int) {
	t.Helper()
	var all strings.Builder
	code := 0
	for _, args := range j.commands {
		var out bytes.Buffer
		code = exitCode(cli.command(t, dir, &out, j.env, args...).Run())
		fmt.Fprintf(&all, "$ terraform %s (exit code %d)\n%s\n", strings.Join(args, " "), code, plainOutput(out.String()))
		if code != 0 {
			break
		}
	}
	return all.String(), code
}

// largeEstatesCLI is pipelineCLI for the example's terraform.tf.
func largeEstatesCLI(t *testing.T, tf *acctest.Terraform) pipelineTerraform {
	return pipelineCLI(t, tf, largeEstatesExample)
}

// largeEstatesRepository copies the example's directory (dir under it:
// "" or "retire") as a repository holds it: its files, and the lock file
// that `terraform init` wrote once.
func largeEstatesRepository(t *testing.T, cli pipelineTerraform, dir string) string {
	t.Helper()
	repo := t.TempDir()
	from := filepath.Join(largeEstatesExample, dir)
	entries, err := os.ReadDir(from)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		if e.Type().IsRegular() {
			if err := copyFile(filepath.Join(from, e.Name()), filepath.Join(repo, e.Name())); err != nil {
				t.Fatal(err)
			}
		}
	}
	var out bytes.Buffer
	if err := cli.command(t, repo, &out, nil, "init", "-backend=false", "-input=false", "-no-color").Run(); err != nil {
		t.Fatalf("terraform init: %v\n%s", err, out.String())
	}
	if err := os.RemoveAll(filepath.Join(repo, ".terraform")); err != nil {
		t.Fatal(err)
	}
	return repo
}

// largeEstatesStates is a state server for Terraform's http backend with
// any number of states: GET, POST and DELETE /states/<name> (or GitLab's
// /projects/<id>/terraform/state/<name>), LOCK or POST and UNLOCK or DELETE
// <that>/lock, behind basic authentication.
type largeEstatesStates struct {
	URL        string
	user, pass string

	mu     sync.Mutex
	states map[string][]byte
	locks  map[string]bool
}

func startLargeEstatesStates(t *testing.T, user, pass string) *largeEstatesStates {
	t.Helper()
	s := &largeEstatesStates{user: user, pass: pass, states: map[string][]byte{}, locks: map[string]bool{}}
	ts := httptest.NewServer(s)
	t.Cleanup(ts.Close)
	s.URL = ts.URL
	return s
}

func (s *largeEstatesStates) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if u, p, ok := r.BasicAuth(); !ok || u != s.user || p != s.pass {
		http.Error(w, "unauthorized", http.StatusUnauthorized)
		return
	}
	body, err := io.ReadAll(r.Body)
	if err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	name, ok := strings.CutPrefix(r.URL.Path, "/states/")
	if !ok {
		// GitLab's: /projects/<id>/terraform/state/<name>
		_, name, ok = strings.Cut(r.URL.Path, "/terraform/state/")
	}
	if !ok || name == "" {
		http.Error(w, "no such route", http.StatusNotFound)
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if name, ok := strings.CutSuffix(name, "/lock"); ok {
		switch r.Method {
		case "LOCK", http.MethodPost:
			if s.locks[name] {
				w.WriteHeader(http.StatusLocked)
				return
			}
			s.locks[name] = true
		case "UNLOCK", http.MethodDelete:
			delete(s.locks, name)
		default:
			http.Error(w, "bad method", http.StatusMethodNotAllowed)
		}
		return
	}
	switch r.Method {
	case http.MethodGet:
		state, ok := s.states[name]
		if !ok {
			w.WriteHeader(http.StatusNotFound)
			return
		}
		_, _ = w.Write(state)
	case http.MethodPost:
		s.states[name] = body
	case http.MethodDelete:
		delete(s.states, name)
	default:
		http.Error(w, "bad method", http.StatusMethodNotAllowed)
	}
}

// managed answers what the state name holds: for each resource type, the
// keys of its instances (for_each keys), sorted.
func (s *largeEstatesStates) managed(t *testing.T, name string) map[string][]string {
	t.Helper()
	s.mu.Lock()
	raw, ok := s.states[name]
	s.mu.Unlock()
	if !ok {
		t.Fatalf("the state server holds no state %s", name)
	}
	var state struct {
		Resources []struct {
			Mode, Type string
			Instances  []struct {
				IndexKey any `json:"index_key"`
			}
		}
	}
	if err := json.Unmarshal(raw, &state); err != nil {
		t.Fatalf("state %s: %v", name, err)
	}
	out := map[string][]string{}
	for _, r := range state.Resources {
		if r.Mode != "managed" {
			continue
		}
		for _, in := range r.Instances {
			key, _ := in.IndexKey.(string)
			out[r.Type] = append(out[r.Type], key)
		}
		slices.Sort(out[r.Type])
	}
	return out
}

// largeEstatesUser is an entry of users.json.
type largeEstatesUser struct {
	Email      string            `json:"email"`
	Name       *string           `json:"name"`
	Language   string            `json:"language"`
	ExternalID *string           `json:"external_id"`
	Tags       []string          `json:"tags"`
	Metadata   map[string]string `json:"metadata"`
	Enabled    bool              `json:"enabled"`
	LDAP       bool              `json:"ldap"`
	Roles      []string          `json:"roles"`
}

func readLargeEstatesUsers(t *testing.T, path string) map[string]largeEstatesUser {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var users map[string]largeEstatesUser
	if err := json.Unmarshal(data, &users); err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	return users
}

// createLargeEstate creates users, their roles and assignments behind
// Terraform's back, as an estate that exists before any configuration:
// those without LDAP with a password.
func createLargeEstate(t *testing.T, srv *acctest.Server, users map[string]largeEstatesUser) {
	t.Helper()
	ctx := t.Context()
	roles := map[string]bool{}
	for _, username := range slices.Sorted(maps.Keys(users)) {
		u := users[username]
		in := api.CreatePlatformUser{Username: username, Email: u.Email, Name: u.Name, Language: &u.Language,
			Tags: u.Tags, Metadata: u.Metadata, ExternalID: u.ExternalID, LDAP: &u.LDAP}
		if !u.LDAP {
			password := "estate-Secret-1"
			in.Password = &password
		}
		if !u.Enabled {
			status := "disabled"
			in.Status = &status
		}
		if _, err := srv.Client.CreatePlatformUser(ctx, in); err != nil {
			t.Fatalf("create %s: %v", username, err)
		}
		for _, role := range u.Roles {
			if !roles[role] {
				if _, err := srv.Client.CreateRole(ctx, api.CreateRole{Name: role}); err != nil {
					t.Fatal(err)
				}
				roles[role] = true
			}
			if _, err := srv.Client.AssignRole(ctx, username, role); err != nil {
				t.Fatal(err)
			}
		}
	}
}

// largeEstatesShard is what shard index of count must hold of users:
// usernames and "username/role" assignments, sorted.
func largeEstatesShard(users map[string]largeEstatesUser, count, index int) (usernames, assignments []string) {
	for _, username := range slices.Sorted(maps.Keys(users)) {
		if shard.Of(username, int64(count)) != int64(index) {
			continue
		}
		usernames = append(usernames, username)
		for _, role := range users[username].Roles {
			assignments = append(assignments, username+"/"+role)
		}
	}
	slices.Sort(assignments)
	return usernames, assignments
}

// largeEstatesUpdated answers when each platform user was last changed.
func largeEstatesUpdated(t *testing.T, srv *acctest.Server) map[string]time.Time {
	t.Helper()
	out := map[string]time.Time{}
	for u, err := range srv.Client.PlatformUsers(t.Context(), api.PlatformUserFilter{}) {
		if err != nil {
			t.Fatal(err)
		}
		out[u.Username] = u.UpdatedAt
	}
	return out
}

// largeEstatesPipeline is the guide's pipeline against a server and a
// state server: the API client ci-pipeline of the workflow, with every
// permission on platform users.
type largeEstatesPipeline struct {
	srv    *acctest.Server
	states *largeEstatesStates
	cli    pipelineTerraform
	repo   string
	values map[string]string
	// jobs are the CI file's plan and apply jobs for a shard (GitHub's
	// unless set), statePrefix what its state names start with.
	jobs        func(t *testing.T, count, index int, adopt bool) (plan, apply largeEstatesJob)
	statePrefix string
}

func newLargeEstatesPipeline(t *testing.T, tf *acctest.Terraform) *largeEstatesPipeline {
	t.Helper()
	wf := readLargeEstatesWorkflow(t)
	clientID := wf.Env["ADMINAPI_CLIENT_ID"]
	if clientID == "" {
		t.Fatalf("%s: no ADMINAPI_CLIENT_ID", largeEstatesWorkflow)
	}
	const clientSecret, statePassword = "shards-client-secret", "state-secret"
	hash, err := bcrypt.GenerateFromPassword([]byte(clientSecret), bcrypt.MinCost)
	if err != nil {
		t.Fatal(err)
	}
	srv := acctest.StartServer(t, func(c *server.Config) {
		c.Clients = []server.APIClient{{ID: clientID, SecretHash: string(hash), Permissions: api.Permissions{
			Users: []string{}, Settings: []string{}, Accounts: []string{},
			PlatformUsers: []string{"read", "create", "update", "delete"},
		}}}
	})
	states := startLargeEstatesStates(t, "ci", statePassword)
	cli := largeEstatesCLI(t, tf)
	return &largeEstatesPipeline{
		srv: srv, states: states, cli: cli,
		repo: largeEstatesRepository(t, cli, ""),
		values: map[string]string{
			"vars.ADMINAPI_ENDPOINT":         srv.URL,
			"vars.TF_HTTP_ADDRESS_PREFIX":    states.URL + "/states/",
			"vars.TF_HTTP_USERNAME":          "ci",
			"secrets.TF_HTTP_PASSWORD":       statePassword,
			"secrets.ADMINAPI_CLIENT_SECRET": clientSecret,
		},
	}
}

// stateName is the name of the state of shard index of count.
func (p *largeEstatesPipeline) stateName(count, index int) string {
	return fmt.Sprintf("%sshard-%d-of-%d", p.statePrefix, index, count)
}

// jobsOf are the plan and apply jobs of shard index of count.
func (p *largeEstatesPipeline) jobsOf(t *testing.T, count, index int, adopt bool) (plan, apply largeEstatesJob) {
	t.Helper()
	if p.jobs != nil {
		return p.jobs(t, count, index, adopt)
	}
	return largeEstatesJobs(t, count, index, adopt, p.values)
}

// plan runs the plan job of shard index of count in a fresh copy of the
// repository and answers its directory and output; it fails the test
// unless the plan's summary is want.
func (p *largeEstatesPipeline) plan(t *testing.T, count, index int, adopt bool, want string) (string, string) {
	t.Helper()
	job, _ := p.jobsOf(t, count, index, adopt)
	dir := pipelineCopy(t, p.repo)
	out, code := job.run(t, p.cli, dir)
	if code != 0 || !strings.Contains(out, want) {
		t.Fatalf("%s: exit code %d, want 0 and %q:\n%s", job.name, code, want, out)
	}
	return dir, out
}

// apply runs the apply job of shard index of count with the artifacts of
// the plan job that ran in planDir.
func (p *largeEstatesPipeline) apply(t *testing.T, count, index int, adopt bool, planDir string) {
	t.Helper()
	plan, job := p.jobsOf(t, count, index, adopt)
	dir := pipelineCopy(t, p.repo)
	for _, f := range plan.artifacts {
		if err := copyFile(filepath.Join(planDir, f), filepath.Join(dir, f)); err != nil {
			t.Fatalf("the plan job's artifact %s: %v", f, err)
		}
	}
	if out, code := job.run(t, p.cli, dir); code != 0 || !strings.Contains(out, "Apply complete!") {
		t.Fatalf("%s: exit code %d:\n%s", job.name, code, out)
	}
}

// checkShards checks that the state of every shard of count holds exactly
// the users and assignments of users in that shard, and its guard.
func (p *largeEstatesPipeline) checkShards(t *testing.T, users map[string]largeEstatesUser, count int) {
	t.Helper()
	for i := range count {
		wantUsers, wantRoles := largeEstatesShard(users, count, i)
		got := p.states.managed(t, p.stateName(count, i))
		if !slices.Equal(got["adminapi_platform_user"], wantUsers) || !slices.Equal(got["adminapi_user_role"], wantRoles) || len(got["terraform_data"]) != 1 {
			t.Errorf("state %s holds %v, want the users %v, the assignments %v and the guard", p.stateName(count, i), got, wantUsers, wantRoles)
		}
	}
}

// checkPlatform checks that the platform holds every user of users, each
// with its roles, and none changed since before (when given).
func (p *largeEstatesPipeline) checkPlatform(t *testing.T, users map[string]largeEstatesUser, before map[string]time.Time) {
	t.Helper()
	for username, want := range users {
		u, err := p.srv.Client.GetPlatformUser(t.Context(), username)
		if err != nil {
			t.Errorf("%s: %v", username, err)
			continue
		}
		if got, want := slices.Sorted(slices.Values(u.Roles)), slices.Sorted(slices.Values(want.Roles)); !slices.Equal(got, want) {
			t.Errorf("%s holds the roles %v, want %v", username, got, want)
		}
		if at, ok := before[username]; ok && !u.UpdatedAt.Equal(at) {
			t.Errorf("%s was changed (updated_at %v, before %v)", username, u.UpdatedAt, at)
		}
	}
}
