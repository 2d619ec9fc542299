package provider_test

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

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
