package provider_test

import (
	"context"
	"fmt"
	"maps"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/querycheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfversion"

	"github.com/adminapi/terraform-provider-adminapi/internal/acctest"
	"github.com/adminapi/terraform-provider-adminapi/internal/api"
	"github.com/adminapi/terraform-provider-adminapi/internal/shard"
)

// estate is what the shard tests split, created behind Terraform's back:
// 1,000 platform users, admin users, a role held by every 7th user and an
// account of which every 5th user is a member.
type estate struct {
	users, admins      []string // admins: every admin user, the server's own too
	assignments        []string // "username/role"
	members            []string
	accountID, roleArg string
}

const shardCount = 3

func seedEstate(t *testing.T, srv *acctest.Server) estate {
	t.Helper()
	ctx := t.Context()
	e := estate{users: acctest.NumberedNames("shard-user", 1000), roleArg: "shard-holder"}
	if _, err := srv.Client.CreateRole(ctx, api.CreateRole{Name: e.roleArg}); err != nil {
		t.Fatal(err)
	}
	account, err := srv.Client.CreateAccount(ctx, api.AccountInput{Name: "shard-account"})
	if err != nil {
		t.Fatal(err)
	}
	e.accountID = account.ID
	acctest.CreatePlatformUsersConcurrently(t, srv, acctest.LDAPUsers(e.users))
	for i, u := range e.users {
		if i%7 == 0 {
			if _, err := srv.Client.AssignRole(ctx, u, e.roleArg); err != nil {
				t.Fatal(err)
			}
			e.assignments = append(e.assignments, u+"/"+e.roleArg)
		}
		if i%5 == 0 {
			if _, err := srv.Client.SetAccountMember(ctx, e.accountID, u, "user"); err != nil {
				t.Fatal(err)
			}
			e.members = append(e.members, u)
		}
	}
	for _, a := range acctest.NumberedNames("shard-admin", 12) {
		if _, err := srv.Client.CreateAdminUser(ctx, api.CreateAdminUser{Username: a, Password: "shard-admin-password",
			Permissions: api.Permissions{Users: []string{}, Settings: []string{}, PlatformUsers: []string{}, Accounts: []string{}}}); err != nil {
			t.Fatal(err)
		}
	}
	for a, err := range srv.Client.AdminUsers(ctx) {
		if err != nil {
			t.Fatal(err)
		}
		e.admins = append(e.admins, a.Username)
	}
	return e
}

// checkSplit checks that shards (index -> the names found in it, each a
// username or "username/…") are disjoint, cover want, and hold each name
// in the shard of its username.
func checkSplit(what string, shards map[int][]string, want []string) error {
	seen := map[string]int{}
	var problems []string
	for i := range shardCount {
		for _, name := range shards[i] {
			username, _, _ := strings.Cut(name, "/")
			if got := shard.Of(username, shardCount); got != int64(i) {
				problems = append(problems, fmt.Sprintf("%s is in shard %d, but its username's shard is %d", name, i, got))
			}
			if j, dup := seen[name]; dup {
				problems = append(problems, fmt.Sprintf("%s is in shards %d and %d", name, j, i))
			}
			seen[name] = i
		}
	}
	if missing := slices.DeleteFunc(slices.Clone(want), func(n string) bool { _, ok := seen[n]; return ok }); len(missing) > 0 {
		problems = append(problems, fmt.Sprintf("%d of %d are in no shard, e.g. %s", len(missing), len(want), missing[0]))
	}
	if len(seen) != len(want) {
		problems = append(problems, fmt.Sprintf("the shards hold %d, want %d", len(seen), len(want)))
	}
	if len(problems) > 0 {
		return fmt.Errorf("%s: %s", what, strings.Join(problems, "; "))
	}
	return nil
}

// listed gathers the values of key in the objects of a data source's list
// attribute from the state's flatmap (e.g. users.12.username).
func listed(s *terraform.State, address, list, key string, join func(string) string) ([]string, error) {
	r, ok := s.RootModule().Resources[address]
	if !ok {
		return nil, fmt.Errorf("%s is not in the state", address)
	}
	n, err := strconv.Atoi(r.Primary.Attributes[list+".#"])
	if err != nil {
		return nil, fmt.Errorf("%s: %s.#: %w", address, list, err)
	}
	names := make([]string, n)
	for i := range names {
		names[i] = join(r.Primary.Attributes[fmt.Sprintf("%s.%d.%s", list, i, key)])
	}
	return names, nil
}

func same(s string) string { return s }

// The three data sources split 1,000 users, the admin users and an
// account's members into 3 shards that are disjoint, cover them all, and
// hold each in its username's shard.
func TestAccShards_dataSources(t *testing.T) {
	srv := acctest.StartServer(t)
	e := seedEstate(t, srv)
	config := fmt.Sprintf(`
data "adminapi_platform_users" "s" {
  count = %[1]d
  shard = { count = %[1]d, index = count.index }
}

data "adminapi_admin_users" "s" {
  count = %[1]d
  shard = { count = %[1]d, index = count.index }
}

data "adminapi_account_users" "s" {
  count      = %[1]d
  account_id = %[2]q
  shard      = { count = %[1]d, index = count.index }
}
`, shardCount, e.accountID)
	check := func(s *terraform.State) error {
		for _, c := range []struct {
			source, list string
			want         []string
		}{
			{"adminapi_platform_users", "users", e.users},
			{"adminapi_admin_users", "users", e.admins},
			{"adminapi_account_users", "users", e.members},
		} {
			shards := map[int][]string{}
			for i := range shardCount {
				names, err := listed(s, fmt.Sprintf("data.%s.s.%d", c.source, i), c.list, "username", same)
				if err != nil {
					return err
				}
				shards[i] = names
			}
			if err := checkSplit(c.source, shards, c.want); err != nil {
				return err
			}
		}
		return nil
	}
	// Between the steps 100 users go and 100 others come: every user that
	// stays keeps its shard.
	before := map[string]int{}
	keptShards := func(s *terraform.State) error {
		for i := range shardCount {
			names, err := listed(s, fmt.Sprintf("data.adminapi_platform_users.s.%d", i), "users", "username", same)
			if err != nil {
				return err
			}
			for _, u := range names {
				if j, ok := before[u]; ok && j != i {
					return fmt.Errorf("%s moved from shard %d to %d when others were added and removed", u, j, i)
				}
				before[u] = i
			}
		}
		return nil
	}
	changeUsers := func() {
		for _, u := range e.users[:100] {
			if err := srv.Client.DeletePlatformUser(t.Context(), u); err != nil {
				t.Fatal(err)
			}
		}
		added := acctest.NumberedNames("shard-new", 100)
		acctest.CreatePlatformUsersConcurrently(t, srv, acctest.LDAPUsers(added))
		e.users = append(slices.Clone(e.users[100:]), added...)
		e.members = slices.DeleteFunc(e.members, func(u string) bool { return !slices.Contains(e.users, u) })
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		Steps: []resource.TestStep{
			{Config: srv.Config(config), Check: resource.ComposeAggregateTestCheckFunc(check, keptShards)},
			{PreConfig: changeUsers, Config: srv.Config(config), Check: resource.ComposeAggregateTestCheckFunc(check, keptShards)},
		},
	})
}

// foundByShard gathers the query's results by list block (s0, s1, ...),
// each named by its identity's username (and role, for an assignment).
type foundByShard struct {
	into map[string]map[int][]string // resource type -> shard -> names
}

var shardBlock = regexp.MustCompile(`\.s(\d+)$`)

func (f foundByShard) CheckQuery(_ context.Context, req querycheck.CheckQueryRequest, resp *querycheck.CheckQueryResponse) {
	for _, r := range req.Query {
		m := shardBlock.FindStringSubmatch(r.Address)
		if m == nil {
			resp.Error = fmt.Errorf("a result of %q, which is no shard's list block", r.Address)
			return
		}
		i, _ := strconv.Atoi(m[1])
		name, _ := r.Identity["username"].(string)
		if role, ok := r.Identity["role"].(string); ok {
			name += "/" + role
		}
		if f.into[r.ResourceType] == nil {
			f.into[r.ResourceType] = map[int][]string{}
		}
		f.into[r.ResourceType][i] = append(f.into[r.ResourceType][i], name)
	}
}

// The four list resources split the same estate the same way (Terraform
// 1.14+).
func TestAccShards_listResources(t *testing.T) {
	acctest.SkipOnOpenTofu(t, "list resources or `query` (Terraform 1.14+)")
	acctest.SkipBelowCLI(t, tfversion.Version1_14_0)
	srv := acctest.StartServer(t)
	e := seedEstate(t, srv)
	var query strings.Builder
	for _, typ := range []string{"platform_user", "admin_user", "user_role", "account_user"} {
		account := ""
		if typ == "account_user" {
			account = fmt.Sprintf("account_id = %q\n    ", e.accountID)
		}
		for i := range shardCount {
			fmt.Fprintf(&query, "list \"adminapi_%s\" \"s%d\" {\n  provider = adminapi\n  limit    = 10000\n  config {\n    %sshard = { count = %d, index = %d }\n  }\n}\n",
				typ, i, account, shardCount, i)
		}
	}
	found := foundByShard{into: map[string]map[int][]string{}}
	resource.ParallelTest(t, resource.TestCase{
		TerraformVersionChecks:   []tfversion.TerraformVersionCheck{tfversion.SkipBelow(tfversion.Version1_14_0)},
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		Steps: []resource.TestStep{
			{Config: srv.Config("")},
			{Query: true, Config: query.String(), QueryResultChecks: []querycheck.QueryResultCheck{found}},
		},
	})
	if t.Failed() {
		return
	}
	want := map[string][]string{
		"adminapi_platform_user": e.users, "adminapi_admin_user": e.admins,
		"adminapi_user_role": e.assignments, "adminapi_account_user": e.members,
	}
	for _, typ := range slices.Sorted(maps.Keys(want)) {
		if err := checkSplit(typ, found.into[typ], want[typ]); err != nil {
			t.Error(err)
		}
	}
}

// shardRefusals are the bad shards and the error each gets, naming the
// attribute.
var shardRefusals = []struct {
	name, shard, attribute string
	error                  []string
}{
	{"count below 1", "{ count = 0, index = 0 }", "shard.count", []string{"Attribute shard.count value must be at least 1, got: 0"}},
	{"negative index", "{ count = 4, index = -1 }", "shard.index", []string{"Attribute shard.index value must be at least 0, got: -1"}},
	{"index of count", "{ count = 4, index = 4 }", "shard.index", []string{"Attribute shard.index must be less than shard.count (4), got: 4"}},
	{"index above count", "{ count = 2, index = 7 }", "shard.index", []string{"Attribute shard.index must be less than shard.count (2), got: 7"}},
	{"no index", "{ count = 2 }", "shard", []string{`Inappropriate value for attribute "shard"`, `attribute "index" is required`}},
}

// A bad shard is refused at plan time, naming the attribute, by every data
// source, before any API call but authentication.
func TestAccShards_dataSourcesBadInput(t *testing.T) {
	srv, rec := acctest.StartRecordedServer(t)
	sources := []string{
		`data "adminapi_platform_users" "bad" {`,
		`data "adminapi_admin_users" "bad" {`,
		`data "adminapi_account_users" "bad" {` + "\n  account_id = \"3f0c8a4e-5d8b-4b8a-9a3e-2f1d6c7b8a90\"",
	}
	var cases []acctest.BadInput
	for _, source := range sources {
		for _, r := range shardRefusals {
			cases = append(cases, acctest.BadInput{
				Name:      fmt.Sprintf("%s, %s", strings.Fields(source)[1], r.name),
				Config:    fmt.Sprintf("%s\n  shard = %s\n}\n", source, r.shard),
				Attribute: r.attribute, Error: r.error, By: acctest.ByPlan,
			})
		}
	}
	acctest.ExpectRefused(t, srv, rec, cases)
}

// A bad shard in a list block's config is refused before any result, by
// every list resource (Terraform 1.14+).
func TestAccShards_listResourcesBadInput(t *testing.T) {
	acctest.SkipOnOpenTofu(t, "list resources or `query` (Terraform 1.14+)")
	srv := acctest.StartServer(t)
	steps := []resource.TestStep{{Config: srv.Config("")}}
	for _, typ := range []string{"platform_user", "admin_user", "user_role", "account_user"} {
		account := ""
		if typ == "account_user" {
			account = "account_id = \"3f0c8a4e-5d8b-4b8a-9a3e-2f1d6c7b8a90\"\n    "
		}
		for _, r := range shardRefusals {
			steps = append(steps, resource.TestStep{
				Query:       true,
				Config:      fmt.Sprintf("list \"adminapi_%s\" \"bad\" {\n  provider = adminapi\n  config {\n    %sshard = %s\n  }\n}\n", typ, account, r.shard),
				ExpectError: acctest.ErrorRegexp(r.error...),
			})
		}
	}
	resource.ParallelTest(t, resource.TestCase{
		TerraformVersionChecks:   []tfversion.TerraformVersionCheck{tfversion.SkipBelow(tfversion.Version1_14_0)},
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		Steps:                    steps,
	})
}
