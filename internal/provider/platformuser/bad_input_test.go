package platformuser_test

import (
	"fmt"
	"maps"
	"slices"
	"strings"
	"testing"

	"github.com/adminapi/terraform-provider-adminapi/internal/acctest"
)

// platformUser is an adminapi_platform_user whose arguments are all valid
// but those in override (attribute -> HCL expression, "" to leave it out).
func platformUser(override map[string]string) string {
	args := map[string]string{
		"username": `"user-bad"`,
		"email":    `"user-bad@example.com"`,
		"password": `"secret1"`,
	}
	maps.Copy(args, override)
	var b strings.Builder
	b.WriteString("resource \"adminapi_platform_user\" \"bad\" {\n")
	for _, k := range slices.Sorted(maps.Keys(args)) {
		if v := args[k]; v != "" {
			fmt.Fprintf(&b, "  %s = %s\n", k, v)
		}
	}
	b.WriteString("}\n")
	return b.String()
}

// quoted is s as an HCL string.
func quoted(s string) string { return fmt.Sprintf("%q", s) }

// hclStrings is an HCL list of n strings made by f.
func hclStrings(n int, f func(i int) string) string {
	items := make([]string, n)
	for i := range items {
		items[i] = quoted(f(i))
	}
	return "[" + strings.Join(items, ", ") + "]"
}

// hclMap is an HCL map of n entries made by f.
func hclMap(n int, f func(i int) (string, string)) string {
	items := make([]string, n)
	for i := range items {
		k, v := f(i)
		items[i] = fmt.Sprintf("%q = %q", k, v)
	}
	return "{" + strings.Join(items, ", ") + "}"
}

func TestAccPlatformUser_badInput(t *testing.T) {
	srv, rec := acctest.StartRecordedServer(t)
	set := func(attr, expr string) map[string]string { return map[string]string{attr: expr} }
	userRule := "Attribute username must be 5 to 60 of a-z 0-9 -, starting and ending with a letter or digit"
	emailRule := "email must be a valid e-mail address"
	acctest.ExpectRefused(t, srv, rec, []acctest.BadInput{
		{Name: "e-mail without @", Config: platformUser(set("email", `"user-bad.example.com"`)), Attribute: "email",
			Error: []string{"Invalid e-mail address", emailRule, `got "user-bad.example.com"`}},
		{Name: "e-mail with a display name", Config: platformUser(set("email", `"Bad <user-bad@example.com>"`)), Attribute: "email", Error: []string{emailRule}},
		{Name: "e-mail with one domain label", Config: platformUser(set("email", `"user-bad@localhost"`)), Attribute: "email", Error: []string{emailRule}},
		{Name: "e-mail of 301", Config: platformUser(set("email", quoted(strings.Repeat("u", 289)+"@example.com"))), Attribute: "email",
			Error: []string{"email must be at most 300 characters"}},
		{Name: "username of 4", Config: platformUser(set("username", `"abcd"`)), Attribute: "username", Error: []string{userRule, "got: abcd"}},
		{Name: "username of 61", Config: platformUser(set("username", quoted(strings.Repeat("u", 61)))), Attribute: "username", Error: []string{userRule}},
		{Name: "username with underscore", Config: platformUser(set("username", `"user_bad"`)), Attribute: "username", Error: []string{userRule}},
		{Name: "username ending in a hyphen", Config: platformUser(set("username", `"user-"`)), Attribute: "username", Error: []string{userRule}},
		{Name: "username upper case", Config: platformUser(set("username", `"UserBad"`)), Attribute: "username", Error: []string{userRule}},
		{Name: "name empty", Config: platformUser(set("name", `""`)), Attribute: "name",
			Error: []string{"Attribute name UTF-8 character count must be between 1 and 254, got: 0"}},
		{Name: "name of 255", Config: platformUser(set("name", quoted(strings.Repeat("n", 255)))), Attribute: "name",
			Error: []string{"Attribute name UTF-8 character count must be between 1 and 254, got: 255"}},
		{Name: "language of 6", Config: platformUser(set("language", `"en-GB1"`)), Attribute: "language",
			Error: []string{"Attribute language UTF-8 character count must be between 1 and 5, got: 6"}},
		{Name: "external_id of 256", Config: platformUser(set("external_id", quoted(strings.Repeat("x", 256)))), Attribute: "external_id",
			Error: []string{"Attribute external_id UTF-8 character count must be between 1 and 255, got: 256"}},
		{Name: "33 tags", Config: platformUser(set("tags", hclStrings(33, func(i int) string { return fmt.Sprintf("t%d", i) }))), Attribute: "tags",
			Error: []string{"Attribute tags set must contain at most 32 elements, got: 33"}},
		{Name: "empty tag", Config: platformUser(set("tags", `[""]`)), Attribute: "tags",
			Error: []string{`Attribute tags[Value("")] UTF-8 character count must be between 1 and 64, got: 0`}},
		{Name: "tag of 65", Config: platformUser(set("tags", hclStrings(1, func(int) string { return strings.Repeat("t", 65) }))), Attribute: "tags",
			Error: []string{"Attribute tags[", "UTF-8 character count must be between 1 and 64, got: 65"}},
		{Name: "101 metadata keys", Config: platformUser(set("metadata", hclMap(101, func(i int) (string, string) { return fmt.Sprintf("k%d", i), "v" }))),
			Attribute: "metadata", Error: []string{"Attribute metadata map must contain at most 100 elements, got: 101"}},
		{Name: "metadata value of 1025", Config: platformUser(set("metadata", hclMap(1, func(int) (string, string) { return "note", strings.Repeat("v", 1025) }))),
			Attribute: "metadata", Error: []string{`Attribute metadata["note"] UTF-8 character count must be at most 1024, got: 1025`}},
		{Name: "metadata not a map", Config: platformUser(set("metadata", `"note"`)), Attribute: "metadata",
			Error: []string{`Inappropriate value for attribute "metadata"`, "map of string required"}},
		{Name: "password of 5", Config: platformUser(set("password", `"12345"`)), Attribute: "password",
			Error: []string{"Attribute password UTF-8 character count must be between 6 and 99, got: 5"}},
		{Name: "password of 100", Config: platformUser(set("password", quoted(strings.Repeat("p", 100)))), Attribute: "password",
			Error: []string{"Attribute password UTF-8 character count must be between 6 and 99, got: 100"}},
		{Name: "password and password_wo", Config: platformUser(map[string]string{"password_wo": `"secret2"`, "password_wo_version": "1"}), Attribute: "password_wo",
			Error: []string{`Attribute "password_wo" cannot be specified when "password" is specified`}},
		{Name: "password_wo without its version", Config: platformUser(map[string]string{"password": "", "password_wo": `"secret2"`}),
			Attribute: "password_wo_version", Error: []string{`Attribute "password_wo_version" must be specified when "password_wo" is specified`}},
		{Name: "password for an LDAP user", Config: platformUser(set("ldap", "true")), Attribute: "password",
			Error: []string{"Password given for an LDAP user", "password must not be given when ldap = true"}},
		{Name: "no password and not LDAP (plan)", Config: platformUser(set("password", "")), Attribute: "password",
			Error: []string{"Missing password", "password or password_wo is required to create a platform user unless ldap = true"}},
		{Name: "enabled not a bool", Config: platformUser(set("enabled", `"yes"`)), Attribute: "enabled",
			Error: []string{`Inappropriate value for attribute "enabled"`, "a bool is required"}},
		{Name: "referer empty", Config: platformUser(set("referer", `""`)), Attribute: "referer",
			Error: []string{"Attribute referer string length must be at least 1, got: 0"}},
		{Name: "invitation_token empty", Config: platformUser(set("invitation_token", `""`)), Attribute: "invitation_token",
			Error: []string{"Attribute invitation_token string length must be at least 1, got: 0"}},
		{Name: "referer of 257", Config: platformUser(set("referer", quoted(strings.Repeat("r", 257)))), Attribute: "referer",
			Error: []string{"Attribute referer UTF-8 character count must be at most 256, got: 257"}},
		{Name: "invitation_token of 257", Config: platformUser(set("invitation_token", quoted(strings.Repeat("i", 257)))), Attribute: "invitation_token",
			Error: []string{"Attribute invitation_token UTF-8 character count must be at most 256, got: 257"}},
		{Name: "name with ESC", Config: platformUser(set("name", `"Bad\u001b[31m"`)), Attribute: "name",
			Error: []string{"Attribute name must not hold control characters (U+0000 to U+001F, U+007F) or bidirectional overrides"}},
		{Name: "name with NUL", Config: platformUser(set("name", `"Bad\u0000"`)), Attribute: "name",
			Error: []string{"Attribute name must not hold control characters (U+0000 to U+001F, U+007F) or bidirectional overrides"}},
		{Name: "tag with U+202E", Config: platformUser(set("tags", `["\u202Elive"]`)), Attribute: "tags",
			Error: []string{"Attribute tags[", "must not hold control characters (U+0000 to U+001F, U+007F) or bidirectional overrides"}},
		{Name: "metadata value with DEL", Config: platformUser(set("metadata", `{note = "a\u007fb"}`)), Attribute: "metadata",
			Error: []string{`Attribute metadata["note"] must not hold control characters (U+0000 to U+001F, U+007F) or bidirectional overrides`}},
		{Name: "metadata key with U+2066", Config: platformUser(set("metadata", `{"no\u2066te" = "v"}`)), Attribute: "metadata",
			Error: []string{"Attribute metadata", "must not hold control characters (U+0000 to U+001F, U+007F) or bidirectional overrides"}},
		{Name: "roles set (use adminapi_user_role)", Config: platformUser(set("roles", `["ops"]`)), Attribute: "roles",
			Error: []string{`An argument named "roles" is not expected here`}},
		{Name: "status instead of enabled", Config: platformUser(set("status", `"disabled"`)), Attribute: "status",
			Error: []string{`An argument named "status" is not expected here`}},
	})
}

func platformUserDataSource(body string) string {
	return fmt.Sprintf("data \"adminapi_platform_user\" \"bad\" {\n%s\n}\n", body)
}

func TestAccPlatformUserDataSource_badInput(t *testing.T) {
	srv, rec := acctest.StartRecordedServer(t)
	userRule := "Attribute username must be 5 to 60 of a-z 0-9 -, starting and ending with a letter or digit"
	acctest.ExpectRefused(t, srv, rec, []acctest.BadInput{
		{Name: "no argument", Config: platformUserDataSource(""), Attribute: "username", Error: []string{"Missing Attribute Configuration", "Exactly one of these attributes must be configured: [username,email,external_id]"}},
		{Name: "username and email", Config: platformUserDataSource("username = \"alice\"\nemail = \"alice@example.com\""), Attribute: "email",
			Error: []string{"Invalid Attribute Combination", "Exactly one of these attributes must be configured: [username,email,external_id]"}},
		{Name: "all three", Config: platformUserDataSource("username = \"alice\"\nemail = \"alice@example.com\"\nexternal_id = \"S-1\""),
			Attribute: "external_id", Error: []string{"Invalid Attribute Combination", "Exactly one of these attributes must be configured: [username,email,external_id]"}},
		{Name: "malformed e-mail", Config: platformUserDataSource(`email = "alice(at)example.com"`), Attribute: "email",
			Error: []string{"Invalid e-mail address", "email must be a valid e-mail address"}},
		{Name: "e-mail of 301", Config: platformUserDataSource(fmt.Sprintf("email = %q", strings.Repeat("a", 289)+"@example.com")),
			Attribute: "email", Error: []string{"email must be at most 300 characters"}},
		{Name: "username of 4", Config: platformUserDataSource(`username = "alic"`), Attribute: "username", Error: []string{userRule}},
		{Name: "username upper case", Config: platformUserDataSource(`username = "Alice"`), Attribute: "username", Error: []string{userRule}},
		{Name: "username path", Config: platformUserDataSource(`username = "../users"`), Attribute: "username", Error: []string{userRule}},
		{Name: "external_id empty", Config: platformUserDataSource(`external_id = ""`), Attribute: "external_id",
			Error: []string{"Attribute external_id UTF-8 character count must be between 1 and 255, got: 0"}},
		{Name: "external_id of 256", Config: platformUserDataSource(fmt.Sprintf("external_id = %q", strings.Repeat("x", 256))),
			Attribute: "external_id", Error: []string{"Attribute external_id UTF-8 character count must be between 1 and 255, got: 256"}},
		{Name: "password (data sources carry none)", Config: platformUserDataSource("username = \"alice\"\npassword = \"secret1\""),
			Attribute: "password", Error: []string{`An argument named "password" is not expected here`}},
		{Name: "tags set", Config: platformUserDataSource("username = \"alice\"\ntags = [\"a\"]"), Attribute: "tags",
			Error: []string{"Invalid Configuration for Read-Only Attribute", `tags = ["a"]`}},
		{Name: "invitation_token set", Config: platformUserDataSource("username = \"alice\"\ninvitation_token = \"x\""), Attribute: "invitation_token",
			Error: []string{"Invalid Configuration for Read-Only Attribute", `invitation_token = "x"`}},
		{Name: "no such user (API)", Config: platformUserDataSource(`username = "nobody"`), Attribute: "username",
			Error: []string{"No platform user found", `No platform user has username = "nobody"`}, By: acctest.ByServerOnPlan},
	})
}

func platformUsersDataSource(body string) string {
	return fmt.Sprintf("data \"adminapi_platform_users\" \"bad\" {\n%s\n}\n", body)
}

func TestAccPlatformUsersDataSource_badInput(t *testing.T) {
	srv, rec := acctest.StartRecordedServer(t)
	filter := func(attr, value string) string { return platformUsersDataSource(fmt.Sprintf("%s = %q", attr, value)) }
	acctest.ExpectRefused(t, srv, rec, []acctest.BadInput{
		{Name: "malformed e-mail", Config: filter("email", "alice@"), Attribute: "email",
			Error: []string{"Invalid e-mail address", "email must be a valid e-mail address"}},
		{Name: "name empty", Config: filter("name", ""), Attribute: "name",
			Error: []string{"Attribute name UTF-8 character count must be between 1 and 254, got: 0"}},
		{Name: "name of 255", Config: filter("name", strings.Repeat("n", 255)), Attribute: "name",
			Error: []string{"Attribute name UTF-8 character count must be between 1 and 254, got: 255"}},
		{Name: "tag empty", Config: filter("tag", ""), Attribute: "tag",
			Error: []string{"Attribute tag UTF-8 character count must be between 1 and 64, got: 0"}},
		{Name: "tag of 65", Config: filter("tag", strings.Repeat("t", 65)), Attribute: "tag",
			Error: []string{"Attribute tag UTF-8 character count must be between 1 and 64, got: 65"}},
		{Name: "role upper case", Config: filter("role", "Ops"), Attribute: "role",
			Error: []string{"Attribute role must be a role name: 1 to 63 of a-z 0-9 _ -, starting with a letter or digit"}},
		{Name: "role of 64", Config: filter("role", strings.Repeat("r", 64)), Attribute: "role",
			Error: []string{"Attribute role must be a role name"}},
		{Name: "external_id empty", Config: filter("external_id", ""), Attribute: "external_id",
			Error: []string{"Attribute external_id UTF-8 character count must be between 1 and 255, got: 0"}},
		{Name: "enabled not a bool", Config: filter("enabled", "maybe"), Attribute: "enabled",
			Error: []string{`Inappropriate value for attribute "enabled"`, "a bool is required"}},
		{Name: "tags instead of tag", Config: platformUsersDataSource(`tags = ["a"]`), Attribute: "tags",
			Error: []string{`An argument named "tags" is not expected here`}},
		{Name: "username filter", Config: filter("username", "alice"), Attribute: "username",
			Error: []string{`An argument named "username" is not expected here`}},
		{Name: "limit", Config: platformUsersDataSource("limit = 10"), Attribute: "limit",
			Error: []string{`An argument named "limit" is not expected here`}},
		{Name: "usernames set", Config: platformUsersDataSource(`usernames = ["alice"]`), Attribute: "usernames",
			Error: []string{"Invalid Configuration for Read-Only Attribute", `usernames = ["alice"]`}},
	})
}
