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
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/tfversion"
	"golang.org/x/crypto/bcrypt"

	"github.com/adminapi/terraform-provider-adminapi/internal/acctest"
	"github.com/adminapi/terraform-provider-adminapi/internal/api"
	"github.com/adminapi/terraform-provider-adminapi/internal/server"
	"github.com/adminapi/terraform-provider-adminapi/internal/shard"
)

// The guide "Large estates" and the files it shows.
const (
	largeEstatesGuide    = "../../templates/guides/large-estates.md.tmpl"
	largeEstatesExample  = "../../examples/guides/large-estates"
	largeEstatesWorkflow = "../../examples/ci/github-actions/.github/workflows/terraform-shards.yml"
	largeEstatesGitLab   = "../../examples/ci/gitlab-shards/.gitlab-ci.yml"
)

// The shard function as the guide and the example's main.tf write it, K
// standing for the number of shards.
const largeEstatesHCL = "parseint(substr(sha256(lower(username)), 0, 8), 16) % K"

// largeEstatesVector is a row of the guide's table of test vectors.
type largeEstatesVector struct {
	username string
	hash     string
	number   uint64
	of10     int64
	of3      int64
}

// largeEstatesVectors reads the guide's table of test vectors.
func largeEstatesVectors(t *testing.T) []largeEstatesVector {
	t.Helper()
	page, err := os.ReadFile(largeEstatesGuide)
	if err != nil {
		t.Fatal(err)
	}
	_, table, _ := strings.Cut(string(page), "<!-- shard vectors:")
	table, _, ok := strings.Cut(table, "<!-- end -->")
	if !ok {
		t.Fatalf("%s: no table of shard vectors", largeEstatesGuide)
	}
	row := regexp.MustCompile("(?m)^\\| `([^`]+)` \\| `([0-9a-f]{8})` \\| ([0-9]+) \\| ([0-9]+) \\| ([0-9]+) \\|$")
	var vectors []largeEstatesVector
	for _, m := range row.FindAllStringSubmatch(table, -1) {
		v := largeEstatesVector{username: m[1], hash: m[2]}
		v.number, _ = strconv.ParseUint(m[3], 10, 64)
		v.of10, _ = strconv.ParseInt(m[4], 10, 64)
		v.of3, _ = strconv.ParseInt(m[5], 10, 64)
		vectors = append(vectors, v)
	}
	if len(vectors) < 4 {
		t.Fatalf("%s: %d shard vectors, want the table's rows", largeEstatesGuide, len(vectors))
	}
	return vectors
}

// TestLargeEstatesGuideFiles checks, without a CLI, what the guide states
// and the acceptance tests rely on: its test vectors are the provider's
// function (internal/shard); the guide and main.tf write the function as
// one HCL expression; what it says of the example's users (which shard
// holds whom, what the imports count) is what users.json gives; the
// workflow's plan and apply matrices list the number of shards of
// variables.tf and every index below it.
func TestLargeEstatesGuideFiles(t *testing.T) {
	for _, v := range largeEstatesVectors(t) {
		if got := fmt.Sprintf("%08x", shard.Hash(v.username)); got != v.hash {
			t.Errorf("%s: the guide gives the hash %s, the provider %s", v.username, v.hash, got)
		}
		if uint64(shard.Hash(v.username)) != v.number {
			t.Errorf("%s: the guide gives the number %d, the provider %d", v.username, v.number, shard.Hash(v.username))
		}
		if got := shard.Of(v.username, 10); got != v.of10 {
			t.Errorf("%s: the guide gives shard %d of 10, the provider %d", v.username, v.of10, got)
		}
		if got := shard.Of(v.username, 3); got != v.of3 {
			t.Errorf("%s: the guide gives shard %d of 3, the provider %d", v.username, v.of3, got)
		}
	}

	page, err := os.ReadFile(largeEstatesGuide)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(page), largeEstatesHCL) {
		t.Errorf("the guide does not write the function as %q", largeEstatesHCL)
	}
	main, err := os.ReadFile(filepath.Join(largeEstatesExample, "main.tf"))
	if err != nil {
		t.Fatal(err)
	}
	inMain := strings.Replace(largeEstatesHCL, "K", "var.shard_count", 1) + " == var.shard_index"
	if !strings.Contains(string(main), inMain) {
		t.Errorf("main.tf does not keep the users with %q", inMain)
	}

	// What the guide says of the example's users.json.
	users := readLargeEstatesUsers(t, filepath.Join(largeEstatesExample, "users.json"))
	text := strings.Join(strings.Fields(string(page)), " ")
	for _, c := range []struct {
		count, index int
		users        []string
		assignments  int
		says         []string
	}{
		{4, 2, []string{"bob-keller", "david-cho", "frank"}, 2, []string{"shard 2 of 4 holds `bob-keller`, `david-cho` and `frank`"}},
		{4, 0, []string{"carol-weber", "erin-walsh", "grace"}, 2, []string{"shard 0 `carol-weber`, `erin-walsh` and `grace`",
			"shard 0 imports 3 users and 2 assignments: ``` Plan: 5 to import, 1 to add, 0 to change, 0 to destroy. ```"}},
		{4, 1, []string{"alice"}, 1, []string{"shard 1 `alice`"}},
		{4, 3, []string{"heidi"}, 0, []string{"shard 3 `heidi`"}},
		{3, 0, []string{"erin-walsh", "frank", "heidi"}, 1, []string{"shard 0 of 3 holds `erin-walsh`, `frank` and `heidi`, and one assignment: ``` Plan: 4 to import, 1 to add, 0 to change, 0 to destroy. ```"}},
	} {
		gotUsers, gotAssignments := largeEstatesShard(users, c.count, c.index)
		if !slices.Equal(gotUsers, c.users) || len(gotAssignments) != c.assignments {
			t.Errorf("shard %d of %d of users.json holds %v and %d assignments; the test says %v and %d", c.index, c.count, gotUsers, len(gotAssignments), c.users, c.assignments)
		}
		for _, say := range c.says {
			if !strings.Contains(text, say) {
				t.Errorf("the guide does not say %q", say)
			}
		}
	}

	count := largeEstatesShardCount(t)
	wf := readLargeEstatesWorkflow(t)
	for _, name := range []string{"plan", "apply"} {
		m := wf.Jobs[name].Strategy.Matrix
		want := make([]int, count)
		for i := range want {
			want[i] = i
		}
		if !slices.Equal(m.ShardCount, []int{count}) || !slices.Equal(m.ShardIndex, want) {
			t.Errorf("job %s: matrix shard_count %v, shard_index %v; want [%d] and %v (variables.tf)", name, m.ShardCount, m.ShardIndex, count, want)
		}
	}
}

// largeEstatesShardCount is the default of shard_count in variables.tf.
func largeEstatesShardCount(t *testing.T) int {
	t.Helper()
	src, err := os.ReadFile(filepath.Join(largeEstatesExample, "variables.tf"))
	if err != nil {
		t.Fatal(err)
	}
	m := regexp.MustCompile(`(?s)variable "shard_count" \{.*?default\s*=\s*([0-9]+)`).FindSubmatch(src)
	if m == nil {
		t.Fatal("variables.tf: no default for shard_count")
	}
	n, _ := strconv.Atoi(string(m[1]))
	return n
}

// TestAccLargeEstates_hclAgrees: over 200 platform users (67 of them
// members of an account) and 13 admin users, the data sources
// adminapi_platform_users, adminapi_admin_users and adminapi_account_users
// with shard = { count = K, index = i } keep, for K = 3 and 10 and every
// i, exactly the users for which the guide's HCL expression gives i: a
// postcondition checks every username they return in HCL, a check that
// the shards of each K cover every user once; the test checks the same
// against internal/shard. Terraform's sha256, lower and
// parseint give the guide's test vectors.
func TestAccLargeEstates_hclAgrees(t *testing.T) {
	tf := acctest.NewTerraform(t)
	srv := acctest.StartServer(t)
	users := acctest.NumberedNames("estate-user", 200)
	ldap := true
	account, err := srv.Client.CreateAccount(t.Context(), api.AccountInput{Name: "estate"})
	if err != nil {
		t.Fatal(err)
	}
	var members []string
	for i, u := range users {
		if _, err := srv.Client.CreatePlatformUser(t.Context(), api.CreatePlatformUser{Username: u, Email: u + "@example.com", LDAP: &ldap}); err != nil {
			t.Fatal(err)
		}
		if i%3 == 0 {
			if _, err := srv.Client.SetAccountMember(t.Context(), account.ID, u, "user"); err != nil {
				t.Fatal(err)
			}
			members = append(members, u)
		}
	}
	admins := []string{acctest.AdminUsername}
	for _, a := range acctest.NumberedNames("estate-admin", 12) {
		if _, err := srv.Client.CreateAdminUser(t.Context(), api.CreateAdminUser{Username: a, Password: "estate-admin-password",
			Permissions: api.Permissions{Users: []string{}, Settings: []string{}, PlatformUsers: []string{}, Accounts: []string{}}}); err != nil {
			t.Fatal(err)
		}
		admins = append(admins, a)
	}
	slices.Sort(admins)
	vectors := largeEstatesVectors(t)
	var names []string
	for _, v := range vectors {
		names = append(names, strconv.Quote(v.username))
	}
	shardOf := func(username, k string) string {
		return strings.NewReplacer("username", username, "K", k).Replace(largeEstatesHCL)
	}
	tf.WriteConfig(t, srv.ProviderBlock()+fmt.Sprintf(`
locals {
  splits = merge([
    for k in [3, 10] : { for i in range(k) : "${k}/${i}" => { count = k, index = i } }
  ]...)
}

data "adminapi_platform_users" "all" {}

data "adminapi_platform_users" "shard" {
  for_each = local.splits
  shard    = { count = each.value.count, index = each.value.index }

  lifecycle {
    postcondition {
      condition     = alltrue([for u in self.usernames : %[1]s == each.value.index])
      error_message = "A username is outside its shard: ${join(", ", [for u in self.usernames : u if %[1]s != each.value.index])}"
    }
  }
}

data "adminapi_admin_users" "all" {}

data "adminapi_admin_users" "shard" {
  for_each = local.splits
  shard    = { count = each.value.count, index = each.value.index }

  lifecycle {
    postcondition {
      condition     = alltrue([for u in self.users[*].username : %[1]s == each.value.index])
      error_message = "An admin username is outside its shard."
    }
  }
}

data "adminapi_account_users" "all" {
  account_id = %[5]q
}

data "adminapi_account_users" "shard" {
  for_each   = local.splits
  account_id = %[5]q
  shard      = { count = each.value.count, index = each.value.index }

  lifecycle {
    postcondition {
      condition     = alltrue([for u in self.users[*].username : %[1]s == each.value.index])
      error_message = "A member's username is outside its shard."
    }
  }
}

check "cover" {
  assert {
    condition = alltrue(flatten([
      for k in [3, 10] : [
        sort(flatten([for i in range(k) : data.adminapi_platform_users.shard["${k}/${i}"].usernames])) == sort(data.adminapi_platform_users.all.usernames),
        sort(flatten([for i in range(k) : data.adminapi_admin_users.shard["${k}/${i}"].users[*].username])) == sort(data.adminapi_admin_users.all.users[*].username),
        sort(flatten([for i in range(k) : data.adminapi_account_users.shard["${k}/${i}"].users[*].username])) == sort(data.adminapi_account_users.all.users[*].username),
      ]
    ]))
    error_message = "The shards of some K do not hold every user exactly once."
  }
}

output "shards" {
  value = { for key, d in data.adminapi_platform_users.shard : key => d.usernames }
}

output "admin_shards" {
  value = { for key, d in data.adminapi_admin_users.shard : key => d.users[*].username }
}

output "member_shards" {
  value = { for key, d in data.adminapi_account_users.shard : key => d.users[*].username }
}

output "all" {
  value = data.adminapi_platform_users.all.usernames
}

output "vectors" {
  value = {
    for username in [%[2]s] : username => {
      hash   = substr(sha256(lower(username)), 0, 8)
      number = parseint(substr(sha256(lower(username)), 0, 8), 16)
      of10   = %[3]s
      of3    = %[4]s
    }
  }
}
`, shardOf("u", "each.value.count"), strings.Join(names, ", "), shardOf("username", "10"), shardOf("username", "3"), account.ID))

	out, err := tf.Run(t, "apply", "-auto-approve", "-no-color")
	if err != nil || strings.Contains(out, "Warning: Check block assertion failed") {
		t.Fatalf("terraform apply: %v\n%s", err, out)
	}
	var outputs struct {
		Shards       struct{ Value map[string][]string } `json:"shards"`
		AdminShards  struct{ Value map[string][]string } `json:"admin_shards"`
		MemberShards struct{ Value map[string][]string } `json:"member_shards"`
		All          struct{ Value []string }            `json:"all"`
		// number is a JSON number that may exceed what a float64 holds
		// exactly: read as text.
		Vectors struct {
			Value map[string]struct {
				Hash   string      `json:"hash"`
				Number json.Number `json:"number"`
				Of10   int64       `json:"of10"`
				Of3    int64       `json:"of3"`
			}
		} `json:"vectors"`
	}
	dec := json.NewDecoder(strings.NewReader(tf.MustRun(t, "output", "-json")))
	dec.UseNumber()
	if err := dec.Decode(&outputs); err != nil {
		t.Fatal(err)
	}

	if !slices.Equal(slices.Sorted(slices.Values(outputs.All.Value)), users) {
		t.Fatalf("data.adminapi_platform_users.all holds %d users, want the %d created", len(outputs.All.Value), len(users))
	}
	for _, c := range []struct {
		what   string
		shards map[string][]string
		want   []string
	}{
		{"platform users", outputs.Shards.Value, users},
		{"admin users", outputs.AdminShards.Value, admins},
		{"members", outputs.MemberShards.Value, members},
	} {
		for _, k := range []int64{3, 10} {
			got := map[int][]string{}
			for i := range k {
				got[int(i)] = c.shards[fmt.Sprintf("%d/%d", k, i)]
			}
			if err := largeEstatesSplit(got, c.want, k); err != nil {
				t.Errorf("%s, K = %d: %v", c.what, k, err)
			}
		}
	}
	for _, v := range vectors {
		got, ok := outputs.Vectors.Value[v.username]
		if !ok {
			t.Errorf("%s: no output", v.username)
			continue
		}
		if got.Hash != v.hash || got.Number.String() != strconv.FormatUint(v.number, 10) || got.Of10 != v.of10 || got.Of3 != v.of3 {
			t.Errorf("%s: Terraform computes hash %s, number %s, shard %d of 10, %d of 3; the guide gives %s, %d, %d, %d",
				v.username, got.Hash, got.Number, got.Of10, got.Of3, v.hash, v.number, v.of10, v.of3)
		}
	}
}

// largeEstatesSplit checks that shards (index -> usernames) are the split
// of users into k shards by internal/shard: each user once, in its shard.
func largeEstatesSplit(shards map[int][]string, users []string, k int64) error {
	var problems []string
	seen := map[string]bool{}
	for i, names := range shards {
		for _, u := range names {
			if s := shard.Of(u, k); s != int64(i) {
				problems = append(problems, fmt.Sprintf("%s in shard %d, its shard is %d", u, i, s))
			}
			if seen[u] {
				problems = append(problems, u+" twice")
			}
			seen[u] = true
		}
	}
	for _, u := range users {
		if !seen[u] {
			problems = append(problems, u+" in no shard")
		}
	}
	if len(seen) != len(users) {
		problems = append(problems, fmt.Sprintf("%d users in the shards, want %d", len(seen), len(users)))
	}
	if len(problems) > 0 {
		return fmt.Errorf("%s", strings.Join(problems, "; "))
	}
	return nil
}

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

// largeEstatesCLI is tf with a CLI configuration that installs the
// provider built from this tree from a filesystem mirror, as the release
// that terraform.tf's constraint (~> X.Y) accepts, so that init writes
// the lock file the pipeline commits.
func largeEstatesCLI(t *testing.T, tf *acctest.Terraform) pipelineTerraform {
	t.Helper()
	src, err := os.ReadFile(filepath.Join(largeEstatesExample, "terraform.tf"))
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

// TestAccLargeEstates_guide runs the guide's configuration as written,
// with the commands and the environment of its workflow's plan and apply
// jobs for each shard, each shard's state in an http backend at the
// workflow's address:
//
//   - An existing estate (the example's users.json, created behind
//     Terraform's back): the run by hand with adopt imports into each
//     shard's state exactly that shard's users and role assignments, and
//     changes none; the next runs plan nothing.
//   - A user added to users.json is created by its own shard's plan; the
//     other shards plan nothing.
//   - Shard 1's plan against shard 0's state fails on the guard: no plan
//     is saved, nothing changes.
//   - The number of shards changes from 4 to 3 as the guide says: the new
//     shards' runs with adopt import their users (frank moves from shard 2
//     to shard 0) with no change; retire/ forgets every object of each old
//     state with removed blocks, deleting nothing; every user stays on the
//     platform, unchanged, with its roles; the new states plan nothing.
func TestAccLargeEstates_guide(t *testing.T) {
	tf := acctest.NewTerraform(t)
	p := newLargeEstatesPipeline(t, tf)
	users := readLargeEstatesUsers(t, filepath.Join(p.repo, "users.json"))
	createLargeEstate(t, p.srv, users)
	before := largeEstatesUpdated(t, p.srv)
	count := largeEstatesShardCount(t)

	// The run by hand with adopt: each shard imports its own.
	for i := range count {
		wantUsers, wantRoles := largeEstatesShard(users, count, i)
		if len(wantUsers) == 0 {
			t.Fatalf("shard %d of %d of the example holds no user", i, count)
		}
		planDir, _ := p.plan(t, count, i, true,
			fmt.Sprintf("Plan: %d to import, 1 to add, 0 to change, 0 to destroy.", len(wantUsers)+len(wantRoles)))
		p.apply(t, count, i, true, planDir)
	}
	p.checkShards(t, users, count)
	p.checkPlatform(t, users, before)
	for i := range count {
		p.plan(t, count, i, false, "No changes.")
	}

	// A new user in users.json: its shard creates it.
	const newcomer = "ivan-petrov"
	newShard := int(shard.Of(newcomer, int64(count)))
	users[newcomer] = largeEstatesUser{Email: "ivan.petrov@example.com", Language: "en", Tags: []string{}, Metadata: map[string]string{},
		Enabled: true, LDAP: true, Roles: []string{"auditor"}}
	data, err := json.MarshalIndent(users, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(p.repo, "users.json"), data, 0o600); err != nil {
		t.Fatal(err)
	}
	for i := range count {
		want := "No changes."
		if i == newShard {
			want = "Plan: 2 to add, 0 to change, 0 to destroy."
		}
		planDir, _ := p.plan(t, count, i, false, want)
		if i == newShard {
			p.apply(t, count, i, false, planDir)
		}
	}
	p.checkShards(t, users, count)
	before = largeEstatesUpdated(t, p.srv)

	// Shard 1's plan against shard 0's state: the guard refuses it.
	wrong, _ := largeEstatesJobs(t, count, 1, false, p.values)
	for i, kv := range wrong.env {
		if k, v, _ := strings.Cut(kv, "="); strings.HasPrefix(k, "TF_HTTP_") && strings.Contains(v, p.stateName(count, 1)) {
			wrong.env[i] = strings.ReplaceAll(kv, p.stateName(count, 1), p.stateName(count, 0))
		}
	}
	wrongDir := pipelineCopy(t, p.repo)
	out, code := wrong.run(t, p.cli, wrongDir)
	// OpenTofu: "Resource instance cannot be destroyed".
	refused := acctest.ErrorRegexp("cannot be destroyed", `resource "terraform_data" "shard"`, "prevent_destroy")
	if code != 1 || !refused.MatchString(out) {
		t.Fatalf("shard 1's plan against shard 0's state: exit code %d, want 1 and the guard's error:\n%s", code, out)
	}
	// The failed plan job uploads nothing and its apply job does not run;
	// the errored plan file Terraform leaves behind does not apply either.
	var applied bytes.Buffer
	if err := p.cli.command(t, wrongDir, &applied, wrong.env, "apply", "-input=false", "-no-color", "tfplan").Run(); err == nil {
		t.Fatalf("the errored plan of shard 1 against shard 0's state applied:\n%s", applied.String())
	}
	t.Logf("terraform apply of the errored plan: %s", strings.Join(acctest.TerraformErrors(applied.String()), "; "))
	p.checkPlatform(t, users, before)

	// From 4 shards to 3. The guide's example: frank moves from 2 to 0.
	const newCount = 3
	if shard.Of("frank", int64(count)) != 2 || shard.Of("frank", newCount) != 0 || shard.Of("alice", newCount) != 1 {
		t.Fatal("the guide says that frank moves from shard 2 of 4 to shard 0 of 3 and alice stays in shard 1: it does not")
	}
	variables := filepath.Join(p.repo, "variables.tf")
	src, err := os.ReadFile(variables)
	if err != nil {
		t.Fatal(err)
	}
	changed := regexp.MustCompile(`(?s)(variable "shard_count" \{.*?default\s*=\s*)[0-9]+`).ReplaceAll(src, fmt.Appendf(nil, "${1}%d", newCount))
	if err := os.WriteFile(variables, changed, 0o600); err != nil {
		t.Fatal(err)
	}
	for i := range newCount {
		wantUsers, wantRoles := largeEstatesShard(users, newCount, i)
		planDir, _ := p.plan(t, newCount, i, true,
			fmt.Sprintf("Plan: %d to import, 1 to add, 0 to change, 0 to destroy.", len(wantUsers)+len(wantRoles)))
		p.apply(t, newCount, i, true, planDir)
	}
	p.checkShards(t, users, newCount)

	// retire/ in each old state, with the guide's commands.
	retire := largeEstatesRepository(t, p.cli, "retire")
	plan, _ := largeEstatesJobs(t, count, 0, false, p.values)
	for i := range count {
		address := p.values["vars.TF_HTTP_ADDRESS_PREFIX"] + p.stateName(count, i)
		env := append(slices.Clone(plan.env), "TF_HTTP_ADDRESS="+address, "TF_HTTP_LOCK_ADDRESS="+address+"/lock", "TF_HTTP_UNLOCK_ADDRESS="+address+"/lock")
		held := p.states.managed(t, p.stateName(count, i))
		n := len(held["adminapi_platform_user"]) + len(held["adminapi_user_role"]) + len(held["terraform_data"])
		job := largeEstatesJob{name: "retire " + p.stateName(count, i), env: env, commands: largeEstatesRetireCommands(t)}
		out, code := job.run(t, p.cli, pipelineCopy(t, retire))
		forgotten := len(largeEstatesForgotten.FindAllString(out, -1))
		if code != 0 || forgotten != n || !strings.Contains(out, "Plan: 0 to add, 0 to change, 0 to destroy") {
			t.Fatalf("%s: exit code %d, %d objects forgotten, want 0 and %d, nothing else planned:\n%s", job.name, code, forgotten, n, out)
		}
		if left := p.states.managed(t, p.stateName(count, i)); len(left) != 0 {
			t.Errorf("%s still holds %v", p.stateName(count, i), left)
		}
	}
	p.checkPlatform(t, users, before)
	for i := range newCount {
		p.plan(t, newCount, i, false, "No changes.")
	}
	if got := p.states.managed(t, p.stateName(newCount, 0))["adminapi_platform_user"]; !slices.Contains(got, "frank") {
		t.Errorf("shard 0 of 3 holds %v, not frank", got)
	}
}

// largeEstatesForgotten is what a plan says of each object a removed block
// forgets: Terraform's words, then OpenTofu's.
var largeEstatesForgotten = regexp.MustCompile(`will no longer be managed by Terraform, but will not be destroyed|will be removed from the OpenTofu state but will not be destroyed`)

// largeEstatesRetireCommands are the terraform commands of the guide's loop
// over the old states in retire/.
func largeEstatesRetireCommands(t *testing.T) [][]string {
	t.Helper()
	page, err := os.ReadFile(largeEstatesGuide)
	if err != nil {
		t.Fatal(err)
	}
	_, after, _ := strings.Cut(string(page), "cd retire\n")
	block, _, ok := strings.Cut(after, "```")
	if !ok {
		t.Fatalf("%s: no commands after cd retire", largeEstatesGuide)
	}
	var cmds [][]string
	for line := range strings.SplitSeq(block, "\n") {
		line, _, _ = strings.Cut(line, "#")
		cmds = append(cmds, terraformCommands(line)...)
	}
	if len(cmds) < 2 {
		t.Fatalf("%s: the retire loop runs %q", largeEstatesGuide, cmds)
	}
	return cmds
}

// TestAccLargeEstates_queryImport brings an existing estate of 60 users,
// with roles, under the guide's configuration shard by shard, as the guide
// says with Terraform 1.14+: `terraform query -json` with its query file
// for each shard, users-from-query.jq into users.json (the users as the
// platform holds them), then the workflow's run by hand with adopt, whose
// plan for each shard imports exactly its users and their assignments and
// changes none; no user is changed, and the next plans are empty.
func TestAccLargeEstates_queryImport(t *testing.T) {
	acctest.SkipBelowCLI(t, tfversion.Version1_14_0)
	jq, err := exec.LookPath("jq")
	if err != nil {
		t.Skip("jq is not on PATH: the guide turns the query's output into users.json with it")
	}
	tf := acctest.NewTerraform(t)
	p := newLargeEstatesPipeline(t, tf)
	users := map[string]largeEstatesUser{}
	for i, username := range acctest.NumberedNames("estate-user", 60) {
		u := largeEstatesUser{Email: username + "@example.com", Language: []string{"en", "fr", "de"}[i%3],
			Tags: []string{}, Metadata: map[string]string{}, Enabled: i%7 != 0, LDAP: i%2 == 0, Roles: []string{}}
		if i%4 != 0 {
			name := fmt.Sprintf("User %d", i)
			u.Name = &name
		}
		if i%5 == 0 {
			id := fmt.Sprintf("S-1-5-21-%d", 1000+i)
			u.ExternalID = &id
			u.Tags = []string{"ops", "paris"}
			u.Metadata = map[string]string{"team": "red"}
		}
		if i%3 == 0 {
			u.Roles = append(u.Roles, "auditor")
		}
		if i%8 == 0 {
			u.Roles = append(u.Roles, "support")
		}
		users[username] = u
	}
	createLargeEstate(t, p.srv, users)
	before := largeEstatesUpdated(t, p.srv)
	count := largeEstatesShardCount(t)

	// The guide's commands, in a checkout, with the pipeline's API client.
	commands := largeEstatesQueryCommands(t)
	dir := pipelineCopy(t, p.repo)
	job, _ := largeEstatesJobs(t, count, 0, false, p.values)
	var files []string
	for i := range count {
		var out, stderr bytes.Buffer
		args := slices.Clone(commands[1])
		for j, a := range args {
			args[j] = strings.ReplaceAll(a, "$i", strconv.Itoa(i))
		}
		if i == 0 {
			var init bytes.Buffer
			if err := p.cli.command(t, dir, &init, job.env, commands[0]...).Run(); err != nil {
				t.Fatalf("terraform %s: %v\n%s", strings.Join(commands[0], " "), err, init.String())
			}
		}
		cmd := p.cli.command(t, dir, &out, job.env, args...)
		cmd.Stderr = &stderr
		if err := cmd.Run(); err != nil {
			t.Fatalf("terraform %s: %v\n%s%s", strings.Join(args, " "), err, out.String(), stderr.String())
		}
		file := fmt.Sprintf("shard-%d.json", i)
		if err := os.WriteFile(filepath.Join(dir, file), out.Bytes(), 0o600); err != nil {
			t.Fatal(err)
		}
		files = append(files, file)
	}
	p.states.mu.Lock()
	written := slices.Sorted(maps.Keys(p.states.states))
	p.states.mu.Unlock()
	if len(written) > 0 {
		t.Fatalf("the queries wrote the states %v", written)
	}
	convert := exec.CommandContext(t.Context(), jq, append([]string{"-s", "-S", "-f", "users-from-query.jq"}, files...)...)
	convert.Dir = dir
	usersJSON, err := convert.Output()
	if err != nil {
		t.Fatalf("jq: %v", err)
	}
	var got map[string]largeEstatesUser
	if err := json.Unmarshal(usersJSON, &got); err != nil {
		t.Fatalf("users.json from the queries: %v\n%s", err, usersJSON)
	}
	gotJSON, _ := json.Marshal(got)
	wantJSON, _ := json.Marshal(users)
	if !bytes.Equal(gotJSON, wantJSON) {
		t.Fatalf("users.json from the queries is not the estate:\ngot  %s\nwant %s", gotJSON, wantJSON)
	}
	// users.json is committed: the pipeline's checkouts have it.
	if err := os.WriteFile(filepath.Join(p.repo, "users.json"), usersJSON, 0o600); err != nil {
		t.Fatal(err)
	}

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

// largeEstatesQueryCommands are the guide's terraform commands that write
// the query's output for each shard: init, and the query ("$i" for the
// shard's index); the guide's jq command must be the test's.
func largeEstatesQueryCommands(t *testing.T) [][]string {
	t.Helper()
	page, err := os.ReadFile(largeEstatesGuide)
	if err != nil {
		t.Fatal(err)
	}
	_, after, _ := strings.Cut(string(page), "```sh\nterraform init")
	block, _, ok := strings.Cut("terraform init"+after, "```")
	if !ok {
		t.Fatalf("%s: no query commands", largeEstatesGuide)
	}
	var cmds [][]string
	for line := range strings.SplitSeq(block, "\n") {
		line, _, _ = strings.Cut(line, "#")
		line, _, _ = strings.Cut(line, ">")
		cmds = append(cmds, terraformCommands(line)...)
	}
	if len(cmds) != 2 || cmds[1][0] != "query" || !strings.Contains(block, "jq -s -S -f users-from-query.jq shard-*.json > users.json") {
		t.Fatalf("%s: the query commands are %q, want init, query, and the test's jq command:\n%s", largeEstatesGuide, cmds, block)
	}
	return cmds
}

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
