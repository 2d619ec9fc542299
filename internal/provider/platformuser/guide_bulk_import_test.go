package platformuser_test

import (
	"context"
	"encoding/json"
	"fmt"
	"maps"
	"os"
	"os/exec"
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

// guideFillers is how many plain users are added to the varied ones so that
// export-users.sh has to read more than one page of 100.
const guideFillers = 100

// guideUser is one entry of users.json, as export-users.sh writes it.
type guideUser struct {
	Email      string            `json:"email"`
	Name       *string           `json:"name"`
	Language   string            `json:"language"`
	ExternalID *string           `json:"external_id"`
	Tags       []string          `json:"tags"`
	Metadata   map[string]string `json:"metadata"`
	Enabled    bool              `json:"enabled"`
	LDAP       bool              `json:"ldap"`
}

// TestAccGuide_bulkImport runs the guide's own main.tf over a users.json
// written from the API as the guide says: the plan imports every user and
// changes none, and applying it changes no user.
func TestAccGuide_bulkImport(t *testing.T) {
	srv := acctest.StartServer(t)
	before := guideCreateUsers(t, srv)

	dir := t.TempDir()
	main, err := os.ReadFile(filepath.Join(guideExampleDir, "main.tf"))
	if err != nil {
		t.Fatal(err)
	}
	for name, content := range map[string]string{"main.tf": string(main), "provider.tf": srv.ProviderBlock()} {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(content), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	guideWriteUsersJSON(t, srv, dir)

	importedUnchanged := []plancheck.PlanCheck{guideEveryUserImportedUnchanged(len(before))}
	for username := range before {
		importedUnchanged = append(importedUnchanged,
			plancheck.ExpectResourceAction(guideAddr(username), plancheck.ResourceActionNoop))
	}
	// The directory holds a provider block: the factories go with each step.
	resource.ParallelTest(t, resource.TestCase{
		TerraformVersionChecks: []tfversion.TerraformVersionCheck{tfversion.SkipBelow(tfversion.Version1_7_0)},
		Steps: []resource.TestStep{
			{
				ProtoV6ProviderFactories: acctest.ProviderFactories,
				ConfigDirectory:          config.StaticDirectory(dir),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply:             importedUnchanged,
					PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(guideAddr("guide-carol"), tfjsonpath.New("language"), knownvalue.StringExact("de")),
					statecheck.ExpectKnownValue(guideAddr("guide-carol"), tfjsonpath.New("external_id"), knownvalue.StringExact("EXT-9")),
					statecheck.ExpectKnownValue(guideAddr("guide-ref"), tfjsonpath.New("referer"), knownvalue.StringExact("campaign-7")),
					statecheck.ExpectKnownValue(guideAddr("guide-ldap"), tfjsonpath.New("ldap"), knownvalue.Bool(true)),
					platformUserUnchanged(srv, before),
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

// TestGuideExampleUsersJSON: the guide's example users.json has exactly the
// shape export-users.sh writes, so main.tf works with either.
func TestGuideExampleUsersJSON(t *testing.T) {
	raw, err := os.ReadFile(filepath.Join(guideExampleDir, "users.json"))
	if err != nil {
		t.Fatal(err)
	}
	var entries map[string]map[string]json.RawMessage
	if err := json.Unmarshal(raw, &entries); err != nil {
		t.Fatal(err)
	}
	var fields []string
	for f := range reflect.TypeFor[guideUser]().Fields() {
		fields = append(fields, f.Tag.Get("json"))
	}
	slices.Sort(fields)
	for username, entry := range entries {
		if got := slices.Sorted(maps.Keys(entry)); !slices.Equal(got, fields) {
			t.Errorf("%s: fields %v, want %v", username, got, fields)
		}
	}
	var typed map[string]guideUser
	if err := json.Unmarshal(raw, &typed); err != nil {
		t.Errorf("users.json: %v", err)
	}
}

func guideAddr(username string) string {
	return fmt.Sprintf("adminapi_platform_user.this[%q]", username)
}

// guideCreateUsers creates users that differ in every attribute the guide's
// resource carries over, and answers when each was last updated.
func guideCreateUsers(t *testing.T, srv *acctest.Server) map[string]time.Time {
	t.Helper()
	ptr := func(s string) *string { return &s }
	ldap, disabled := true, api.StatusDisabled
	users := []api.CreatePlatformUser{
		{Username: "guide-anna", Email: "anna@example.com", Password: ptr("anna-password")},
		{Username: "guide-bert", Email: "bert@example.com", Password: ptr("bert-password"), Language: ptr("fr"),
			Name: ptr("Bert Dupont"), Tags: []string{"ops", "eu"}},
		{Username: "guide-carol", Email: "Carol@Example.com", Password: ptr("carol-password"), Language: ptr("de"),
			ExternalID: ptr("EXT-9"), Name: ptr("Carol"), Metadata: map[string]string{"team": "red", "floor": "2"}},
		{Username: "guide-dan", Email: "dan@example.com", Password: ptr("dan-password"), Status: &disabled,
			ExternalID: ptr("S-1-5-21-1004"), Tags: []string{"left"}},
		{Username: "guide-ldap", Email: "ldap@example.com", LDAP: &ldap, Language: ptr("de"), ExternalID: ptr("uid=ldap")},
		{Username: "guide-ref", Email: "ref@example.com", Password: ptr("ref-password"), Referer: ptr("campaign-7"),
			InvitationToken: ptr("invite-42")},
	}
	for i := range guideFillers {
		users = append(users, api.CreatePlatformUser{
			Username: fmt.Sprintf("guide-filler-%03d", i), Email: fmt.Sprintf("filler-%03d@example.com", i), LDAP: &ldap,
		})
	}
	updated := make(map[string]time.Time, len(users))
	for _, in := range users {
		u, err := srv.Client.CreatePlatformUser(t.Context(), in)
		if err != nil {
			t.Fatalf("create %s: %v", in.Username, err)
		}
		updated[u.Username] = u.UpdatedAt
	}
	return updated
}

// guideWriteUsersJSON writes dir/users.json with the guide's export-users.sh
// when curl and jq are at hand, and checks it against the API's users; without
// them, it writes what the script would have.
func guideWriteUsersJSON(t *testing.T, srv *acctest.Server, dir string) {
	t.Helper()
	want := map[string]guideUser{}
	for u, err := range srv.Client.PlatformUsers(t.Context(), api.PlatformUserFilter{}) {
		if err != nil {
			t.Fatal(err)
		}
		want[u.Username] = guideUserFrom(u)
	}
	if !guideHasTools("sh", "curl", "jq") {
		t.Log("curl or jq missing: users.json written without export-users.sh")
		raw, err := json.MarshalIndent(want, "", "  ")
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, "users.json"), raw, 0o600); err != nil {
			t.Fatal(err)
		}
		return
	}

	token, err := srv.Client.Login(t.Context(), acctest.AdminUsername, acctest.AdminPassword)
	if err != nil {
		t.Fatal(err)
	}
	script, err := filepath.Abs(filepath.Join(guideExampleDir, "export-users.sh"))
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.CommandContext(t.Context(), "sh", script)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "ADMINAPI_ENDPOINT="+srv.URL, "TOKEN="+token.Token)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("export-users.sh: %v\n%s", err, out)
	}
	raw, err := os.ReadFile(filepath.Join(dir, "users.json"))
	if err != nil {
		t.Fatal(err)
	}
	var got map[string]guideUser
	if err := json.Unmarshal(raw, &got); err != nil {
		t.Fatalf("users.json: %v\n%s", err, raw)
	}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("export-users.sh wrote\n%s\nwant the API's %d users: %+v", raw, len(want), want)
	}
}

// guideUserFrom is what export-users.sh writes for u.
func guideUserFrom(u api.PlatformUser) guideUser {
	nonEmpty := func(s string) *string {
		if s == "" {
			return nil
		}
		return &s
	}
	g := guideUser{
		Email: u.Email, Name: nonEmpty(u.Name), Language: u.Language, Tags: u.Tags, Metadata: u.Metadata,
		Enabled: u.Status == api.StatusEnabled, LDAP: u.LDAP,
	}
	if u.ExternalID != nil {
		g.ExternalID = nonEmpty(*u.ExternalID)
	}
	return g
}

func guideHasTools(names ...string) bool {
	for _, name := range names {
		if _, err := exec.LookPath(name); err != nil {
			return false
		}
	}
	return true
}

// guideEveryUserImportedUnchanged checks that the plan does nothing but
// import n resources, each with no change.
func guideEveryUserImportedUnchanged(n int) plancheck.PlanCheck {
	return guideImportCheck{n: n}
}

type guideImportCheck struct{ n int }

func (c guideImportCheck) CheckPlan(_ context.Context, req plancheck.CheckPlanRequest, resp *plancheck.CheckPlanResponse) {
	imported := 0
	for _, rc := range req.Plan.ResourceChanges {
		switch {
		case !rc.Change.Actions.NoOp():
			resp.Error = fmt.Errorf("%s: planned %v, want no change: %s",
				rc.Address, rc.Change.Actions, guideChangedAttributes(rc.Change.Before, rc.Change.After))
			return
		case rc.Change.Importing == nil:
			resp.Error = fmt.Errorf("%s is not imported", rc.Address)
			return
		}
		imported++
	}
	if imported != c.n {
		resp.Error = fmt.Errorf("the plan imports %d users, want %d", imported, c.n)
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

// platformUserUnchanged checks that no user's updated_at moved.
func platformUserUnchanged(srv *acctest.Server, before map[string]time.Time) statecheck.StateCheck {
	return platformUserUnchangedCheck{srv: srv, before: before}
}

type platformUserUnchangedCheck struct {
	srv    *acctest.Server
	before map[string]time.Time
}

func (c platformUserUnchangedCheck) CheckState(ctx context.Context, _ statecheck.CheckStateRequest, resp *statecheck.CheckStateResponse) {
	for username, updated := range c.before {
		u, err := c.srv.Client.GetPlatformUser(ctx, username)
		if err != nil {
			resp.Error = err
			return
		}
		if !u.UpdatedAt.Equal(updated) {
			resp.Error = fmt.Errorf("%s was changed by the import: updated_at %v -> %v", username, updated, u.UpdatedAt)
			return
		}
	}
}
