package client

import (
	"context"
	"net/http/httptest"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"golang.org/x/crypto/bcrypt"

	"github.com/adminapi/terraform-provider-adminapi/internal/api"
	"github.com/adminapi/terraform-provider-adminapi/internal/server"
)

// Tests against the reference server (internal/server).

const (
	adminPassword = "bootstrap-Password-9"
	ciSecret      = "ci-client-Secret-8"
)

func allPermissions() api.Permissions {
	g := api.PermissionGroups
	return api.Permissions{Users: g[api.GroupUsers], Settings: g[api.GroupSettings], PlatformUsers: g[api.GroupPlatformUsers], Accounts: g[api.GroupAccounts]}
}

func noPermissions() api.Permissions {
	return api.Permissions{Users: []string{}, Settings: []string{}, PlatformUsers: []string{}, Accounts: []string{}}
}

// startServer runs a reference server on a fresh database with the bootstrap
// admin "admin" and the API clients "ci" (every permission) and "reader"
// (users:read), both with the secret ciSecret.
func startServer(t *testing.T, modify func(*server.Config)) string {
	t.Helper()
	hash, err := bcrypt.GenerateFromPassword([]byte(ciSecret), bcrypt.MinCost)
	if err != nil {
		t.Fatal(err)
	}
	reader := noPermissions()
	reader.Users = []string{"read"}
	cfg := server.Config{
		DBPath:            filepath.Join(t.TempDir(), "a.db"),
		BootstrapUsername: "admin",
		BootstrapPassword: adminPassword,
		Clients: []server.APIClient{
			{ID: "ci", SecretHash: string(hash), Permissions: allPermissions()},
			{ID: "reader", SecretHash: string(hash), Permissions: reader},
		},
	}
	if modify != nil {
		modify(&cfg)
	}
	s, err := server.New(cfg)
	if err != nil {
		t.Fatalf("server.New: %v", err)
	}
	t.Cleanup(func() {
		if err := s.Close(); err != nil {
			t.Errorf("closing the server: %v", err)
		}
	})
	srv := httptest.NewServer(s.Handler())
	t.Cleanup(srv.Close)
	return srv.URL
}

// adminClient logs in as the bootstrap admin.
func adminClient(t *testing.T, url string) *Client {
	t.Helper()
	c, err := New(Config{Endpoint: url, Username: "admin", Password: adminPassword, MaxRetries: 2})
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// must returns v, failing the test on err: must(c.GetRole(ctx, "r"))(t).
func must[T any](v T, err error) func(t *testing.T) T {
	return func(t *testing.T) T {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
}

// collect drains an iterator.
func collect[T any](t *testing.T, seq func(yield func(T, error) bool)) []T {
	t.Helper()
	var out []T
	for v, err := range seq {
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, v)
	}
	return out
}

func TestServerAuthentication(t *testing.T) {
	url := startServer(t, nil)
	ctx := t.Context()

	admin := adminClient(t, url)
	me := must(admin.Me(ctx))(t)
	if me.Kind != api.CallerAdminUser || me.Name != "admin" || !slices.Equal(me.Permissions.Users, allPermissions().Users) {
		t.Errorf("Me as admin: %+v", me)
	}

	ci := must(New(Config{Endpoint: url, ClientID: "ci", ClientSecret: ciSecret, Scopes: []string{"admin"}}))(t)
	if me := must(ci.Me(ctx))(t); me.Kind != api.CallerClient || me.Name != "ci" {
		t.Errorf("Me as client: %+v", me)
	}

	pair := must(admin.Login(ctx, "admin", adminPassword))(t)
	if pair.Token == "" || pair.RefreshToken == "" || time.Until(pair.ExpiresAt) < 59*time.Minute {
		t.Errorf("Login: %+v", pair)
	}
	static := must(New(Config{Endpoint: url, Token: pair.Token}))(t)
	if me := must(static.Me(ctx))(t); me.Name != "admin" {
		t.Errorf("Me with a static token: %+v", me)
	}
	if err := admin.Logout(ctx, pair.Token); err != nil {
		t.Fatal(err)
	}
	if _, err := static.Me(ctx); !IsUnauthorized(err) {
		t.Errorf("Me with a revoked static token: %v, want a 401", err)
	}
	if _, err := admin.Me(ctx); err != nil {
		t.Errorf("the client's own token suffered from Logout: %v", err)
	}

	if _, err := admin.Login(ctx, "admin", "wrong-password"); !IsUnauthorized(err) {
		t.Errorf("wrong login: %v", err)
	}
	bad := must(New(Config{Endpoint: url, ClientID: "ci", ClientSecret: "wrong"}))(t)
	if _, err := bad.Me(ctx); !IsUnauthorized(err) {
		t.Errorf("wrong client secret: %v", err)
	} else if e, _ := AsAPIError(err); e.ID != "invalid_client" {
		t.Errorf("wrong client secret: id %q, want invalid_client", e.ID)
	}
}

func TestServerTokenRenewal(t *testing.T) {
	url := startServer(t, nil)
	ctx := t.Context()

	t.Run("refresh ahead of expiry", func(t *testing.T) {
		c := adminClient(t, url)
		must(c.Me(ctx))(t)
		first := c.auth.cur.Load()
		c.now = func() time.Time { return first.expiry.Add(-30 * time.Second) }
		must(c.Me(ctx))(t)
		second := c.auth.cur.Load()
		if second.access == first.access || second.refresh == first.refresh {
			t.Fatal("the token was not renewed ahead of its expiry")
		}
		// Rotation: the old refresh token no longer works, the new one does.
		if _, err := c.refresh(ctx, first.refresh); !IsUnauthorized(err) {
			t.Errorf("reusing a rotated refresh token: %v, want a 401", err)
		}
	})

	t.Run("after logout, a new login", func(t *testing.T) {
		c := adminClient(t, url)
		must(c.Me(ctx))(t)
		old := c.auth.cur.Load()
		if err := c.Logout(ctx, old.access); err != nil {
			t.Fatal(err)
		}
		// The 401 leads to a refresh, refused (its refresh token went with the
		// logout), then to a new login.
		must(c.Me(ctx))(t)
		if c.auth.cur.Load().access == old.access {
			t.Error("the revoked token is still cached")
		}
	})

	t.Run("client credentials after revocation", func(t *testing.T) {
		c := must(New(Config{Endpoint: url, ClientID: "ci", ClientSecret: ciSecret}))(t)
		must(c.Me(ctx))(t)
		old := c.auth.cur.Load()
		if err := c.Logout(ctx, old.access); err != nil {
			t.Fatal(err)
		}
		must(c.Me(ctx))(t)
		if c.auth.cur.Load().access == old.access {
			t.Error("the revoked token is still cached")
		}
	})

	t.Run("ten concurrent callers after revocation", func(t *testing.T) {
		c := adminClient(t, url)
		must(c.Me(ctx))(t)
		if err := c.Logout(ctx, c.auth.cur.Load().access); err != nil {
			t.Fatal(err)
		}
		logger := &recordingLogger{}
		c.logger = logger
		var wg sync.WaitGroup
		for range 10 {
			wg.Go(func() {
				if _, err := c.GetSettings(ctx); err != nil {
					t.Error(err)
				}
			})
		}
		wg.Wait()
		renewals := map[string]int{}
		for _, line := range logger.requests() {
			if p, _ := line.fields["path"].(string); p != "/admin/settings" {
				renewals[p]++
			}
		}
		// One renewal: its refresh is refused (the logout revoked it), so a login.
		if renewals["/auth/refresh"] != 1 || renewals["/auth/login"] != 1 || len(renewals) != 2 {
			t.Errorf("renewal requests %v, want one refresh and one login", renewals)
		}
	})
}

func TestServerForbidden(t *testing.T) {
	url := startServer(t, nil)
	reader := must(New(Config{Endpoint: url, ClientID: "reader", ClientSecret: ciSecret}))(t)
	if n := len(collect(t, reader.AdminUsers(t.Context()))); n != 1 {
		t.Errorf("%d admin users, want the bootstrap admin", n)
	}
	_, err := reader.CreateAdminUser(t.Context(), api.CreateAdminUser{Username: "bob", Password: "password-1", Permissions: noPermissions()})
	if !IsForbidden(err) || IsDeletionDisabled(err) {
		t.Fatalf("got %v, want 403 forbidden", err)
	}
	if e, _ := AsAPIError(err); e.Data["permission"] != "users:create" {
		t.Errorf("403 data %v, want the permission users:create", e.Data)
	}
}

func TestServerRateLimitAnswersAreRetried(t *testing.T) {
	url := startServer(t, func(cfg *server.Config) {
		cfg.RateLimit = server.RateLimit{RequestsPerSecond: 1, Burst: 1}
	})
	c := must(New(Config{Endpoint: url, ClientID: "ci", ClientSecret: ciSecret, MaxRetries: 3}))(t)
	var mu sync.Mutex
	var waits []time.Duration
	c.sleep = func(ctx context.Context, d time.Duration) error {
		mu.Lock()
		waits = append(waits, d)
		mu.Unlock()
		return sleepContext(ctx, d)
	}
	// The first call takes the caller's one token: the second meets a 429
	// with Retry-After and succeeds after waiting for it.
	must(c.Me(t.Context()))(t)
	must(c.Me(t.Context()))(t)
	if len(waits) == 0 {
		t.Fatal("no 429 was met")
	}
	for _, d := range waits {
		if d < time.Second || d%time.Second != 0 {
			t.Errorf("waited %v, want whole seconds from Retry-After", waits)
		}
	}
}

// TestEveryMethodMeetsTheServer keeps the server-backed tests complete: each
// exported method of Client must be called in a server_*_test.go file.
func TestEveryMethodMeetsTheServer(t *testing.T) {
	files, err := filepath.Glob("server_*test.go")
	if err != nil || len(files) == 0 {
		t.Fatalf("no server test files: %v", err)
	}
	var src strings.Builder
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		src.Write(b)
	}
	typ := reflect.TypeFor[*Client]()
	for i := range typ.NumMethod() {
		name := typ.Method(i).Name
		if !strings.Contains(src.String(), "."+name+"(") {
			t.Errorf("%s is not called against the reference server", name)
		}
	}
}
