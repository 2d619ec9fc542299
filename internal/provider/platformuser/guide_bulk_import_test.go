package platformuser_test

import (
	"context"
	"encoding/json"
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/config"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"
	"github.com/hashicorp/terraform-plugin-testing/tfversion"

	"github.com/adminapi/terraform-provider-adminapi/internal/acctest"
	"github.com/adminapi/terraform-provider-adminapi/internal/api"
)

// guideExampleDir holds the files the guide "Bringing existing users under
// management" shows (templates/guides/import-existing-users.md.tmpl).
const guideExampleDir = "../../../examples/guides/import-existing-users"

// TestAccGuide_bulkImport follows the guide with its own files over 300
// users as a platform holds them: import them all from the data source with
// no change, then freeze them into users.json and manage them, and their
// role assignments, from the file, again with no change to any user.
func TestAccGuide_bulkImport(t *testing.T) {
	acctest.SkipUnlessScale(t)
	srv := acctest.StartServer(t)
	users, passwords := guideUsers(300)
	created := acctest.CreatePlatformUsersConcurrently(t, srv, users)
	assignments := guideAssignRoles(t, srv, created)
	before := map[string]time.Time{}
	for u, err := range srv.Client.PlatformUsers(t.Context(), api.PlatformUserFilter{}) {
		if err != nil {
			t.Fatal(err)
		}
		before[u.Username] = u.UpdatedAt
	}

	fromAPI := guideDir(t, srv, "main.tf", "users-from-api.tf")
	frozen := guideDir(t, srv, "main.tf", "roles.tf", "users-from-file.tf")
	usersJSON := filepath.Join(frozen, "users.json")

	userAddrs := make([]string, 0, len(created))
	for _, u := range created {
		userAddrs = append(userAddrs, fmt.Sprintf("adminapi_platform_user.this[%q]", u.Username))
	}
	roleAddrs := make([]string, len(assignments))
	for i, id := range assignments {
		roleAddrs[i] = fmt.Sprintf("adminapi_user_role.this[%q]", id)
	}
	emptyAfterApply := []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}
	// The directories hold a provider block: the factories go with each step.
	resource.ParallelTest(t, resource.TestCase{
		TerraformVersionChecks: []tfversion.TerraformVersionCheck{tfversion.SkipBelow(tfversion.Version1_7_0)},
		Steps: []resource.TestStep{
			{
				ProtoV6ProviderFactories: acctest.ProviderFactories,
				ConfigDirectory:          config.StaticDirectory(fromAPI),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply:             []plancheck.PlanCheck{guideImportsUnchanged{addrs: userAddrs}},
					PostApplyPostRefresh: emptyAfterApply,
				},
				ConfigStateChecks: []statecheck.StateCheck{
					guideSpotCheck("guide-000", "language", knownvalue.StringExact("de")),
					guideSpotCheck("guide-002", "external_id", knownvalue.StringExact("S-1-5-21-1002")),
					guideSpotCheck("guide-050", "referer", knownvalue.StringExact("campaign-7")),
					guideSpotCheck("guide-050", "invitation_token", knownvalue.StringExact("invite-050")),
					guideSpotCheck("guide-003", "ldap", knownvalue.Bool(true)),
					guideSpotCheck("guide-007", "enabled", knownvalue.Bool(false)),
					guideSpotCheck("guide-007", "name", knownvalue.Null()),
					acctest.StateHolds(passwords["guide-004"], false),
					guideUsersUnchanged{srv: srv, before: before, passwords: passwords},
					guideFreezeUsers{to: usersJSON},
				},
			},
			{
				// Switching to users.json, with the role assignments added,
				// imports the assignments and changes no user; only the
				// output that wrote the file goes.
				ProtoV6ProviderFactories: acctest.ProviderFactories,
				ConfigDirectory:          config.StaticDirectory(frozen),
				PreConfig:                func() { guideCheckUsersJSON(t, usersJSON, len(created)) },
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{
						guideImportsUnchanged{addrs: roleAddrs},
						guideOnlyOutputRemoved{output: "users"},
					},
					PostApplyPostRefresh: emptyAfterApply,
				},
				ConfigStateChecks: []statecheck.StateCheck{
					guideUsersUnchanged{srv: srv, before: before, passwords: passwords},
				},
			},
			{
				// terraform-plugin-testing cannot shim a state with for_each
				// instances: destroy them in a step so that the test ends empty.
				ProtoV6ProviderFactories: acctest.ProviderFactories,
				Config:                   srv.ProviderBlock(),
				Check:                    platformUserGone(srv, slices.Collect(maps.Keys(before))...),
			},
		},
	})
}

// guideUsers are n users that differ as a platform's users do; passwords
// are those of the users that have one.
func guideUsers(n int) ([]api.CreatePlatformUser, map[string]string) {
	ptr := func(s string) *string { return &s }
	disabled := api.StatusDisabled
	languages := []string{"de", "fr", "es"}
	users := make([]api.CreatePlatformUser, n)
	passwords := map[string]string{}
	for i := range users {
		in := api.CreatePlatformUser{Username: fmt.Sprintf("guide-%03d", i), Email: fmt.Sprintf("user-%03d@example.com", i)}
		if i%4 == 0 {
			in.Password = ptr(fmt.Sprintf("password-%03d", i))
			passwords[in.Username] = *in.Password
		} else {
			in.LDAP = new(true)
		}
		if i%7 != 0 {
			in.Name = ptr(fmt.Sprintf("User %d", i))
		}
		if i%9 == 5 {
			in.Email = fmt.Sprintf("User.%03d@Example.COM", i)
		}
		if i%25 == 0 {
			in.Language = &languages[i/25%len(languages)]
		}
		if i%4 == 2 {
			in.ExternalID = ptr(fmt.Sprintf("S-1-5-21-%d", 1000+i))
		}
		if i%10 == 7 {
			in.Status = &disabled
		}
		if i%3 == 1 {
			in.Tags = []string{"staff"}
		}
		if i%6 == 1 {
			in.Tags = append(in.Tags, fmt.Sprintf("site-%d", i%5))
		}
		if i%5 == 3 {
			in.Metadata = map[string]string{"team": fmt.Sprintf("team-%d", i%7), "cost-center": "4711"}
		}
		if i%50 == 0 {
			in.Referer, in.InvitationToken = ptr("campaign-7"), ptr(fmt.Sprintf("invite-%03d", i))
		}
		users[i] = in
	}
	return users, passwords
}

// guideAssignRoles gives some users roles and answers the assignments'
// import ids.
func guideAssignRoles(t *testing.T, srv *acctest.Server, users []api.PlatformUser) []string {
	t.Helper()
	for _, role := range []string{"auditor", "viewer"} {
		if _, err := srv.Client.CreateRole(t.Context(), api.CreateRole{Name: role}); err != nil {
			t.Fatal(err)
		}
	}
	var ids []string
	for i, u := range users {
		for role, every := range map[string]int{"auditor": 30, "viewer": 45} {
			if i%every != 0 {
				continue
			}
			if _, err := srv.Client.AssignRole(t.Context(), u.Username, role); err != nil {
				t.Fatal(err)
			}
			ids = append(ids, u.Username+"/"+role)
		}
	}
	return ids
}

// guideDir is a directory with the guide's files named and a provider block.
func guideDir(t *testing.T, srv *acctest.Server, files ...string) string {
	t.Helper()
	dir := t.TempDir()
	for _, name := range files {
		content, err := os.ReadFile(filepath.Join(guideExampleDir, name))
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, name), content, 0o600); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.WriteFile(filepath.Join(dir, "provider.tf"), []byte(srv.ProviderBlock()), 0o600); err != nil {
		t.Fatal(err)
	}
	return dir
}

func guideSpotCheck(username, attribute string, want knownvalue.Check) statecheck.StateCheck {
	return statecheck.ExpectKnownValue(fmt.Sprintf("adminapi_platform_user.this[%q]", username), tfjsonpath.New(attribute), want)
}

// guideCheckUsersJSON checks that users.json holds n users, each with the
// fields of the guide's example users.json.
func guideCheckUsersJSON(t *testing.T, path string, n int) {
	t.Helper()
	fields := func(path string) map[string][]string {
		raw, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		var entries map[string]map[string]json.RawMessage
		if err := json.Unmarshal(raw, &entries); err != nil {
			t.Fatalf("%s: %v", path, err)
		}
		out := map[string][]string{}
		for username, entry := range entries {
			out[username] = slices.Sorted(maps.Keys(entry))
		}
		return out
	}
	frozen, example := fields(path), fields(filepath.Join(guideExampleDir, "users.json"))
	if len(frozen) != n {
		t.Fatalf("users.json holds %d users, want %d", len(frozen), n)
	}
	want := slices.Collect(maps.Values(example))[0]
	for username, got := range frozen {
		if !slices.Equal(got, want) {
			t.Fatalf("users.json: %s has fields %v, the guide's example %v", username, got, want)
		}
	}
}

// guideImportsUnchanged checks that the plan imports exactly addrs, each
// with no change, and does nothing else.
type guideImportsUnchanged struct{ addrs []string }

func (c guideImportsUnchanged) CheckPlan(_ context.Context, req plancheck.CheckPlanRequest, resp *plancheck.CheckPlanResponse) {
	var imported []string
	for _, rc := range req.Plan.ResourceChanges {
		if !rc.Change.Actions.NoOp() {
			resp.Error = fmt.Errorf("%s: planned %v, want no change: %s",
				rc.Address, rc.Change.Actions, guideChangedAttributes(rc.Change.Before, rc.Change.After))
			return
		}
		if rc.Change.Importing != nil {
			imported = append(imported, rc.Address)
		}
	}
	if !slices.Equal(slices.Sorted(slices.Values(imported)), slices.Sorted(slices.Values(c.addrs))) {
		resp.Error = fmt.Errorf("the plan imports %d resources, want %d: %v", len(imported), len(c.addrs), imported)
	}
}

// guideOnlyOutputRemoved checks that the plan changes no output but
// removing output.
type guideOnlyOutputRemoved struct{ output string }

func (c guideOnlyOutputRemoved) CheckPlan(_ context.Context, req plancheck.CheckPlanRequest, resp *plancheck.CheckPlanResponse) {
	change, ok := req.Plan.OutputChanges[c.output]
	if !ok || !change.Actions.Delete() {
		resp.Error = fmt.Errorf("output %s is not removed", c.output)
		return
	}
	for name, change := range req.Plan.OutputChanges {
		if name != c.output && !change.Actions.NoOp() {
			resp.Error = fmt.Errorf("output %s: planned %v, want no change", name, change.Actions)
			return
		}
	}
}

// guideChangedAttributes lists the attributes that differ between a
// resource change's before and after objects.
func guideChangedAttributes(before, after any) []string {
	b, _ := before.(map[string]any)
	a, _ := after.(map[string]any)
	var changed []string
	for _, k := range slices.Sorted(maps.Keys(a)) {
		if !reflect.DeepEqual(b[k], a[k]) {
			changed = append(changed, fmt.Sprintf("%s: %v -> %v", k, b[k], a[k]))
		}
	}
	return changed
}

// guideUsersUnchanged checks that no user was changed: updated_at as
// before, passwords as they were.
type guideUsersUnchanged struct {
	srv       *acctest.Server
	before    map[string]time.Time
	passwords map[string]string
}

func (c guideUsersUnchanged) CheckState(ctx context.Context, _ statecheck.CheckStateRequest, resp *statecheck.CheckStateResponse) {
	n := 0
	for u, err := range c.srv.Client.PlatformUsers(ctx, api.PlatformUserFilter{}) {
		if err != nil {
			resp.Error = err
			return
		}
		if n++; !u.UpdatedAt.Equal(c.before[u.Username]) {
			resp.Error = fmt.Errorf("%s was changed: updated_at %v -> %v", u.Username, c.before[u.Username], u.UpdatedAt)
			return
		}
	}
	if n != len(c.before) {
		resp.Error = fmt.Errorf("%d platform users, want %d", n, len(c.before))
		return
	}
	// bcrypt is slow: a few users stand for all.
	for _, username := range slices.Sorted(maps.Keys(c.passwords))[:min(5, len(c.passwords))] {
		ok, err := c.srv.Server.PlatformUserPasswordMatches(ctx, username, c.passwords[username])
		if err == nil && !ok {
			err = fmt.Errorf("the password of %s was changed", username)
		}
		if err != nil {
			resp.Error = err
			return
		}
	}
}

// guideFreezeUsers writes the output users to a file, as
// `terraform output -json users > users.json` does: the state holds the
// output's value in the same JSON encoding.
type guideFreezeUsers struct{ to string }

func (c guideFreezeUsers) CheckState(_ context.Context, req statecheck.CheckStateRequest, resp *statecheck.CheckStateResponse) {
	out, ok := req.State.Values.Outputs["users"]
	if !ok {
		resp.Error = fmt.Errorf("no output users")
		return
	}
	raw, err := json.MarshalIndent(out.Value, "", "  ")
	if err == nil {
		err = os.WriteFile(c.to, raw, 0o600)
	}
	resp.Error = err
}
