package acctest

import (
	"encoding/json"
	"fmt"
	"maps"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	tfjson "github.com/hashicorp/terraform-json"
)

// queryMinimum is the first Terraform with `terraform query`.
var queryMinimum = []int{1, 14}

// NewQueryTerraform is NewTerraform with a Terraform that has
// `terraform query` (1.14+): the newest of the one NewTerraform would run
// and the terraform-*/terraform under the shared tools beside the
// repository (SHARED_TOOLS, ../shared/tools from its root by default), so
// that it runs in a clone beside ../shared whatever PATH holds. The test
// skips unless TF_ACC is set, when no such Terraform is found, and under
// OpenTofu, which has no `query`.
func NewQueryTerraform(t testing.TB) *Terraform {
	t.Helper()
	if os.Getenv("TF_ACC") == "" {
		t.Skip("Acceptance tests skipped unless env 'TF_ACC' set")
	}
	SkipOnOpenTofu(t, "terraform query")
	binary, tried := queryTerraform(t)
	if binary == "" {
		t.Skipf("no Terraform %d.%d or newer for terraform query: tried %s", queryMinimum[0], queryMinimum[1], strings.Join(tried, ", "))
	}
	tf := NewTerraform(t)
	tf.binary = binary
	return tf
}

// queryTerraform answers the Terraform NewQueryTerraform runs, or "" and
// what it tried.
func queryTerraform(t testing.TB) (string, []string) {
	t.Helper()
	var candidates []string
	if b := os.Getenv("TF_ACC_TERRAFORM_PATH"); b != "" {
		candidates = append(candidates, b)
	} else if b, err := exec.LookPath("terraform"); err == nil {
		candidates = append(candidates, b)
	}
	shared := os.Getenv("SHARED_TOOLS")
	if shared == "" {
		shared = filepath.Join("..", "shared", "tools")
	}
	if !filepath.IsAbs(shared) {
		shared = filepath.Join(moduleRoot(t), shared)
	}
	found, _ := filepath.Glob(filepath.Join(shared, "terraform-*", "terraform"))
	candidates = append(candidates, found...)
	var best string
	var bestVersion []int
	var tried []string
	for _, c := range candidates {
		v := terraformVersion(t, c)
		tried = append(tried, fmt.Sprintf("%s %v", c, v))
		if slices.Compare(v, queryMinimum) >= 0 && slices.Compare(v, bestVersion) > 0 {
			best, bestVersion = c, v
		}
	}
	return best, tried
}

// moduleRoot is the directory of this module's go.mod.
func moduleRoot(t testing.TB) string {
	t.Helper()
	out, err := exec.CommandContext(t.Context(), "go", "env", "GOMOD").Output()
	if err != nil {
		t.Fatalf("go env GOMOD: %v", err)
	}
	return filepath.Dir(strings.TrimSpace(string(out)))
}

// terraformVersion is the version binary reports (e.g. [1 15 9]); nil when
// it cannot tell.
func terraformVersion(t testing.TB, binary string) []int {
	out, err := exec.CommandContext(t.Context(), binary, "version", "-json").Output()
	if err != nil {
		return nil
	}
	var v struct {
		Version string `json:"terraform_version"`
	}
	if json.Unmarshal(out, &v) != nil {
		return nil
	}
	core, _, _ := strings.Cut(v.Version, "-")
	var parts []int
	for s := range strings.SplitSeq(core, ".") {
		n, err := strconv.Atoi(s)
		if err != nil {
			return nil
		}
		parts = append(parts, n)
	}
	return parts
}

// WriteQuery writes the query configuration, main.tfquery.hcl: list blocks
// for `terraform query`.
func (tf *Terraform) WriteQuery(t testing.TB, hcl string) {
	t.Helper()
	if err := os.WriteFile(filepath.Join(tf.Dir, "main.tfquery.hcl"), []byte(hcl), 0o600); err != nil {
		t.Fatal(err)
	}
}

// MustRun runs a terraform command and answers its output; an error fails
// the test with that output.
func (tf *Terraform) MustRun(t testing.TB, args ...string) string {
	t.Helper()
	out, err := tf.Run(t, args...)
	if err != nil {
		t.Fatalf("terraform %s: %v\n%s", strings.Join(args, " "), err, out)
	}
	return out
}

// Plan plans the configuration into tfplan and answers the plan as
// `terraform show -json` gives it, and as `terraform plan` prints it.
func (tf *Terraform) Plan(t testing.TB) (*tfjson.Plan, string) {
	t.Helper()
	out := tf.MustRun(t, "plan", "-no-color", "-out=tfplan")
	var plan tfjson.Plan
	if err := json.Unmarshal([]byte(tf.MustRun(t, "show", "-json", "tfplan")), &plan); err != nil {
		t.Fatalf("terraform show -json tfplan: %v", err)
	}
	return &plan, out
}

// ImportByQuery brings what the list blocks of query find under management
// as a person would: `terraform query -generate-config-out`, then a plan
// that imports, by resource type, the number of objects want says, each
// with no change, and adds, changes and destroys nothing; then an apply,
// after which the plan is empty. The configuration (WriteConfig) must hold
// the provider block.
func (tf *Terraform) ImportByQuery(t testing.TB, query string, want map[string]int) {
	t.Helper()
	tf.WriteQuery(t, query)
	tf.MustRun(t, "query", "-no-color", "-generate-config-out=generated.tf")
	plan, out := tf.Plan(t)
	if err := ExpectImportsOnly(plan, want); err != nil {
		t.Fatalf("the plan of the generated configuration: %v", err)
	}
	var total int
	for _, n := range want {
		total += n
	}
	if summary := fmt.Sprintf("Plan: %d to import, 0 to add, 0 to change, 0 to destroy.", total); !strings.Contains(out, summary) {
		t.Fatalf("terraform plan does not say %q:\n%s", summary, out)
	}
	tf.MustRun(t, "apply", "-no-color", "tfplan")
	tf.ExpectEmptyPlan(t)
}

// ExpectImportsOnly checks that plan imports, by resource type, the number
// of objects want says, each with no change, and plans nothing else.
func ExpectImportsOnly(plan *tfjson.Plan, want map[string]int) error {
	got := map[string]int{}
	var others []string
	for _, rc := range plan.ResourceChanges {
		if rc.Change.Importing != nil && rc.Change.Actions.NoOp() {
			got[rc.Type]++
			continue
		}
		others = append(others, fmt.Sprintf("%s %v (importing: %v)", rc.Address, rc.Change.Actions, rc.Change.Importing != nil))
	}
	if !maps.Equal(got, want) || len(others) > 0 {
		return fmt.Errorf("imports with no change %v, want %v; other changes: %v", got, want, others)
	}
	return nil
}
