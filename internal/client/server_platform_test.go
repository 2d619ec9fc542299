package client

import (
	"encoding/json"
	"fmt"
	"slices"
	"testing"

	"github.com/adminapi/terraform-provider-adminapi/internal/api"
)

func ptr[T any](v T) *T { return &v }

func TestServerPlatformUsers(t *testing.T) {
	url := startServer(t, nil)
	ctx := t.Context()
	c := adminClient(t, url)

	bob := must(c.CreatePlatformUser(ctx, api.CreatePlatformUser{
		Username: "bob-1", Email: "bob@example.com", Password: ptr("bob-password"), Name: ptr("Bob"),
		Tags: []string{"b", "a"}, Metadata: map[string]string{"team": "ops"}, ExternalID: ptr("S-1-5-21"),
	}))(t)
	if bob.Username != "bob-1" || bob.Status != api.StatusEnabled || bob.Language != api.DefaultLanguage ||
		!slices.Equal(bob.Tags, []string{"a", "b"}) || bob.Metadata["team"] != "ops" || bob.ExternalID == nil || *bob.ExternalID != "S-1-5-21" {
		t.Errorf("CreatePlatformUser: %+v", bob)
	}
	_, err := c.CreatePlatformUser(ctx, api.CreatePlatformUser{Username: "bob-2", Email: "bob@example.com", Password: ptr("bob-password")})
	if !IsAlreadyExists(err) {
		t.Errorf("a taken e-mail: %v", err)
	}
	_, err = c.CreatePlatformUser(ctx, api.CreatePlatformUser{Username: "x", Email: "not an e-mail"})
	if e, ok := AsAPIError(err); !ok || e.Status != 400 || e.Data["username"] == "" || e.Data["email"] == "" {
		t.Errorf("invalid fields: %v", err)
	}
	must(c.CreatePlatformUser(ctx, api.CreatePlatformUser{Username: "carol", Email: "carol@example.com", LDAP: ptr(true), Status: ptr(api.StatusDisabled), Tags: []string{"a"}}))(t)

	if got := must(c.GetPlatformUser(ctx, "bob-1"))(t); got.Email != "bob@example.com" || got.Name != "Bob" {
		t.Errorf("GetPlatformUser: %+v", got)
	}
	if _, err := c.GetPlatformUser(ctx, "nobody"); !IsNotFound(err) {
		t.Errorf("GetPlatformUser(nobody): %v", err)
	}

	byTag := must(c.ListPlatformUsers(ctx, api.PlatformUserFilter{Tag: "a"}, 0, 10))(t)
	if byTag.Total != 2 || len(byTag.Users) != 2 {
		t.Errorf("ListPlatformUsers(tag a): %+v", byTag.ListMeta)
	}
	byBoth := collect(t, c.PlatformUsers(ctx, api.PlatformUserFilter{Tag: "a", Status: api.StatusDisabled}))
	if len(byBoth) != 1 || byBoth[0].Username != "carol" || !byBoth[0].LDAP {
		t.Errorf("PlatformUsers(tag a, disabled): %+v", byBoth)
	}
	byExternal := collect(t, c.PlatformUsers(ctx, api.PlatformUserFilter{ExternalID: "S-1-5-21"}))
	if len(byExternal) != 1 || byExternal[0].Username != "bob-1" {
		t.Errorf("PlatformUsers(external id): %+v", byExternal)
	}

	updated := must(c.UpdatePlatformUser(ctx, "bob-1", api.UpdatePlatformUser{Name: ptr("Robert"), Tags: &[]string{"z"}}))(t)
	if updated.Name != "Robert" || !slices.Equal(updated.Tags, []string{"z"}) || updated.Email != "bob@example.com" || updated.Metadata["team"] != "ops" {
		t.Errorf("UpdatePlatformUser: %+v", updated)
	}
	if err := c.SetPlatformUserPassword(ctx, "bob-1", "another-password"); err != nil {
		t.Errorf("SetPlatformUserPassword: %v", err)
	}
	if err := c.SetPlatformUserPassword(ctx, "bob-1", "short"); !isStatus(err, 400) {
		t.Errorf("a too short password: %v", err)
	}
	for range 2 {
		if u := must(c.DisablePlatformUser(ctx, "bob-1"))(t); u.Status != api.StatusDisabled {
			t.Errorf("DisablePlatformUser: %s", u.Status)
		}
	}
	if u := must(c.EnablePlatformUser(ctx, "bob-1"))(t); u.Status != api.StatusEnabled {
		t.Errorf("EnablePlatformUser: %s", u.Status)
	}

	setDeletion := func(value string) {
		must(c.UpdateSettings(ctx, api.SettingsUpdate{Update: map[string]api.SettingsGroupUpdate{
			api.SettingsGroupAPI: {Settings: map[string]api.SettingValue{
				api.SettingAccountDeletion: {Value: json.RawMessage(value)},
			}},
		}}))(t)
	}
	setDeletion(`["personalToken"]`)
	err = c.DeletePlatformUser(ctx, "bob-1")
	if !IsDeletionDisabled(err) || !IsForbidden(err) {
		t.Fatalf("deleting with deletion switched off: %v", err)
	}
	setDeletion(`["adminToken"]`)
	if err := c.DeletePlatformUser(ctx, "bob-1"); err != nil {
		t.Fatal(err)
	}
	if _, err := c.GetPlatformUser(ctx, "bob-1"); !IsNotFound(err) {
		t.Errorf("GetPlatformUser after delete: %v", err)
	}
}

func TestServerRoles(t *testing.T) {
	url := startServer(t, nil)
	ctx := t.Context()
	c := adminClient(t, url)

	role := must(c.CreateRole(ctx, api.CreateRole{Name: "auditor", Description: ptr("reads")}))(t)
	if role.Name != "auditor" || role.Description != "reads" || role.CreatedAt.IsZero() {
		t.Errorf("CreateRole: %+v", role)
	}
	if _, err := c.CreateRole(ctx, api.CreateRole{Name: "auditor"}); !IsAlreadyExists(err) {
		t.Errorf("a taken role name: %v", err)
	}
	if got := must(c.UpdateRole(ctx, "auditor", "reads everything"))(t); got.Description != "reads everything" {
		t.Errorf("UpdateRole: %+v", got)
	}
	if got := must(c.GetRole(ctx, "auditor"))(t); got.Description != "reads everything" {
		t.Errorf("GetRole: %+v", got)
	}

	must(c.CreatePlatformUser(ctx, api.CreatePlatformUser{Username: "dave1", Email: "dave1@example.com", Password: ptr("dave-password")}))(t)
	if a := must(c.AssignRole(ctx, "dave1", "auditor"))(t); a.Username != "dave1" || a.Role != "auditor" {
		t.Errorf("AssignRole: %+v", a)
	}
	if _, err := c.AssignRole(ctx, "dave1", "auditor"); !IsAlreadyExists(err) {
		t.Errorf("assigning twice: %v", err)
	}
	if _, err := c.AssignRole(ctx, "dave1", "nope"); !IsNotFound(err) {
		t.Errorf("assigning an unknown role: %v", err)
	}
	if u := must(c.GetPlatformUser(ctx, "dave1"))(t); !slices.Equal(u.Roles, []string{"auditor"}) {
		t.Errorf("roles of dave: %v", u.Roles)
	}
	if byRole := collect(t, c.PlatformUsers(ctx, api.PlatformUserFilter{Role: "auditor"})); len(byRole) != 1 {
		t.Errorf("PlatformUsers(role auditor): %d users", len(byRole))
	}
	if err := c.DeleteRole(ctx, "auditor"); !IsConflict(err) || IsAlreadyExists(err) {
		t.Errorf("deleting an assigned role: %v", err)
	}
	if err := c.UnassignRole(ctx, "dave1", "auditor"); err != nil {
		t.Fatal(err)
	}
	if err := c.UnassignRole(ctx, "dave1", "auditor"); !IsNotFound(err) {
		t.Errorf("unassigning twice: %v", err)
	}
	if err := c.DeleteRole(ctx, "auditor"); err != nil {
		t.Fatal(err)
	}
	if _, err := c.GetRole(ctx, "auditor"); !IsNotFound(err) {
		t.Errorf("GetRole after delete: %v", err)
	}

	// More than two pages.
	const n = 205
	for i := range n {
		must(c.CreateRole(ctx, api.CreateRole{Name: fmt.Sprintf("role-%03d", i)}))(t)
	}
	page := must(c.ListRoles(ctx, 200, 0))(t)
	if page.Total != n || page.Limit != api.DefaultLimit || len(page.Roles) != 5 || page.Roles[0].Name != "role-200" {
		t.Errorf("ListRoles(200, default): %+v", page.ListMeta)
	}
	roles := collect(t, c.Roles(ctx))
	if len(roles) != n {
		t.Fatalf("Roles: %d, want %d", len(roles), n)
	}
	for i, r := range roles {
		if want := fmt.Sprintf("role-%03d", i); r.Name != want {
			t.Fatalf("role %d is %s, want %s", i, r.Name, want)
		}
	}
}

func isStatus(err error, status int) bool {
	e, ok := AsAPIError(err)
	return ok && e.Status == status
}
