package main

import (
	"bytes"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	tfjson "github.com/hashicorp/terraform-json"

	"github.com/adminapi/terraform-provider-adminapi/internal/acctest"
	"github.com/adminapi/terraform-provider-adminapi/internal/api"
)

// guideDir holds the query files of the guide "Bringing existing users
// under management" (templates/guides/import-existing-users.md.tmpl).
const guideDir = "../../../examples/guides/import-existing-users"

// testdata/generated.tf has the shape `terraform query
// -generate-config-out` writes: roles, assignments and users, each block
// named existing_<n> with an import block by identity. Among them a user
// and a role whose names start with a digit, an assignment of a role and
// one of a user the file does not hold.
var wantNotes = []string{
	`adminapi_user_role.alice_billing_admin: role stays "billing_admin": the file holds no adminapi_role block of "billing_admin"`,
	`adminapi_user_role.erin-elsewhere_auditor: username stays "erin-elsewhere": the file holds no adminapi_platform_user block of "erin-elsewhere"`,
}

func TestRewrite(t *testing.T) {
	src := readFile(t, "testdata/generated.tf")
	want := readFile(t, "testdata/renamed.tf")
	got, notes, err := rewrite(src, "generated.tf")
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		t.Fatalf("rewrite(testdata/generated.tf) differs from testdata/renamed.tf; it gives:\n%s", got)
	}
	if !slices.Equal(notes, wantNotes) {
		t.Errorf("notes %q, want %q", notes, wantNotes)
	}
	again, notes, err := rewrite(got, "renamed.tf")
	if err != nil || !bytes.Equal(again, got) || !slices.Equal(notes, wantNotes) {
		t.Errorf("a second run changed the file (%v), or noted %q:\n%s", err, notes, again)
	}
}

// An assignment that already refers to a generated user's block follows
// that block's rename.
func TestRewriteFollowsReferences(t *testing.T) {
	src := []byte(`resource "adminapi_platform_user" "existing_7" {
  username = "alice"
}

resource "adminapi_user_role" "mine" {
  username = adminapi_platform_user.existing_7.id
  role     = "auditor"
}
`)
	want := `resource "adminapi_platform_user" "alice" {
  username = "alice"
}

resource "adminapi_user_role" "alice_auditor" {
  username = adminapi_platform_user.alice.id
  role     = "auditor"
}
`
	got, notes, err := rewrite(src, "main.tf")
	if err != nil {
		t.Fatal(err)
	}
	if string(got) != want {
		t.Errorf("got:\n%s\nwant:\n%s", got, want)
	}
	if len(notes) != 1 || !strings.Contains(notes[0], `role stays "auditor"`) {
		t.Errorf("notes %q, want one on the role", notes)
	}
}

// Two blocks that would get one name stop the rename, naming them.
func TestRewriteRefusesClashes(t *testing.T) {
	src := []byte(`resource "adminapi_platform_user" "existing_0" {
  username = "alice"
}

resource "adminapi_platform_user" "existing_1" {
  username = "alice"
}
`)
	_, _, err := rewrite(src, "generated.tf")
	if err == nil || !strings.Contains(err.Error(), "adminapi_platform_user.existing_0 and adminapi_platform_user.existing_1 would both be adminapi_platform_user.alice") {
		t.Fatalf("err = %v, want the clash named", err)
	}
}

func TestRun(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "generated.tf")
	src := readFile(t, "testdata/generated.tf")
	want := readFile(t, "testdata/renamed.tf")
	if err := os.WriteFile(path, src, 0o640); err != nil {
		t.Fatal(err)
	}

	var stdout, stderr bytes.Buffer
	if code := run([]string{path}, &stdout, &stderr); code != 0 || !bytes.Equal(stdout.Bytes(), want) {
		t.Fatalf("without -w: exit %d, printed the result: %v; stderr:\n%s", code, bytes.Equal(stdout.Bytes(), want), &stderr)
	}
	if got := readFile(t, path); !bytes.Equal(got, src) {
		t.Fatal("without -w the file was changed")
	}
	if got := strings.Count(stderr.String(), "adminapi-rename-generated: "); got != len(wantNotes) {
		t.Errorf("stderr holds %d notes, want %d:\n%s", got, len(wantNotes), &stderr)
	}

	stdout.Reset()
	stderr.Reset()
	if code := run([]string{"-w", path}, &stdout, &stderr); code != 0 || stdout.Len() != 0 {
		t.Fatalf("-w: exit %d, stdout %q; stderr:\n%s", code, &stdout, &stderr)
	}
	if got := readFile(t, path); !bytes.Equal(got, want) {
		t.Fatalf("-w wrote:\n%s", got)
	}
	if info, err := os.Stat(path); err != nil || info.Mode().Perm() != 0o640 {
		t.Errorf("-w left the file with mode %v (%v), want 0640", info.Mode().Perm(), err)
	}

	invalid := filepath.Join(dir, "invalid.tf")
	if err := os.WriteFile(invalid, []byte("resource \"adminapi_role\" {\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		args []string
		code int
		say  string
	}{
		{nil, 2, "usage: adminapi-rename-generated [-w] generated.tf"},
		{[]string{path, path}, 2, "usage:"},
		{[]string{"-x", path}, 2, "flag provided but not defined: -x"},
		{[]string{filepath.Join(dir, "missing.tf")}, 1, "no such file or directory"},
		{[]string{"-w", invalid}, 1, "invalid.tf:1,26-27: Unclosed configuration block"},
	} {
		stderr.Reset()
		if code := run(tc.args, &stdout, &stderr); code != tc.code || !strings.Contains(stderr.String(), tc.say) {
			t.Errorf("run(%q): exit %d, stderr %q; want %d saying %q", tc.args, code, &stderr, tc.code, tc.say)
		}
	}
}

// TestAccRenameGenerated follows the guide with Terraform 1.14+: its query
// files find the users, roles and role assignments of a platform,
// `terraform query -generate-config-out` writes them, the command renames
// them; the configuration validates, its plan imports every object under
// its new name with no change, each assignment refers to its user's id and
// its role's name, and after the apply the plan is empty.
func TestAccRenameGenerated(t *testing.T) {
	tf := acctest.NewQueryTerraform(t)
	srv := acctest.StartServer(t)
	ctx := t.Context()
	ldap := true
	for _, username := range []string{"alice", "bob-ldap", "2nd-shift"} {
		if _, err := srv.Client.CreatePlatformUser(ctx, api.CreatePlatformUser{Username: username, Email: username + "@example.com", LDAP: &ldap}); err != nil {
			t.Fatal(err)
		}
	}
	for _, role := range []string{"auditor", "1st-line", "billing_admin"} {
		if _, err := srv.Client.CreateRole(ctx, api.CreateRole{Name: role}); err != nil {
			t.Fatal(err)
		}
	}
	assignments := map[string][2]string{
		"alice_auditor":        {"alice", "auditor"},
		"alice_billing_admin":  {"alice", "billing_admin"},
		"_2nd-shift__1st-line": {"_2nd-shift", "_1st-line"},
	}
	for name, a := range assignments {
		username, role := strings.TrimPrefix(a[0], "_"), strings.TrimPrefix(a[1], "_")
		if _, err := srv.Client.AssignRole(ctx, username, role); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
	}

	tf.WriteConfig(t, srv.ProviderBlock())
	for _, name := range []string{"users.tfquery.hcl", "roles.tfquery.hcl"} {
		if err := os.WriteFile(filepath.Join(tf.Dir, name), readFile(t, filepath.Join(guideDir, name)), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	tf.MustRun(t, "query", "-no-color", "-generate-config-out=generated.tf")
	var stdout, stderr bytes.Buffer
	if code := run([]string{"-w", filepath.Join(tf.Dir, "generated.tf")}, &stdout, &stderr); code != 0 || stderr.Len() > 0 {
		t.Fatalf("adminapi-rename-generated -w generated.tf: exit %d, stderr:\n%s", code, &stderr)
	}
	tf.MustRun(t, "validate", "-no-color")

	plan, _ := tf.Plan(t)
	if err := acctest.ExpectImportsOnly(plan, map[string]int{
		"adminapi_platform_user": 3, "adminapi_role": 3, "adminapi_user_role": len(assignments),
	}); err != nil {
		t.Fatal(err)
	}
	want := []string{
		"adminapi_platform_user._2nd-shift", "adminapi_platform_user.alice", "adminapi_platform_user.bob-ldap",
		"adminapi_role._1st-line", "adminapi_role.auditor", "adminapi_role.billing_admin",
	}
	for name := range assignments {
		want = append(want, "adminapi_user_role."+name)
	}
	var got []string
	for _, rc := range plan.ResourceChanges {
		got = append(got, rc.Address)
	}
	slices.Sort(got)
	slices.Sort(want)
	if !slices.Equal(got, want) {
		t.Fatalf("the plan imports %v, want %v", got, want)
	}
	for _, r := range plan.Config.RootModule.Resources {
		name, ok := strings.CutPrefix(r.Address, "adminapi_user_role.")
		if !ok {
			continue
		}
		a := assignments[name]
		refersTo(t, r, "username", "adminapi_platform_user."+a[0]+".id")
		refersTo(t, r, "role", "adminapi_role."+a[1]+".name")
	}

	tf.MustRun(t, "apply", "-no-color", "tfplan")
	tf.ExpectEmptyPlan(t)
}

// refersTo checks that the attribute key of the configuration of r refers
// to ref.
func refersTo(t *testing.T, r *tfjson.ConfigResource, key, ref string) {
	t.Helper()
	expr := r.Expressions[key]
	if expr == nil || expr.ExpressionData == nil || !slices.Contains(expr.References, ref) {
		var refs []string
		if expr != nil && expr.ExpressionData != nil {
			refs = expr.References
		}
		t.Errorf("%s: %s refers to %v, want %s", r.Address, key, refs, ref)
	}
}

func readFile(t *testing.T, path string) []byte {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return b
}
