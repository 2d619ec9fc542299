package account_test

import (
	"fmt"
	"maps"
	"slices"
	"strings"
	"testing"

	"github.com/google/uuid"

	"github.com/adminapi/terraform-provider-adminapi/internal/acctest"
	"github.com/adminapi/terraform-provider-adminapi/internal/api"
)

// block is an HCL block of the given kind ("resource", "data",
// "ephemeral") with the arguments in args (name -> HCL expression).
func block(kind, typ string, args map[string]string) string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s %q \"bad\" {\n", kind, typ)
	for _, k := range slices.Sorted(maps.Keys(args)) {
		if v := args[k]; v != "" {
			fmt.Fprintf(&b, "  %s = %s\n", k, v)
		}
	}
	b.WriteString("}\n")
	return b.String()
}

// with is base with the arguments of override (name -> HCL expression, ""
// to leave it out).
func with(base, override map[string]string) map[string]string {
	out := maps.Clone(base)
	maps.Copy(out, override)
	return out
}

func hclMap(n int, f func(i int) (string, string)) string {
	items := make([]string, n)
	for i := range items {
		k, v := f(i)
		items[i] = fmt.Sprintf("%q = %q", k, v)
	}
	return "{" + strings.Join(items, ", ") + "}"
}

// accountIDRule is what accountIDValidator says of a bad account id.
func accountIDRule(attr string) []string {
	return []string{"Invalid account id", "Attribute " + attr + ": expected an account id, a UUID"}
}

func TestAccAccount_badInput(t *testing.T) {
	srv, rec := acctest.StartRecordedServer(t)
	base := map[string]string{"name": `"acme"`}
	account := func(override map[string]string) string {
		return block("resource", "adminapi_account", with(base, override))
	}
	cases := []acctest.BadInput{
		{Name: "name empty", Config: account(map[string]string{"name": `""`}), Attribute: "name",
			Error: []string{"Attribute name UTF-8 character count must be between 1 and 255, got: 0"}},
		{Name: "name of 256", Config: account(map[string]string{"name": fmt.Sprintf("%q", strings.Repeat("n", 256))}), Attribute: "name",
			Error: []string{"Attribute name UTF-8 character count must be between 1 and 255, got: 256"}},
		{Name: "name with a bell", Config: account(map[string]string{"name": `"acme\u0007"`}), Attribute: "name",
			Error: []string{"Attribute name must not hold control characters (U+0000 to U+001F, U+007F) or bidirectional overrides"}},
		{Name: "attribute value with U+202E", Config: account(map[string]string{"attributes": `{phone = "\u202e123"}`}), Attribute: "attributes",
			Error: []string{`Attribute attributes["phone"] must not hold control characters (U+0000 to U+001F, U+007F) or bidirectional overrides`}},
		{Name: "attribute key with a newline", Config: account(map[string]string{"attributes": `{"pho\nne" = "123"}`}), Attribute: "attributes",
			Error: []string{"Attribute attributes", "must not hold control characters (U+0000 to U+001F, U+007F) or bidirectional overrides"}},
		{Name: "name missing", Config: account(map[string]string{"name": "", "data_retention": "1"}), Attribute: "name",
			Error: []string{`The argument "name" is required`}},
	}
	for _, attr := range []string{"health_time_period", "exec_interval", "base_line_exec_interval", "cd_model_frequency", "cd_execution_frequency", "data_retention"} {
		cases = append(cases, acctest.BadInput{Name: attr + " negative", Config: account(map[string]string{attr: "-1"}), Attribute: attr,
			Error: []string{"Attribute " + attr + " value must be at least 0, got: -1"}})
	}
	cases = append(cases, []acctest.BadInput{
		{Name: "health_time_period fractional", Config: account(map[string]string{"health_time_period": "1.5"}), Attribute: "health_time_period",
			Error: []string{"Configuration Read Error", "health_time_period = 1.5", "is not an integer"}},
		{Name: "exec_interval a word", Config: account(map[string]string{"exec_interval": `"hourly"`}), Attribute: "exec_interval",
			Error: []string{`Inappropriate value for attribute "exec_interval"`, "a number is required"}},
		{Name: "101 attributes", Config: account(map[string]string{"attributes": hclMap(101, func(i int) (string, string) { return fmt.Sprintf("k%d", i), "v" })}),
			Attribute: "attributes", Error: []string{"Attribute attributes map must contain at most 100 elements, got: 101"}},
		{Name: "attribute key empty", Config: account(map[string]string{"attributes": `{ "" = "v" }`}), Attribute: "attributes",
			Error: []string{`Attribute attributes[""] UTF-8 character count must be between 1 and 1024, got: 0`}},
		{Name: "attribute key of 1025", Config: account(map[string]string{"attributes": hclMap(1, func(int) (string, string) { return strings.Repeat("k", 1025), "v" })}),
			Attribute: "attributes", Error: []string{"Attribute attributes", "UTF-8 character count must be between 1 and 1024, got: 1025"}},
		{Name: "attribute value empty", Config: account(map[string]string{"attributes": `{ region = "" }`}), Attribute: "attributes",
			Error: []string{`Attribute attributes["region"] UTF-8 character count must be between 1 and 1024, got: 0`}},
		{Name: "attribute value of 1025", Config: account(map[string]string{"attributes": hclMap(1, func(int) (string, string) { return "region", strings.Repeat("v", 1025) })}),
			Attribute: "attributes", Error: []string{`Attribute attributes["region"] UTF-8 character count must be between 1 and 1024, got: 1025`}},
		{Name: "attributes a list", Config: account(map[string]string{"attributes": `["region"]`}), Attribute: "attributes",
			Error: []string{`Inappropriate value for attribute "attributes"`, "map of string required"}},
		{Name: "id set", Config: account(map[string]string{"id": fmt.Sprintf("%q", uuid.NewString())}), Attribute: "id",
			Error: []string{"Invalid Configuration for Read-Only Attribute", "id = "}},
		{Name: "created set", Config: account(map[string]string{"created": "0"}), Attribute: "created",
			Error: []string{"Invalid Configuration for Read-Only Attribute", "created = 0"}},
	}...)
	acctest.ExpectRefused(t, srv, rec, cases)
}

func TestAccAccountUser_badInput(t *testing.T) {
	srv, rec := acctest.StartRecordedServer(t)
	acctest.CreatePlatformUsers(t, srv, "alice")
	acc, err := srv.Client.CreateAccount(t.Context(), api.AccountInput{Name: "bad-input"})
	if err != nil {
		t.Fatal(err)
	}
	id := uuid.NewString()
	base := map[string]string{"account_id": fmt.Sprintf("%q", id), "username": `"alice"`, "role": `"user"`}
	member := func(override map[string]string) string {
		return block("resource", "adminapi_account_user", with(base, override))
	}
	idRule := "Attribute account_id must be an account id: a lowercase UUID"
	userRule := "Attribute username must be 5 to 60 of a-z 0-9 -, starting and ending with a letter or digit"
	roleRule := `Attribute role value must be one of: ["user" "admin"]`
	acctest.ExpectRefused(t, srv, rec, []acctest.BadInput{
		{Name: "account_id a name", Config: member(map[string]string{"account_id": `"acme"`}), Attribute: "account_id", Error: []string{idRule, "got: acme"}},
		{Name: "account_id without hyphens", Config: member(map[string]string{"account_id": fmt.Sprintf("%q", strings.ReplaceAll(id, "-", ""))}),
			Attribute: "account_id", Error: []string{idRule}},
		{Name: "account_id upper case", Config: member(map[string]string{"account_id": fmt.Sprintf("%q", strings.ToUpper(id))}),
			Attribute: "account_id", Error: []string{idRule}},
		{Name: "account_id empty", Config: member(map[string]string{"account_id": `""`}), Attribute: "account_id", Error: []string{idRule}},
		{Name: "username of 4", Config: member(map[string]string{"username": `"alic"`}), Attribute: "username", Error: []string{userRule}},
		{Name: "username upper case", Config: member(map[string]string{"username": `"Alice"`}), Attribute: "username", Error: []string{userRule}},
		{Name: "role owner", Config: member(map[string]string{"role": `"owner"`}), Attribute: "role", Error: []string{roleRule, `got: "owner"`}},
		{Name: "role in capitals", Config: member(map[string]string{"role": `"Admin"`}), Attribute: "role", Error: []string{roleRule}},
		{Name: "role missing", Config: member(map[string]string{"role": ""}), Attribute: "role", Error: []string{`The argument "role" is required`}},
		{Name: "username missing", Config: member(map[string]string{"username": ""}), Attribute: "username", Error: []string{`The argument "username" is required`}},
		{Name: "roles instead of role", Config: member(map[string]string{"role": "", "roles": `["user"]`}), Attribute: "roles",
			Error: []string{`An argument named "roles" is not expected here`}},
		{Name: "id set", Config: member(map[string]string{"id": fmt.Sprintf("%q", id+"/alice")}), Attribute: "id",
			Error: []string{"Invalid Configuration for Read-Only Attribute", "id = "}},
		// The diagnostic is on the attribute: Terraform quotes its line
		// ("N:   account_id = ...") before the detail.
		{Name: "no such account (API)", Config: member(nil), Attribute: "account_id",
			Error: []string{fmt.Sprintf("Could not create account membership %q: no such account", id+"/alice"),
				fmt.Sprintf(`: account_id = %q`, id), fmt.Sprintf(`No account has id = %q`, id), "the account " + id + " does not exist"},
			By: acctest.ByServerOnApply},
		{Name: "no such platform user (API)", Config: member(map[string]string{"account_id": fmt.Sprintf("%q", acc.ID), "username": `"ghost"`}),
			Attribute: "username",
			Error: []string{fmt.Sprintf("Could not create account membership %q: no such platform user", acc.ID+"/ghost"),
				`: username = "ghost"`, `No platform user has username = "ghost"`, "the platform user ghost does not exist"},
			By: acctest.ByServerOnApply},
	})
}

func TestAccAccountDataSource_badInput(t *testing.T) {
	srv, rec := acctest.StartRecordedServer(t)
	id := uuid.NewString()
	account := func(args map[string]string) string { return block("data", "adminapi_account", args) }
	byID := func(v string) string { return account(map[string]string{"id": fmt.Sprintf("%q", v)}) }
	acctest.ExpectRefused(t, srv, rec, []acctest.BadInput{
		{Name: "a name", Config: byID("acme"), Attribute: "id", Error: append(accountIDRule("id"), `got "acme"`)},
		{Name: "empty", Config: byID(""), Attribute: "id", Error: accountIDRule("id")},
		{Name: "without hyphens", Config: byID(strings.ReplaceAll(id, "-", "")), Attribute: "id", Error: accountIDRule("id")},
		{Name: "in braces", Config: byID("{" + id + "}"), Attribute: "id", Error: accountIDRule("id")},
		{Name: "as a URN", Config: byID("urn:uuid:" + id), Attribute: "id", Error: accountIDRule("id")},
		{Name: "one character short", Config: byID(id[:35]), Attribute: "id", Error: accountIDRule("id")},
		{Name: "a path", Config: byID(id + "/users"), Attribute: "id", Error: accountIDRule("id")},
		{Name: "id missing", Config: account(nil), Attribute: "id", Error: []string{`The argument "id" is required`}},
		{Name: "name instead of id", Config: account(map[string]string{"id": fmt.Sprintf("%q", id), "name": `"acme"`}), Attribute: "name",
			Error: []string{"Invalid Configuration for Read-Only Attribute", `name = "acme"`}},
		{Name: "attributes set", Config: account(map[string]string{"id": fmt.Sprintf("%q", id), "attributes": "{}"}), Attribute: "attributes",
			Error: []string{"Invalid Configuration for Read-Only Attribute", "attributes = {}"}},
		{Name: "username argument", Config: account(map[string]string{"id": fmt.Sprintf("%q", id), "username": `"alice"`}), Attribute: "username",
			Error: []string{`An argument named "username" is not expected here`}},
		{Name: "no such account (API)", Config: byID(id), Attribute: "id",
			Error: []string{"No account found", fmt.Sprintf("No account has id = %q", id)}, By: acctest.ByServerOnPlan},
	})
}

func TestAccAccountsDataSource_badInput(t *testing.T) {
	srv, rec := acctest.StartRecordedServer(t)
	accounts := func(args map[string]string) string { return block("data", "adminapi_accounts", args) }
	notExpected := func(arg, value string) acctest.BadInput {
		return acctest.BadInput{Name: arg + " argument", Config: accounts(map[string]string{arg: value}), Attribute: arg,
			Error: []string{fmt.Sprintf(`An argument named %q is not expected here`, arg)}}
	}
	acctest.ExpectRefused(t, srv, rec, []acctest.BadInput{
		{Name: "name empty", Config: accounts(map[string]string{"name": `""`}), Attribute: "name",
			Error: []string{"Attribute name UTF-8 character count must be between 1 and 255, got: 0"}},
		{Name: "name of 256", Config: accounts(map[string]string{"name": fmt.Sprintf("%q", strings.Repeat("n", 256))}), Attribute: "name",
			Error: []string{"Attribute name UTF-8 character count must be between 1 and 255, got: 256"}},
		{Name: "name a list", Config: accounts(map[string]string{"name": `["acme"]`}), Attribute: "name",
			Error: []string{`Inappropriate value for attribute "name"`, "string required"}},
		{Name: "accounts set", Config: accounts(map[string]string{"accounts": "[]"}), Attribute: "accounts",
			Error: []string{"Invalid Configuration for Read-Only Attribute", "accounts = []"}},
		notExpected("id", fmt.Sprintf("%q", uuid.NewString())),
		notExpected("names", `["acme"]`),
		notExpected("attributes", `{ region = "eu" }`),
		notExpected("username", `"alice"`),
		notExpected("limit", "10"),
		notExpected("offset", "10"),
	})
}

func TestAccAccountUsersDataSource_badInput(t *testing.T) {
	srv, rec := acctest.StartRecordedServer(t)
	id := uuid.NewString()
	members := func(args map[string]string) string { return block("data", "adminapi_account_users", args) }
	byID := func(v string) string { return members(map[string]string{"account_id": fmt.Sprintf("%q", v)}) }
	withID := func(attr, value string) string {
		return members(map[string]string{"account_id": fmt.Sprintf("%q", id), attr: value})
	}
	acctest.ExpectRefused(t, srv, rec, []acctest.BadInput{
		{Name: "a name", Config: byID("acme"), Attribute: "account_id", Error: append(accountIDRule("account_id"), `got "acme"`)},
		{Name: "empty", Config: byID(""), Attribute: "account_id", Error: accountIDRule("account_id")},
		{Name: "without hyphens", Config: byID(strings.ReplaceAll(id, "-", "")), Attribute: "account_id", Error: accountIDRule("account_id")},
		{Name: "a path", Config: byID(id + "/users/alice"), Attribute: "account_id", Error: accountIDRule("account_id")},
		{Name: "one character long", Config: byID(id + "0"), Attribute: "account_id", Error: accountIDRule("account_id")},
		{Name: "account_id missing", Config: members(nil), Attribute: "account_id", Error: []string{`The argument "account_id" is required`}},
		{Name: "account_id a list", Config: members(map[string]string{"account_id": fmt.Sprintf("[%q]", id)}), Attribute: "account_id",
			Error: []string{`Inappropriate value for attribute "account_id"`, "string required"}},
		{Name: "users set", Config: withID("users", "[]"), Attribute: "users", Error: []string{"Invalid Configuration for Read-Only Attribute", "users = []"}},
		{Name: "role filter", Config: withID("role", `"admin"`), Attribute: "role", Error: []string{`An argument named "role" is not expected here`}},
		{Name: "username filter", Config: withID("username", `"alice"`), Attribute: "username",
			Error: []string{`An argument named "username" is not expected here`}},
		{Name: "no such account (API)", Config: byID(id), Attribute: "account_id",
			Error: []string{"No account found", fmt.Sprintf("No account has account_id = %q", id)}, By: acctest.ByServerOnPlan},
	})
}

func TestAccActivationCodeEphemeral_badInput(t *testing.T) {
	srv, rec := acctest.StartRecordedServer(t)
	id := uuid.NewString()
	code := func(args map[string]string) string {
		return block("ephemeral", "adminapi_account_activation_code", args)
	}
	byID := func(v string) string { return code(map[string]string{"account_id": fmt.Sprintf("%q", v)}) }
	withID := func(attr, value string) string {
		return code(map[string]string{"account_id": fmt.Sprintf("%q", id), attr: value})
	}
	acctest.ExpectRefused(t, srv, rec, []acctest.BadInput{
		{Name: "a name", Config: byID("acme"), Attribute: "account_id", Error: append(accountIDRule("account_id"), `got "acme"`)},
		{Name: "empty", Config: byID(""), Attribute: "account_id", Error: accountIDRule("account_id")},
		{Name: "without hyphens", Config: byID(strings.ReplaceAll(id, "-", "")), Attribute: "account_id", Error: accountIDRule("account_id")},
		{Name: "in braces", Config: byID("{" + id + "}"), Attribute: "account_id", Error: accountIDRule("account_id")},
		{Name: "a path", Config: byID(id + "/activationcode"), Attribute: "account_id", Error: accountIDRule("account_id")},
		{Name: "account_id missing", Config: code(map[string]string{"refresh": "true"}), Attribute: "account_id",
			Error: []string{`The argument "account_id" is required`}},
		{Name: "refresh not a bool", Config: withID("refresh", `"sometimes"`), Attribute: "refresh",
			Error: []string{`Inappropriate value for attribute "refresh"`, "a bool is required"}},
		{Name: "activation_code set", Config: withID("activation_code", `"ABCD1234"`), Attribute: "activation_code",
			Error: []string{"Invalid Configuration for Read-Only Attribute", `activation_code = "ABCD1234"`}},
		{Name: "seconds_left set", Config: withID("seconds_left", "60"), Attribute: "seconds_left",
			Error: []string{"Invalid Configuration for Read-Only Attribute", "seconds_left = 60"}},
		{Name: "expires_at set", Config: withID("expires_at", `"2030-01-01T00:00:00Z"`), Attribute: "expires_at",
			Error: []string{"Invalid Configuration for Read-Only Attribute", "expires_at = "}},
		{Name: "code argument", Config: withID("code", `"ABCD1234"`), Attribute: "code", Error: []string{`An argument named "code" is not expected here`}},
		{Name: "no such account (API)", Config: byID(id), Attribute: "account_id",
			Error: []string{"No account found", fmt.Sprintf("No account has account_id = %q", id)}, By: acctest.ByServerOnPlan},
	})
}
