package account

import (
	"net/http/httptest"
	"path/filepath"
	"testing"
	"time"

	"github.com/adminapi/terraform-provider-adminapi/internal/api"
	"github.com/adminapi/terraform-provider-adminapi/internal/client"
	"github.com/adminapi/terraform-provider-adminapi/internal/server"
)

// accountWithMembers starts a reference server and makes an account whose
// members are given as username -> role.
func accountWithMembers(t *testing.T, members map[string]string) (*client.Client, string) {
	t.Helper()
	srv, err := server.New(server.Config{
		DBPath: filepath.Join(t.TempDir(), "adminapi.db"), BootstrapUsername: "admin", BootstrapPassword: "remove-test-password",
	})
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(srv.Handler())
	t.Cleanup(func() {
		ts.Close()
		_ = srv.Close()
	})
	c, err := client.New(client.Config{Endpoint: ts.URL, Username: "admin", Password: "remove-test-password", RequestTimeout: 10 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	ctx := t.Context()
	a, err := c.CreateAccount(ctx, api.AccountInput{Name: "acme"})
	if err != nil {
		t.Fatal(err)
	}
	password := "secret-password"
	for username, role := range members {
		if _, err := c.CreatePlatformUser(ctx, api.CreatePlatformUser{Username: username, Email: username + "@example.com", Password: &password}); err != nil {
			t.Fatal(err)
		}
		if _, err := c.SetAccountMember(ctx, a.ID, username, role); err != nil {
			t.Fatal(err)
		}
	}
	return c, a.ID
}

func TestRemoveLastAdminWaitsForTheOtherMembersToGo(t *testing.T) {
	SetLastAdminPatience(t, 2*time.Second)
	c, id := accountWithMembers(t, map[string]string{"admin-1": "admin", "user-1": "user", "user-2": "user"})
	ctx := t.Context()
	done := make(chan error, 1)
	go func() { done <- removeAccountMember(ctx, c, id, "admin-1") }()
	// The users go one after the other, as a parallel destroy would remove
	// them, each within the patience.
	for _, u := range []string{"user-1", "user-2"} {
		time.Sleep(3 * lastAdminPoll)
		if err := c.RemoveAccountMember(ctx, id, u); err != nil {
			t.Fatal(err)
		}
	}
	if err := <-done; err != nil {
		t.Fatalf("removing the last admin after the users left: %v", err)
	}
	if _, err := c.GetAccountMember(ctx, id, "admin-1"); !client.IsNotFound(err) {
		t.Errorf("admin-1 is still a member: %v", err)
	}
}

func TestRemoveLastAdminGivesUpWithoutProgress(t *testing.T) {
	SetLastAdminPatience(t, 600*time.Millisecond)
	c, id := accountWithMembers(t, map[string]string{"admin-1": "admin", "user-1": "user"})
	start := time.Now()
	err := removeAccountMember(t.Context(), c, id, "admin-1")
	if !client.IsConflict(err) {
		t.Fatalf("err = %v, want the 409 conflict", err)
	}
	if waited := time.Since(start); waited < 600*time.Millisecond || waited > 5*time.Second {
		t.Errorf("gave up after %v, want about the patience (600ms)", waited)
	}
}

func TestRemoveMemberAnswersOtherErrorsAtOnce(t *testing.T) {
	c, id := accountWithMembers(t, map[string]string{"admin-1": "admin"})
	if err := removeAccountMember(t.Context(), c, id, "nobody-1"); !client.IsNotFound(err) {
		t.Errorf("unknown member: err = %v, want 404", err)
	}
	if err := removeAccountMember(t.Context(), c, id, "admin-1"); err != nil {
		t.Errorf("sole member: %v", err)
	}
}
