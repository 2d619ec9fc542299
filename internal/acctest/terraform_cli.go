package acctest

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

const module = "github.com/adminapi/terraform-provider-adminapi"

// GoBuild builds the command package pkg of this module (e.g. "." or
// "internal/cmd/adminapi-server") into dir/name and answers its path.
func GoBuild(t testing.TB, pkg, dir, name string) string {
	t.Helper()
	out := filepath.Join(dir, name)
	cmd := exec.CommandContext(t.Context(), "go", "build", "-o", out, strings.TrimSuffix(module+"/"+pkg, "/."))
	if b, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("go build %s: %v\n%s", pkg, err, b)
	}
	return out
}

// Terraform runs the terraform CLI in a directory of its own against the
// provider built from this tree (a dev_overrides CLI configuration that
// only its commands see), for tests that plugin-testing cannot express:
// a server that dies during an apply, an explicit -parallelism.
type Terraform struct {
	Dir    string
	binary string
	env    []string
}

// NewTerraform builds the provider and prepares an empty working directory.
// The CLI is TF_ACC_TERRAFORM_PATH, else the terraform on PATH, and the
// provider's registry TF_ACC_PROVIDER_HOST, else Terraform's, as for
// plugin-testing; like it, it skips the test unless TF_ACC is set.
func NewTerraform(t testing.TB) *Terraform {
	t.Helper()
	if os.Getenv("TF_ACC") == "" {
		t.Skip("acceptance test: set TF_ACC=1 to run it")
	}
	binary := os.Getenv("TF_ACC_TERRAFORM_PATH")
	if binary == "" {
		var err error
		if binary, err = exec.LookPath("terraform"); err != nil {
			t.Fatalf("terraform CLI: %v", err)
		}
	}
	root := t.TempDir()
	plugins := filepath.Join(root, "plugins")
	GoBuild(t, ".", plugins, "terraform-provider-adminapi")
	cliConfig := filepath.Join(root, "terraformrc")
	host := os.Getenv("TF_ACC_PROVIDER_HOST")
	if host == "" {
		host = "registry.terraform.io"
	}
	rc := fmt.Sprintf(`provider_installation {
  dev_overrides {
    "%s/adminapi/adminapi" = %q
  }
  direct {}
}
`, host, plugins)
	if err := os.WriteFile(cliConfig, []byte(rc), 0o600); err != nil {
		t.Fatal(err)
	}
	dir := filepath.Join(root, "work")
	if err := os.Mkdir(dir, 0o700); err != nil {
		t.Fatal(err)
	}
	env := []string{"TF_CLI_CONFIG_FILE=" + cliConfig, "TF_IN_AUTOMATION=1", "TF_INPUT=0", "CHECKPOINT_DISABLE=1"}
	for _, kv := range os.Environ() {
		name, _, _ := strings.Cut(kv, "=")
		if !strings.HasPrefix(name, "TF_") && !strings.HasPrefix(name, "ADMINAPI_") {
			env = append(env, kv)
		}
	}
	return &Terraform{Dir: dir, binary: binary, env: env}
}

// WriteConfig writes the configuration, main.tf, after the
// required_providers block that names the provider's source.
func (tf *Terraform) WriteConfig(t testing.TB, hcl string) {
	t.Helper()
	header := "terraform {\n  required_providers {\n    adminapi = { source = \"adminapi/adminapi\" }\n  }\n}\n"
	if err := os.WriteFile(filepath.Join(tf.Dir, "main.tf"), []byte(header+hcl), 0o600); err != nil {
		t.Fatal(err)
	}
}

// Command is a terraform command (e.g. "apply", "-auto-approve",
// "-no-color") in the working directory, its output (stdout and stderr) in
// out.
func (tf *Terraform) Command(ctx context.Context, out *bytes.Buffer, args ...string) *exec.Cmd {
	cmd := exec.CommandContext(ctx, tf.binary, append([]string{"-chdir=" + tf.Dir}, args...)...)
	cmd.Env = tf.env
	cmd.Stdout, cmd.Stderr = out, out
	return cmd
}

// Run runs a terraform command and answers its output and error.
func (tf *Terraform) Run(t testing.TB, args ...string) (string, error) {
	t.Helper()
	var out bytes.Buffer
	err := tf.Command(t.Context(), &out, args...).Run()
	return out.String(), err
}

// ExpectEmptyPlan fails the test unless `terraform plan` finds nothing to do.
func (tf *Terraform) ExpectEmptyPlan(t testing.TB) {
	t.Helper()
	out, err := tf.Run(t, "plan", "-no-color", "-detailed-exitcode")
	var exit *exec.ExitError
	switch {
	case err == nil:
	case errors.As(err, &exit) && exit.ExitCode() == 2:
		t.Errorf("the plan is not empty:\n%s", out)
	default:
		t.Errorf("terraform plan: %v\n%s", err, out)
	}
}

// TerraformErrors sums up each error diagnostic in a terraform command's
// output (without colours) on one line: its summary, then the first
// paragraph of its detail.
func TerraformErrors(out string) []string {
	var errs []string
	blocks := strings.Split(strings.ReplaceAll(out, "\r\n", "\n"), "\nError: ")
	for _, block := range blocks[1:] {
		paragraphs := strings.Split(block, "\n\n")
		summary, detail := paragraphs[0], ""
		for _, p := range paragraphs[1:] {
			if p = strings.TrimSpace(p); p != "" && !strings.HasPrefix(p, "with ") {
				detail = strings.Join(strings.Fields(p), " ")
				break
			}
		}
		errs = append(errs, summary+": "+detail)
	}
	return errs
}

// WriteState puts the state file at path (a testdata file written by an
// earlier provider) into the working directory, under the provider's
// registry host of this run.
func (tf *Terraform) WriteState(t testing.TB, path string) {
	t.Helper()
	state, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if host := os.Getenv("TF_ACC_PROVIDER_HOST"); host != "" {
		state = []byte(strings.ReplaceAll(string(state), "registry.terraform.io", host))
	}
	if err := os.WriteFile(filepath.Join(tf.Dir, "terraform.tfstate"), state, 0o600); err != nil {
		t.Fatal(err)
	}
}

// StateInstance reads the first instance of resourceType in the working
// directory's state: its attributes into attrs, and its schema version.
func (tf *Terraform) StateInstance(t testing.TB, resourceType string, attrs any) int {
	t.Helper()
	raw, err := os.ReadFile(filepath.Join(tf.Dir, "terraform.tfstate"))
	if err != nil {
		t.Fatal(err)
	}
	var state struct {
		Resources []struct {
			Type      string
			Instances []struct {
				SchemaVersion int             `json:"schema_version"`
				Attributes    json.RawMessage `json:"attributes"`
			}
		}
	}
	if err := json.Unmarshal(raw, &state); err != nil {
		t.Fatal(err)
	}
	for _, r := range state.Resources {
		if r.Type == resourceType && len(r.Instances) > 0 {
			if err := json.Unmarshal(r.Instances[0].Attributes, attrs); err != nil {
				t.Fatal(err)
			}
			return r.Instances[0].SchemaVersion
		}
	}
	t.Fatalf("no %s in the state", resourceType)
	return 0
}
