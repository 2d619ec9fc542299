package role_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/adminapi/terraform-provider-adminapi/internal/acctest"
)

func roleResource(body string) string {
	return fmt.Sprintf("resource \"adminapi_role\" \"bad\" {\n%s\n}\n", body)
}

func TestAccRole_badInput(t *testing.T) {
	srv, rec := acctest.StartRecordedServer(t)
	name := func(v string) string { return roleResource(fmt.Sprintf("name = %q", v)) }
	rule := "must be 1 to 63 of a-z 0-9 _ -, starting with a letter or digit"
	acctest.ExpectRefused(t, srv, rec, []acctest.BadInput{
		{Name: "upper case", Config: name("Ops"), Attribute: "name", Error: []string{"Attribute name " + rule, "got: Ops"}},
		{Name: "space", Config: name("ops team"), Attribute: "name", Error: []string{"Attribute name " + rule}},
		{Name: "64 characters", Config: name(strings.Repeat("a", 64)), Attribute: "name", Error: []string{"Attribute name " + rule}},
		{Name: "empty", Config: name(""), Attribute: "name", Error: []string{"Attribute name " + rule}},
		{Name: "leading underscore", Config: name("_ops"), Attribute: "name", Error: []string{"Attribute name " + rule}},
		{Name: "slash", Config: name("ops/../admin"), Attribute: "name", Error: []string{"Attribute name " + rule}},
		{Name: "dot", Config: name("ops.team"), Attribute: "name", Error: []string{"Attribute name " + rule}},
		{Name: "description over 1024", Config: roleResource(fmt.Sprintf("name = \"ops\"\ndescription = %q", strings.Repeat("d", 1025))),
			Attribute: "description", Error: []string{"Attribute description UTF-8 character count must be at most 1024, got: 1025"}},
		{Name: "name missing", Config: roleResource(`description = "x"`), Attribute: "name", Error: []string{`The argument "name" is required`}},
		{Name: "name not a string", Config: roleResource(`name = ["ops"]`), Attribute: "name", Error: []string{`Inappropriate value for attribute "name"`, "string required"}},
		{Name: "permissions", Config: roleResource("name = \"ops\"\npermissions = [\"read\"]"), Attribute: "permissions", Error: []string{`An argument named "permissions" is not expected here`}},
		{Name: "id set", Config: roleResource("name = \"ops\"\nid = \"ops\""), Attribute: "id", Error: []string{"Invalid Configuration for Read-Only Attribute", `id = "ops"`}},
		{Name: "created_at set", Config: roleResource("name = \"ops\"\ncreated_at = \"2020-01-01T00:00:00Z\""), Attribute: "created_at", Error: []string{"Invalid Configuration for Read-Only Attribute", "created_at"}},
	})
}

func userRoleResource(username, role string) string {
	return fmt.Sprintf("resource \"adminapi_user_role\" \"bad\" {\n  username = %q\n  role     = %q\n}\n", username, role)
}

func TestAccUserRole_badInput(t *testing.T) {
	srv, rec := acctest.StartRecordedServer(t)
	acctest.CreatePlatformUsers(t, srv, "alice")
	userRule := "Attribute username must be 5 to 60 of a-z 0-9 -, starting and ending with a letter or digit"
	roleRule := "Attribute role must be 1 to 63 of a-z 0-9 _ -, starting with a letter or digit"
	acctest.ExpectRefused(t, srv, rec, []acctest.BadInput{
		{Name: "username of 4", Config: userRoleResource("abcd", "ops"), Attribute: "username", Error: []string{userRule, "got: abcd"}},
		{Name: "username upper case", Config: userRoleResource("Alice", "ops"), Attribute: "username", Error: []string{userRule}},
		{Name: "username with underscore", Config: userRoleResource("alice_b", "ops"), Attribute: "username", Error: []string{userRule}},
		{Name: "username of an admin user (dot)", Config: userRoleResource("ops.admin", "ops"), Attribute: "username", Error: []string{userRule}},
		{Name: "username ending in a hyphen", Config: userRoleResource("alice-", "ops"), Attribute: "username", Error: []string{userRule}},
		{Name: "username of 61", Config: userRoleResource(strings.Repeat("a", 61), "ops"), Attribute: "username", Error: []string{userRule}},
		{Name: "role upper case", Config: userRoleResource("alice", "Ops"), Attribute: "role", Error: []string{roleRule, "got: Ops"}},
		{Name: "role empty", Config: userRoleResource("alice", ""), Attribute: "role", Error: []string{roleRule}},
		{Name: "role of 64", Config: userRoleResource("alice", strings.Repeat("r", 64)), Attribute: "role", Error: []string{roleRule}},
		{Name: "role with slash", Config: userRoleResource("alice", "ops/admin"), Attribute: "role", Error: []string{roleRule}},
		{Name: "role missing", Config: "resource \"adminapi_user_role\" \"bad\" {\n  username = \"alice\"\n}\n", Attribute: "role",
			Error: []string{`The argument "role" is required`}},
		{Name: "roles instead of role", Config: "resource \"adminapi_user_role\" \"bad\" {\n  username = \"alice\"\n  roles = [\"ops\"]\n}\n",
			Attribute: "roles", Error: []string{`An argument named "roles" is not expected here`}},
		{Name: "id set", Config: "resource \"adminapi_user_role\" \"bad\" {\n  username = \"alice\"\n  role = \"ops\"\n  id = \"alice/ops\"\n}\n",
			Attribute: "id", Error: []string{"Invalid Configuration for Read-Only Attribute", `id = "alice/ops"`}},
		// The diagnostic is on the attribute: Terraform quotes its line
		// ("N:   role = ...") before the detail.
		{Name: "no such role (API)", Config: userRoleResource("alice", "no-such-role"), Attribute: "role",
			Error: []string{`Could not create role assignment "alice/no-such-role": no such role`, `: role = "no-such-role"`,
				`No role has name = "no-such-role"`, "the role no-such-role does not exist"}, By: acctest.ByServerOnApply},
		{Name: "no such platform user (API)", Config: userRoleResource("ghost", "auditor"), Attribute: "username",
			Error: []string{`Could not create role assignment "ghost/auditor": no such platform user`, `: username = "ghost"`,
				`No platform user has username = "ghost"`, "the platform user ghost does not exist"}, By: acctest.ByServerOnApply},
	})
}

func roleDataSource(body string) string {
	return fmt.Sprintf("data \"adminapi_role\" \"bad\" {\n%s\n}\n", body)
}

func TestAccRoleDataSource_badInput(t *testing.T) {
	srv, rec := acctest.StartRecordedServer(t)
	name := func(v string) string { return roleDataSource(fmt.Sprintf("name = %q", v)) }
	rule := "Attribute name must be 1 to 63 of a-z 0-9 _ -, starting with a letter or digit"
	acctest.ExpectRefused(t, srv, rec, []acctest.BadInput{
		{Name: "upper case", Config: name("Ops"), Attribute: "name", Error: []string{rule, "got: Ops"}},
		{Name: "empty", Config: name(""), Attribute: "name", Error: []string{rule}},
		{Name: "64 characters", Config: name(strings.Repeat("a", 64)), Attribute: "name", Error: []string{rule}},
		{Name: "leading hyphen", Config: name("-ops"), Attribute: "name", Error: []string{rule}},
		{Name: "slash", Config: name("../users"), Attribute: "name", Error: []string{rule}},
		{Name: "query string", Config: name("ops?limit=1"), Attribute: "name", Error: []string{rule}},
		{Name: "name missing", Config: roleDataSource(""), Attribute: "name", Error: []string{`The argument "name" is required`}},
		{Name: "name not a string", Config: roleDataSource(`name = { a = 1 }`), Attribute: "name", Error: []string{`Inappropriate value for attribute "name"`}},
		{Name: "description set", Config: roleDataSource("name = \"ops\"\ndescription = \"x\""), Attribute: "description",
			Error: []string{"Invalid Configuration for Read-Only Attribute", `description = "x"`}},
		{Name: "created_at set", Config: roleDataSource("name = \"ops\"\ncreated_at = \"x\""), Attribute: "created_at",
			Error: []string{"Invalid Configuration for Read-Only Attribute", `created_at = "x"`}},
		{Name: "filter argument", Config: roleDataSource("name = \"ops\"\nusername = \"alice\""), Attribute: "username",
			Error: []string{`An argument named "username" is not expected here`}},
		{Name: "no such role (API)", Config: name("no-such-role"), Attribute: "name",
			Error: []string{"No role found", `No role has name = "no-such-role"`}, By: acctest.ByServerOnPlan},
	})
}

func rolesDataSource(body string) string {
	return fmt.Sprintf("data \"adminapi_roles\" \"bad\" {\n%s\n}\n", body)
}

// adminapi_roles takes no argument: what one might try is refused by the
// schema (or by Terraform, for the meta-arguments).
func TestAccRolesDataSource_badInput(t *testing.T) {
	srv, rec := acctest.StartRecordedServer(t)
	notExpected := func(arg, value string) acctest.BadInput {
		return acctest.BadInput{Name: arg + " argument", Config: rolesDataSource(arg + " = " + value), Attribute: arg,
			Error: []string{fmt.Sprintf(`An argument named %q is not expected here`, arg)}}
	}
	acctest.ExpectRefused(t, srv, rec, []acctest.BadInput{
		notExpected("name", `"ops"`),
		notExpected("names", `["ops"]`),
		notExpected("username", `"alice"`),
		notExpected("limit", "10"),
		notExpected("offset", "10"),
		notExpected("filter", `"ops*"`),
		{Name: "roles set", Config: rolesDataSource("roles = []"), Attribute: "roles",
			Error: []string{"Invalid Configuration for Read-Only Attribute", "roles = []"}},
		{Name: "roles block", Config: rolesDataSource("roles {\n name = \"ops\"\n}"), Attribute: "roles",
			Error: []string{"Unsupported block type", `Blocks of type "roles" are not expected here`}},
		{Name: "negative count", Config: rolesDataSource("count = -1"), Attribute: "count", Error: []string{"Invalid count argument", "count"}},
		{Name: "for_each over a string", Config: rolesDataSource(`for_each = "ops"`), Attribute: "for_each",
			Error: []string{"Invalid for_each argument", "for_each"}},
	})
}
