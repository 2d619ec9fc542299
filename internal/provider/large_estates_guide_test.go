package provider_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"maps"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/tfversion"

	"github.com/adminapi/terraform-provider-adminapi/internal/acctest"
	"github.com/adminapi/terraform-provider-adminapi/internal/shard"
)

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
