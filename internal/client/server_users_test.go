package client

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"slices"
	"sync"
	"testing"

	"github.com/adminapi/terraform-provider-adminapi/internal/api"
	"github.com/adminapi/terraform-provider-adminapi/internal/server"
)

func TestServerAdminUsers(t *testing.T) {
	url := startServer(t, nil)
	ctx := t.Context()
	c := adminClient(t, url)

	perms := noPermissions()
	perms.Users = []string{"read"}
	created := must(c.CreateAdminUser(ctx, api.CreateAdminUser{Username: "alice", Password: "alice-Password-1", Permissions: perms}))(t)
	if created.Username != "alice" || !slices.Equal(created.Permissions.Users, []string{"read"}) || created.CreatedAt.IsZero() {
		t.Errorf("CreateAdminUser: %+v", created)
	}
	_, err := c.CreateAdminUser(ctx, api.CreateAdminUser{Username: "alice", Password: "alice-Password-1", Permissions: perms})
	if !IsAlreadyExists(err) || !IsConflict(err) {
		t.Errorf("creating alice twice: %v", err)
	}
	if got := must(c.GetAdminUser(ctx, "alice"))(t); got.Username != "alice" || !got.CreatedAt.Equal(created.CreatedAt) {
		t.Errorf("GetAdminUser: %+v", got)
	}

	page := must(c.ListAdminUsers(ctx, 1, 1))(t)
	if page.Total != 2 || page.Offset != 1 || page.Limit != 1 || len(page.Users) != 1 || page.Users[0].Username != "alice" {
		t.Errorf("ListAdminUsers(1, 1): %+v", page)
	}
	var names []string
	for _, u := range collect(t, c.AdminUsers(ctx)) {
		names = append(names, u.Username)
	}
	if !slices.Equal(names, []string{"admin", "alice"}) {
		t.Errorf("AdminUsers: %v", names)
	}

	perms.Settings = []string{"read", "update"}
	updated := must(c.UpdateAdminUserPermissions(ctx, "alice", perms))(t)
	if !slices.Equal(updated.Permissions.Settings, []string{"read", "update"}) {
		t.Errorf("UpdateAdminUserPermissions: %+v", updated.Permissions)
	}

	given := "alice-New-Password-2"
	if res := must(c.ResetAdminUserPassword(ctx, "alice", &given))(t); res.Username != "alice" || res.Password != given {
		t.Errorf("ResetAdminUserPassword(given): %+v", res)
	}
	must(c.Login(ctx, "alice", given))(t)
	random := must(c.ResetAdminUserPassword(ctx, "alice", nil))(t)
	if len(random.Password) != 16 || random.Password == given {
		t.Errorf("ResetAdminUserPassword(nil): %+v", random)
	}
	must(c.Login(ctx, "alice", random.Password))(t)

	if err := c.DeleteAdminUser(ctx, "admin"); !IsConflict(err) || IsAlreadyExists(err) {
		t.Errorf("deleting oneself: %v, want 409 conflict", err)
	}
	if err := c.DeleteAdminUser(ctx, "alice"); err != nil {
		t.Fatal(err)
	}
	if _, err := c.GetAdminUser(ctx, "alice"); !IsNotFound(err) {
		t.Errorf("GetAdminUser after delete: %v", err)
	}
	if err := c.DeleteAdminUser(ctx, "alice"); !IsNotFound(err) {
		t.Errorf("deleting alice twice: %v", err)
	}
}

func TestServerSettings(t *testing.T) {
	var mu sync.Mutex
	var followerGot []string
	follower := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		var in struct{ Services []string }
		_ = json.NewDecoder(r.Body).Decode(&in)
		mu.Lock()
		defer mu.Unlock()
		followerGot = append(followerGot, r.URL.Path)
		followerGot = append(followerGot, in.Services...)
		w.WriteHeader(http.StatusOK)
	}))
	t.Cleanup(follower.Close)
	url := startServer(t, func(cfg *server.Config) {
		cfg.Followers = []server.Follower{{URL: follower.URL, Role: "core"}, {URL: closedAddress(t), Role: "register"}}
	})
	ctx := t.Context()
	c := adminClient(t, url)

	doc := must(c.GetSettings(ctx))(t)
	deletion, ok := doc[api.SettingsGroupAPI].Settings[api.SettingAccountDeletion]
	if !ok {
		t.Fatalf("no %s.%s in %v", api.SettingsGroupAPI, api.SettingAccountDeletion, doc)
	}
	var values []string
	if err := json.Unmarshal(deletion.Value, &values); err != nil {
		t.Errorf("ACCOUNT_DELETION %s: %v", deletion.Value, err)
	}

	update := api.SettingsUpdate{Update: map[string]api.SettingsGroupUpdate{
		"EMAIL_SETTINGS": {Settings: map[string]api.SettingValue{"EMAIL_ENABLED": {Value: json.RawMessage(`true`)}}},
	}}
	doc = must(c.UpdateSettings(ctx, update))(t)
	if v := string(doc["EMAIL_SETTINGS"].Settings["EMAIL_ENABLED"].Value); v != "true" {
		t.Errorf("EMAIL_ENABLED after the update: %s", v)
	}
	if got := doc[api.SettingsGroupAPI].Settings[api.SettingAccountDeletion].Value; string(got) != string(deletion.Value) {
		t.Errorf("an unnamed key changed: %s -> %s", deletion.Value, got)
	}
	if doc := must(c.GetSettings(ctx))(t); string(doc["EMAIL_SETTINGS"].Settings["EMAIL_ENABLED"].Value) != "true" {
		t.Error("the update was not kept")
	}

	bad := api.SettingsUpdate{Update: map[string]api.SettingsGroupUpdate{
		"EMAIL_SETTINGS": {Settings: map[string]api.SettingValue{"EMAIL_ENABLED": {Value: json.RawMessage(`"yes"`)}}},
	}}
	_, err := c.UpdateSettings(ctx, bad)
	if e, ok := AsAPIError(err); !ok || e.Status != 400 || e.ID != api.ErrInvalidParametersFormat || len(e.Data) == 0 {
		t.Errorf("a value of the wrong type: %v", err)
	}

	res := must(c.Notify(ctx, nil))(t)
	if len(res.Successes) != 1 || res.Successes[0].Role != "core" || len(res.Failures) != 1 || res.Failures[0].Role != "register" || res.Failures[0].Error == "" {
		t.Errorf("Notify(nil): %+v", res)
	}
	must(c.Notify(ctx, []string{"core", "register"}))(t)
	mu.Lock()
	defer mu.Unlock()
	if !slices.Equal(followerGot, []string{"/notify", "/notify", "core", "register"}) {
		t.Errorf("the follower got %q", followerGot)
	}
}
