package adminuser_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/adminapi/terraform-provider-adminapi/internal/acctest"
)

// adminUser is an adminapi_admin_user whose arguments are all valid but
// those in override (attribute -> HCL expression, "" to leave it out).
func adminUser(override map[string]string) string {
	args := map[string]string{
		"username":    `"ops-bad"`,
		"password":    `"long-enough-password"`,
		"permissions": `{ users = ["read"] }`,
	}
	for k, v := range override {
		args[k] = v
	}
	var b strings.Builder
	b.WriteString("resource \"adminapi_admin_user\" \"bad\" {\n")
	for _, k := range []string{"username", "password", "password_wo", "password_wo_version", "permissions", "email", "id", "created_at"} {
		if v := args[k]; v != "" {
			fmt.Fprintf(&b, "  %s = %s\n", k, v)
		}
	}
	b.WriteString("}\n")
	return b.String()
}

func TestAccAdminUser_badInput(t *testing.T) {
	srv, rec := acctest.StartRecordedServer(t)
	username := func(v string) map[string]string { return map[string]string{"username": fmt.Sprintf("%q", v)} }
	userRule := "Attribute username must be 3 to 64 of a-z 0-9 . _ -, starting with a letter or digit"
	acctest.ExpectRefused(t, srv, rec, []acctest.BadInput{
		{Name: "username upper case", Config: adminUser(username("Ops")), Attribute: "username", Error: []string{userRule, "got: Ops"}},
		{Name: "username of 2", Config: adminUser(username("ab")), Attribute: "username", Error: []string{userRule}},
		{Name: "username of 65", Config: adminUser(username(strings.Repeat("a", 65))), Attribute: "username", Error: []string{userRule}},
		{Name: "username starting with a hyphen", Config: adminUser(username("-ops")), Attribute: "username", Error: []string{userRule}},
		{Name: "username an e-mail address", Config: adminUser(username("ops@example.com")), Attribute: "username", Error: []string{userRule}},
		{Name: "password of 7", Config: adminUser(map[string]string{"password": `"1234567"`}), Attribute: "password",
			Error: []string{"Attribute password UTF-8 character count must be between 8 and 256, got: 7"}},
		{Name: "password of 257", Config: adminUser(map[string]string{"password": fmt.Sprintf("%q", strings.Repeat("p", 257))}), Attribute: "password",
			Error: []string{"Attribute password UTF-8 character count must be between 8 and 256, got: 257"}},
		{Name: "password_wo of 7", Config: adminUser(map[string]string{"password": "", "password_wo": `"1234567"`, "password_wo_version": "1"}),
			Attribute: "password_wo", Error: []string{"Attribute password_wo UTF-8 character count must be between 8 and 256, got: 7"}},
		{Name: "password and password_wo", Config: adminUser(map[string]string{"password_wo": `"long-enough-password"`, "password_wo_version": "1"}),
			Attribute: "password", Error: []string{`Attribute "password_wo" cannot be specified when "password" is specified`}},
		{Name: "no password", Config: adminUser(map[string]string{"password": ""}), Attribute: "password",
			Error: []string{"At least one of these attributes must be configured", "[password,password_wo,password_wo_version]"}},
		{Name: "password_wo without its version", Config: adminUser(map[string]string{"password": "", "password_wo": `"long-enough-password"`}),
			Attribute: "password_wo_version", Error: []string{`Attribute "password_wo_version" must be specified when "password_wo" is specified`}},
		{Name: "password_wo_version without password_wo", Config: adminUser(map[string]string{"password_wo_version": "1"}),
			Attribute: "password_wo", Error: []string{"Missing password_wo for a new password_wo_version", "password_wo_version = 1 is new", "password_wo is null"}},
		{Name: "unknown permission", Config: adminUser(map[string]string{"permissions": `{ users = ["write"] }`}), Attribute: `permissions["users"]`,
			Error: []string{"Invalid permission", `Attribute permissions["users"] value must be one of the permissions of the group users`,
				`["read" "create" "delete" "resetPassword" "changePermissions"]; got: "write"`}},
		{Name: "permission of another group", Config: adminUser(map[string]string{"permissions": `{ accounts = ["resetPassword"] }`}),
			Attribute: `permissions["accounts"]`, Error: []string{`Attribute permissions["accounts"] value must be one of the permissions of the group accounts`,
				`got: "resetPassword"`}},
		{Name: "empty permission", Config: adminUser(map[string]string{"permissions": `{ settings = [""] }`}), Attribute: `permissions["settings"]`,
			Error: []string{`Attribute permissions["settings"] value must be one of the permissions of the group settings`, `got: ""`}},
		{Name: "unknown permission group platformUsers", Config: adminUser(map[string]string{"permissions": `{ platformUsers = ["read"] }`}),
			Attribute: "permissions", Error: []string{"Unknown permission group", `Attribute permissions has no group "platformUsers"`,
				"the groups are users, settings, platform_users, accounts", `"platformUsers" is the API's spelling: write platform_users`}},
		{Name: "unknown permission group beside known ones", Config: adminUser(map[string]string{"permissions": `{ users = ["read"], roles = ["read"] }`}),
			Attribute: "permissions", Error: []string{"Unknown permission group", `Attribute permissions has no group "roles"`}},
		{Name: "null permission group", Config: adminUser(map[string]string{"permissions": `{ users = null }`}), Attribute: `permissions["users"]`,
			Error: []string{`Attribute permissions["users"] is null`, "write users = [] for no permission"}},
		{Name: "permissions a list", Config: adminUser(map[string]string{"permissions": `["read"]`}), Attribute: "permissions",
			Error: []string{`Inappropriate value for attribute "permissions"`, "map of set of string required"}},
		{Name: "permissions missing", Config: adminUser(map[string]string{"permissions": ""}), Attribute: "permissions",
			Error: []string{`The argument "permissions" is required`}},
		{Name: "e-mail (platform users have one)", Config: adminUser(map[string]string{"email": `"ops@example.com"`}), Attribute: "email",
			Error: []string{`An argument named "email" is not expected here`}},
		{Name: "created_at set", Config: adminUser(map[string]string{"created_at": `"2020-01-01T00:00:00Z"`}), Attribute: "created_at",
			Error: []string{"Invalid Configuration for Read-Only Attribute", "created_at"}},
	})
}

func adminUserDataSource(body string) string {
	return fmt.Sprintf("data \"adminapi_admin_user\" \"bad\" {\n%s\n}\n", body)
}

func TestAccAdminUserDataSource_badInput(t *testing.T) {
	srv, rec := acctest.StartRecordedServer(t)
	username := func(v string) string { return adminUserDataSource(fmt.Sprintf("username = %q", v)) }
	rule := "Attribute username must be 3 to 64 of a-z 0-9 . _ -, starting with a letter or digit"
	acctest.ExpectRefused(t, srv, rec, []acctest.BadInput{
		{Name: "upper case", Config: username("Admin"), Attribute: "username", Error: []string{rule, "got: Admin"}},
		{Name: "of 2", Config: username("ad"), Attribute: "username", Error: []string{rule}},
		{Name: "of 65", Config: username(strings.Repeat("a", 65)), Attribute: "username", Error: []string{rule}},
		{Name: "starting with a dot", Config: username(".admin"), Attribute: "username", Error: []string{rule}},
		{Name: "path", Config: username("a/../b"), Attribute: "username", Error: []string{rule}},
		{Name: "empty", Config: username(""), Attribute: "username", Error: []string{rule}},
		{Name: "trailing newline", Config: username("admin\n"), Attribute: "username", Error: []string{rule}},
		{Name: "username missing", Config: adminUserDataSource(""), Attribute: "username", Error: []string{`The argument "username" is required`}},
		{Name: "username a list", Config: adminUserDataSource(`username = ["admin"]`), Attribute: "username",
			Error: []string{`Inappropriate value for attribute "username"`, "string required"}},
		{Name: "password (data sources carry none)", Config: adminUserDataSource("username = \"admin\"\npassword = \"x\""), Attribute: "password",
			Error: []string{`An argument named "password" is not expected here`}},
		{Name: "permissions set", Config: adminUserDataSource("username = \"admin\"\npermissions = {}"), Attribute: "permissions",
			Error: []string{"Invalid Configuration for Read-Only Attribute", "permissions = {}"}},
		{Name: "no such admin user (API)", Config: username("nobody"), Attribute: "username",
			Error: []string{"No admin user found", `No admin user has username = "nobody"`}, By: acctest.ByServerOnPlan},
	})
}

func adminUsersDataSource(body string) string {
	return fmt.Sprintf("data \"adminapi_admin_users\" \"bad\" {\n%s\n}\n", body)
}

// adminapi_admin_users takes no argument: what one might try is refused by
// the schema (or by Terraform, for the meta-arguments).
func TestAccAdminUsersDataSource_badInput(t *testing.T) {
	srv, rec := acctest.StartRecordedServer(t)
	notExpected := func(arg, value string) acctest.BadInput {
		return acctest.BadInput{Name: arg + " argument", Config: adminUsersDataSource(arg + " = " + value), Attribute: arg,
			Error: []string{fmt.Sprintf(`An argument named %q is not expected here`, arg)}}
	}
	acctest.ExpectRefused(t, srv, rec, []acctest.BadInput{
		notExpected("username", `"admin"`),
		notExpected("usernames", `["admin"]`),
		notExpected("permission", `"users:read"`),
		notExpected("password", `"x"`),
		notExpected("limit", "10"),
		notExpected("page", "2"),
		{Name: "users set", Config: adminUsersDataSource("users = []"), Attribute: "users",
			Error: []string{"Invalid Configuration for Read-Only Attribute", "users = []"}},
		{Name: "users block", Config: adminUsersDataSource("users {\n username = \"admin\"\n}"), Attribute: "users",
			Error: []string{"Unsupported block type", `Blocks of type "users" are not expected here`}},
		{Name: "negative count", Config: adminUsersDataSource("count = -1"), Attribute: "count", Error: []string{"Invalid count argument", "count"}},
		{Name: "for_each over a number", Config: adminUsersDataSource("for_each = 3"), Attribute: "for_each",
			Error: []string{"Invalid for_each argument", "for_each"}},
	})
}
