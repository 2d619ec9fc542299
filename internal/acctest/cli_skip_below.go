package acctest

import (
	"encoding/json"
	"os"
	"os/exec"
	"slices"
	"strconv"
	"strings"
	"testing"
)

// Version is what tfversion.Version1_14_0 and its kin are.
type Version interface {
	Segments() []int
	String() string
}

// SkipBelowCLI is tfversion.SkipBelow for tests that drive the CLI through
// NewTerraform: it skips the test unless TF_ACC is set and the terraform
// that NewTerraform runs is Terraform minimum or newer.
func SkipBelowCLI(t testing.TB, minimum Version) {
	t.Helper()
	if os.Getenv("TF_ACC") == "" {
		t.Skip("Acceptance tests skipped unless env 'TF_ACC' set")
	}
	if OpenTofu() && slices.Compare(minimum.Segments()[:2], []int{1, 14}) >= 0 {
		SkipOnOpenTofu(t, "list resources, `query` or actions (Terraform 1.14+)")
	}
	binary := os.Getenv("TF_ACC_TERRAFORM_PATH")
	if binary == "" {
		var err error
		if binary, err = exec.LookPath("terraform"); err != nil {
			t.Fatalf("terraform CLI: %v", err)
		}
	}
	out, err := exec.CommandContext(t.Context(), binary, "version", "-json").Output()
	if err != nil {
		t.Fatalf("%s version -json: %v", binary, err)
	}
	var v struct {
		Version string `json:"terraform_version"`
	}
	if err := json.Unmarshal(out, &v); err != nil {
		t.Fatalf("%s version -json: %v", binary, err)
	}
	core, _, _ := strings.Cut(v.Version, "-")
	var got []int
	for s := range strings.SplitSeq(core, ".") {
		n, err := strconv.Atoi(s)
		if err != nil {
			t.Fatalf("%s version -json: unexpected version %q", binary, v.Version)
		}
		got = append(got, n)
	}
	if slices.Compare(got, minimum.Segments()) < 0 {
		t.Skipf("Terraform CLI version %s is below minimum version %s: skipping test (%s)", v.Version, minimum, binary)
	}
}
