package platformuser_test

import (
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	tfjson "github.com/hashicorp/terraform-json"
)

// queryCLI drives a terraform that has `terraform query` (Terraform 1.14+)
// in a working directory of its own, with the provider built from this tree
// through a dev_overrides CLI configuration given to the subprocess only:
// for what a query TestStep cannot express (-generate-config-out).
type queryCLI struct {
	t         *testing.T
	terraform string
	dir       string
	env       []string
}

// queryTerraformMin is the first Terraform with `terraform query`.
var queryTerraformMin = []int{1, 14, 0}

// newQueryCLI uses the terraform terraform-plugin-testing would run
// (TF_ACC_TERRAFORM_PATH, else PATH's), and skips below Terraform 1.14.
func newQueryCLI(t *testing.T) *queryCLI {
	t.Helper()
	skipUnlessAcc(t)
	tf := os.Getenv("TF_ACC_TERRAFORM_PATH")
	if tf == "" {
		var err error
		if tf, err = exec.LookPath("terraform"); err != nil {
			t.Skipf("no terraform on PATH: %v", err)
		}
	}
	return startQueryCLI(t, tf, terraformVersionOf(t, tf))
}

// newNewestQueryCLI uses the newest terraform there is: the shared tools
// beside the project ($SHARED_TOOLS, else ../shared/tools from the module's
// root) or PATH's; it skips when that is older than Terraform 1.14.
func newNewestQueryCLI(t *testing.T) *queryCLI {
	t.Helper()
	skipUnlessAcc(t)
	tools := os.Getenv("SHARED_TOOLS")
	if tools == "" {
		tools = filepath.Join("..", "shared", "tools")
	}
	if !filepath.IsAbs(tools) {
		tools = filepath.Join(moduleRoot(t), tools)
	}
	candidates, _ := filepath.Glob(filepath.Join(tools, "terraform-*", "terraform"))
	if tf, err := exec.LookPath("terraform"); err == nil {
		candidates = append(candidates, tf)
	}
	var newest string
	var newestVersion []int
	for _, tf := range candidates {
		if v := terraformVersionOf(t, tf); slices.Compare(v, newestVersion) > 0 {
			newest, newestVersion = tf, v
		}
	}
	if newest == "" {
		t.Skipf("no terraform under %s nor on PATH", tools)
	}
	return startQueryCLI(t, newest, newestVersion)
}

func skipUnlessAcc(t *testing.T) {
	t.Helper()
	if os.Getenv("TF_ACC") == "" {
		t.Skip("Acceptance tests skipped unless env 'TF_ACC' set")
	}
}

func startQueryCLI(t *testing.T, tf string, version []int) *queryCLI {
	t.Helper()
	if slices.Compare(version, queryTerraformMin) < 0 {
		t.Skipf("%s is Terraform %s: terraform query needs 1.14 or newer", tf, versionString(version))
	}
	root := t.TempDir()
	plugins := filepath.Join(root, "plugins")
	build := exec.CommandContext(t.Context(), "go", "build", "-o", filepath.Join(plugins, "terraform-provider-adminapi"), ".")
	build.Dir = moduleRoot(t)
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("build the provider: %v\n%s", err, out)
	}
	rc := filepath.Join(root, "terraformrc")
	writeTestFile(t, rc, fmt.Sprintf("provider_installation {\n  dev_overrides {\n    \"adminapi/adminapi\" = %q\n  }\n  direct {}\n}\n", plugins))
	c := &queryCLI{t: t, terraform: tf, dir: filepath.Join(root, "work")}
	if err := os.Mkdir(c.dir, 0o700); err != nil {
		t.Fatal(err)
	}
	for _, kv := range os.Environ() {
		if name, _, _ := strings.Cut(kv, "="); !strings.HasPrefix(name, "TF_") && !strings.HasPrefix(name, "ADMINAPI_") {
			c.env = append(c.env, kv)
		}
	}
	c.env = append(c.env, "TF_CLI_CONFIG_FILE="+rc, "TF_IN_AUTOMATION=1", "TF_INPUT=0", "CHECKPOINT_DISABLE=1")
	t.Logf("terraform %s (%s)", versionString(version), tf)
	return c
}

// write puts a file into the working directory.
func (c *queryCLI) write(name, content string) {
	c.t.Helper()
	writeTestFile(c.t, filepath.Join(c.dir, name), content)
}

// read answers a file of the working directory.
func (c *queryCLI) read(name string) string {
	c.t.Helper()
	b, err := os.ReadFile(filepath.Join(c.dir, name))
	if err != nil {
		c.t.Fatal(err)
	}
	return string(b)
}

// run runs terraform with args in the working directory; it answers what
// terraform printed on stdout and stderr, and an error when it failed.
func (c *queryCLI) run(args ...string) (string, error) {
	c.t.Helper()
	cmd := exec.CommandContext(c.t.Context(), c.terraform, append([]string{"-chdir=" + c.dir}, args...)...)
	cmd.Env = c.env
	out, err := cmd.CombinedOutput()
	if err != nil {
		err = fmt.Errorf("terraform %s: %w", strings.Join(args, " "), err)
	}
	return string(out), err
}

// mustRun is run that fails the test when terraform fails.
func (c *queryCLI) mustRun(args ...string) string {
	c.t.Helper()
	out, err := c.run(args...)
	if err != nil {
		c.t.Fatalf("%v\n%s", err, out)
	}
	return out
}

// planSummary is the line `terraform plan` ends with when it plans changes.
var planSummary = regexp.MustCompile(`Plan: \d+ to import, \d+ to add, \d+ to change, \d+ to destroy\.`)

// plan plans the configuration: the plan as `terraform show -json` gives it,
// and the plan's summary line ("" when there is none).
func (c *queryCLI) plan() (*tfjson.Plan, string) {
	c.t.Helper()
	out := c.mustRun("plan", "-input=false", "-no-color", "-out=tfplan")
	var plan tfjson.Plan
	if err := json.Unmarshal([]byte(c.mustRun("show", "-json", "tfplan")), &plan); err != nil {
		c.t.Fatalf("terraform show -json tfplan: %v", err)
	}
	return &plan, planSummary.FindString(out)
}

func terraformVersionOf(t *testing.T, tf string) []int {
	t.Helper()
	out, err := exec.Command(tf, "version", "-json").Output()
	if err != nil {
		t.Fatalf("%s version -json: %v", tf, err)
	}
	var v struct {
		Version string `json:"terraform_version"`
	}
	if err := json.Unmarshal(out, &v); err != nil {
		t.Fatalf("%s version -json: %v", tf, err)
	}
	core, _, _ := strings.Cut(v.Version, "-")
	var segments []int
	for s := range strings.SplitSeq(core, ".") {
		n, err := strconv.Atoi(s)
		if err != nil {
			t.Fatalf("%s: unexpected version %q", tf, v.Version)
		}
		segments = append(segments, n)
	}
	return segments
}

func versionString(segments []int) string {
	parts := make([]string, len(segments))
	for i, n := range segments {
		parts[i] = strconv.Itoa(n)
	}
	return strings.Join(parts, ".")
}

// moduleRoot is the directory of this module's go.mod.
func moduleRoot(t *testing.T) string {
	t.Helper()
	gomod, err := exec.Command("go", "env", "GOMOD").Output()
	if err != nil {
		t.Fatalf("go env GOMOD: %v", err)
	}
	return filepath.Dir(strings.TrimSpace(string(gomod)))
}

func writeTestFile(t *testing.T, name, content string) {
	t.Helper()
	if err := os.WriteFile(name, []byte(content), 0o600); err != nil {
		t.Fatal(err)
	}
}
