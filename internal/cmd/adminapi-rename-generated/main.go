// Command adminapi-rename-generated names the blocks that `terraform query
// -generate-config-out` writes for platform users, roles and role
// assignments (existing_0, existing_1, ...) after what they hold, and points
// each role assignment at its user's and role's blocks, as every other page
// of the provider writes them:
//
//	adminapi-rename-generated [-w] generated.tf
//
// In the file:
//   - resource "adminapi_platform_user" "existing_0" with username = "alice"
//     becomes "alice";
//   - resource "adminapi_role" "existing_0" with name = "auditor" becomes
//     "auditor";
//   - resource "adminapi_user_role" "existing_0" with username = "alice" and
//     role = "auditor" becomes "alice_auditor", its username
//     adminapi_platform_user.alice.id and its role adminapi_role.auditor.name
//     when the file holds that user's and that role's blocks; a username or
//     role whose block is not in the file stays as it is, and is named on
//     standard error;
//   - the `to` of each import block follows the block it imports.
//
// A name that would start with a digit gets a leading "_": Terraform's names
// start with a letter or "_", and no username or role name starts with "_",
// so that no two blocks can end up with one name. It prints the result, or
// with -w writes it back into the file; running it again changes nothing.
// Run it before the first apply of the generated blocks: once Terraform holds
// the objects under the generated names, a rename needs moved blocks. From a
// clone of this repository:
//
//	go run ./internal/cmd/adminapi-rename-generated -w /path/to/generated.tf
package main

import (
	"flag"
	"fmt"
	"io"
	"os"
	"strings"
	"unicode"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/hashicorp/hcl/v2/hclwrite"
	"github.com/zclconf/go-cty/cty"
)

const (
	userType       = "adminapi_platform_user"
	roleType       = "adminapi_role"
	assignmentType = "adminapi_user_role"
)

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

// run renames the blocks of the file args name and answers the exit code.
func run(args []string, stdout, stderr io.Writer) int {
	flags := flag.NewFlagSet("adminapi-rename-generated", flag.ContinueOnError)
	flags.SetOutput(stderr)
	write := flags.Bool("w", false, "write the result into the file instead of printing it")
	flags.Usage = func() {
		_, _ = fmt.Fprintln(stderr, "usage: adminapi-rename-generated [-w] generated.tf")
		flags.PrintDefaults()
	}
	if err := flags.Parse(args); err != nil {
		return 2
	}
	if flags.NArg() != 1 {
		flags.Usage()
		return 2
	}
	path := flags.Arg(0)
	fail := func(err error) int {
		_, _ = fmt.Fprintf(stderr, "adminapi-rename-generated: %v\n", err)
		return 1
	}
	info, err := os.Stat(path)
	if err != nil {
		return fail(err)
	}
	src, err := os.ReadFile(path)
	if err != nil {
		return fail(err)
	}
	out, notes, err := rewrite(src, path)
	for _, note := range notes {
		_, _ = fmt.Fprintf(stderr, "adminapi-rename-generated: %s\n", note)
	}
	if err != nil {
		return fail(err)
	}
	if *write {
		err = os.WriteFile(path, out, info.Mode().Perm())
	} else {
		_, err = stdout.Write(out)
	}
	if err != nil {
		return fail(err)
	}
	return 0
}

// resourceBlock is a resource block of one of the three types, with the
// name it gets.
type resourceBlock struct {
	block         *hclwrite.Block
	typ, name, to string
}

func (r *resourceBlock) String() string { return r.typ + "." + r.name }

// rewrite answers src, the HCL file filename, with its blocks renamed and
// its assignments pointed at their users and roles (see the package
// comment), and notes on what it left as it was.
func rewrite(src []byte, filename string) ([]byte, []string, error) {
	f, diags := hclwrite.ParseConfig(src, filename, hcl.InitialPos)
	if diags.HasErrors() {
		return nil, nil, diags
	}
	var resources []*resourceBlock
	byAddress := map[string]*resourceBlock{}
	for _, b := range f.Body().Blocks() {
		labels := b.Labels()
		if b.Type() != "resource" || len(labels) != 2 {
			continue
		}
		switch labels[0] {
		case userType, roleType, assignmentType:
			r := &resourceBlock{block: b, typ: labels[0], name: labels[1], to: labels[1]}
			resources = append(resources, r)
			byAddress[r.String()] = r
		}
	}

	// Users and roles are named after their username and name.
	blockOf := map[string]map[string]string{userType: {}, roleType: {}}
	for _, r := range resources {
		key := map[string]string{userType: "username", roleType: "name"}[r.typ]
		if key == "" {
			continue
		}
		if value, ok := literal(r.block.Body(), key); ok {
			r.to = identifier(value)
			blockOf[r.typ][value] = r.to
		}
	}

	// An assignment refers to its user's id and its role's name, and is
	// named <user>_<role>.
	var notes []string
	for _, r := range resources {
		if r.typ != assignmentType {
			continue
		}
		user, userKept := refer(r, "username", userType, "id", blockOf, byAddress)
		role, roleKept := refer(r, "role", roleType, "name", blockOf, byAddress)
		if user != "" && role != "" {
			r.to = user + "_" + role
		}
		for _, kept := range []string{userKept, roleKept} {
			if kept != "" {
				notes = append(notes, fmt.Sprintf("%s.%s: %s", r.typ, r.to, kept))
			}
		}
	}

	named := map[string]*resourceBlock{}
	var clashes []string
	for _, r := range resources {
		address := r.typ + "." + r.to
		if other, ok := named[address]; ok {
			clashes = append(clashes, fmt.Sprintf("%s and %s would both be %s", other, r, address))
		}
		named[address] = r
	}
	if len(clashes) > 0 {
		return nil, notes, fmt.Errorf("nothing renamed: %s", strings.Join(clashes, "; "))
	}

	for _, r := range resources {
		if r.to != r.name {
			r.block.SetLabels([]string{r.typ, r.to})
		}
	}
	for _, b := range f.Body().Blocks() {
		if b.Type() != "import" {
			continue
		}
		t, ok := traversal(b.Body(), "to")
		if !ok || len(t) != 2 {
			continue
		}
		if r := byAddress[addressOf(t)]; r != nil && r.to != r.name {
			b.Body().SetAttributeTraversal("to", hcl.Traversal{hcl.TraverseRoot{Name: r.typ}, hcl.TraverseAttr{Name: r.to}})
		}
	}
	return hclwrite.Format(f.Bytes()), notes, nil
}

// refer points the attribute key of the assignment r at typ's block of the
// value it names, by its attribute attr, and answers that block's name, to
// name r by. A literal value whose block is not in the file stays, and the
// second answer says so; a reference to a block renamed follows the
// rename. It answers "" when key is neither.
func refer(r *resourceBlock, key, typ, attr string, blockOf map[string]map[string]string, byAddress map[string]*resourceBlock) (string, string) {
	body := r.block.Body()
	if value, ok := literal(body, key); ok {
		name, ok := blockOf[typ][value]
		if !ok {
			return identifier(value), fmt.Sprintf("%s stays %q: the file holds no %s block of %q", key, value, typ, value)
		}
		body.SetAttributeTraversal(key, hcl.Traversal{hcl.TraverseRoot{Name: typ}, hcl.TraverseAttr{Name: name}, hcl.TraverseAttr{Name: attr}})
		return name, ""
	}
	t, ok := traversal(body, key)
	address := addressOf(t)
	if !ok || address == "" || t.RootName() != typ {
		return "", ""
	}
	target := byAddress[address]
	if target == nil {
		return strings.TrimPrefix(address, typ+"."), ""
	}
	if target.to != target.name {
		renamed := append(hcl.Traversal{hcl.TraverseRoot{Name: typ}, hcl.TraverseAttr{Name: target.to}}, t[2:]...)
		body.SetAttributeTraversal(key, renamed)
	}
	return target.to, ""
}

// addressOf is the address "type.name" of the traversal type.name[...];
// "" when it has no name.
func addressOf(t hcl.Traversal) string {
	if len(t) < 2 {
		return ""
	}
	name, ok := t[1].(hcl.TraverseAttr)
	if !ok {
		return ""
	}
	return t.RootName() + "." + name.Name
}

// expression parses the value of the attribute name of body; false when
// there is no such attribute.
func expression(body *hclwrite.Body, name string) (hclsyntax.Expression, bool) {
	attr := body.GetAttribute(name)
	if attr == nil {
		return nil, false
	}
	expr, diags := hclsyntax.ParseExpression(attr.Expr().BuildTokens(nil).Bytes(), name, hcl.InitialPos)
	return expr, !diags.HasErrors()
}

// literal answers the value of the attribute name of body when it is a
// literal string.
func literal(body *hclwrite.Body, name string) (string, bool) {
	expr, ok := expression(body, name)
	if !ok {
		return "", false
	}
	tmpl, ok := expr.(*hclsyntax.TemplateExpr)
	if !ok || !tmpl.IsStringLiteral() {
		return "", false
	}
	v, diags := tmpl.Value(nil)
	if diags.HasErrors() || v.IsNull() || !v.IsKnown() || v.Type() != cty.String {
		return "", false
	}
	return v.AsString(), true
}

// traversal answers the value of the attribute name of body when it is a
// reference, such as adminapi_platform_user.alice.id.
func traversal(body *hclwrite.Body, name string) (hcl.Traversal, bool) {
	expr, ok := expression(body, name)
	if !ok {
		return nil, false
	}
	t, diags := hcl.AbsTraversalForExpr(expr)
	return t, !diags.HasErrors()
}

// identifier makes s a Terraform name: letters, digits, "_" and "-",
// starting with a letter or "_". A username or a role name only needs the
// leading "_" when it starts with a digit.
func identifier(s string) string {
	var b strings.Builder
	for _, c := range s {
		if unicode.IsLetter(c) || unicode.IsDigit(c) || c == '_' || c == '-' {
			b.WriteRune(c)
		} else {
			b.WriteRune('_')
		}
	}
	id := b.String()
	if !hclsyntax.ValidIdentifier(id) {
		id = "_" + id
	}
	return id
}
