package server

import (
	"database/sql"
	"io/fs"
	"path/filepath"
	"strings"
	"testing"

	"github.com/adminapi/terraform-provider-adminapi/internal/api"
)

func TestEverythingSurvivesRestart(t *testing.T) {
	cfg := testConfig(t)
	a := startTestAPI(t, cfg)
	a.adminWith("ops-user", api.Permissions{Accounts: []string{"read"}})
	a.ok(req{method: "POST", path: "/platform-users", token: a.root, body: api.CreatePlatformUser{
		Username: "alice", Email: "alice@example.com", Password: ptr("alice-pw"), Tags: []string{"t"}}}, 201, nil)
	a.ok(req{method: "POST", path: "/roles", token: a.root, body: api.CreateRole{Name: "auditor"}}, 201, nil)
	a.ok(req{method: "POST", path: "/platform-users/alice/roles/auditor", token: a.root}, 201, nil)
	var acct api.Account
	a.ok(req{method: "POST", path: "/accounts", token: a.root, body: api.AccountInput{Name: "acme", Attributes: map[string]string{"k": "v"}}}, 201, &acct)
	a.ok(req{method: "PUT", path: "/accounts/" + acct.ID + "/users/alice", token: a.root, body: api.SetMemberRole{Role: "admin"}}, 200, nil)
	var code api.ActivationCode
	a.ok(req{method: "GET", path: "/accounts/" + acct.ID + "/activationcode", token: a.root}, 200, &code)
	a.ok(req{method: "PUT", path: "/admin/settings", token: a.root, body: update("EMAIL_SETTINGS", "EMAIL_ENABLED", "true")}, 200, nil)
	var before api.SettingsResponse
	a.ok(req{method: "GET", path: "/admin/settings", token: a.root}, 200, &before)
	if err := a.srv.Close(); err != nil {
		t.Fatal(err)
	}

	b := startTestAPI(t, cfg)
	b.login("ops-user", "password-ops-user")
	var u api.PlatformUser
	b.ok(req{method: "GET", path: "/platform-users/alice", token: b.root}, 200, &u)
	if u.Roles[0] != "auditor" || u.Tags[0] != "t" {
		t.Errorf("user after restart %+v", u)
	}
	var got api.Account
	b.ok(req{method: "GET", path: "/accounts/" + acct.ID, token: b.root}, 200, &got)
	if !equalAccounts(got, acct) {
		t.Errorf("account after restart %+v, want %+v", got, acct)
	}
	var m api.AccountMember
	b.ok(req{method: "GET", path: "/accounts/" + acct.ID + "/users/alice", token: b.root}, 200, &m)
	var codeAfter api.ActivationCode
	b.ok(req{method: "GET", path: "/accounts/" + acct.ID + "/activationcode", token: b.root}, 200, &codeAfter)
	if codeAfter.ActivationCode != code.ActivationCode {
		t.Errorf("activation code %s after restart, was %s", codeAfter.ActivationCode, code.ActivationCode)
	}
	after := b.ok(req{method: "GET", path: "/admin/settings", token: b.root}, 200, nil)
	if v := settingValue(t, after, "EMAIL_SETTINGS", "EMAIL_ENABLED"); v != "true" {
		t.Errorf("EMAIL_ENABLED after restart %s", v)
	}
	if k1, k2 := string(before.Settings["MACHINES_AND_PLATFORM_SETTINGS"].Settings["REGISTER_ADMIN_KEY"].Value),
		settingValue(t, after, "MACHINES_AND_PLATFORM_SETTINGS", "REGISTER_ADMIN_KEY"); k1 != k2 {
		t.Errorf("REGISTER_ADMIN_KEY changed across a restart: %s, then %s", k1, k2)
	}
	files, err := fs.Glob(migrationFiles, "migrations/*.sql")
	if err != nil {
		t.Fatal(err)
	}
	var n int
	if err := b.srv.db.QueryRow(`SELECT count(*) FROM schema_migrations`).Scan(&n); err != nil || n != len(files) {
		t.Errorf("schema_migrations holds %d rows for %d migrations: %v", n, len(files), err)
	}
}

func TestBootstrapGeneratesPassword(t *testing.T) {
	cfg := testConfig(t)
	cfg.BootstrapPassword, cfg.BootstrapUsername = "", ""
	a := startTestAPI(t, cfg)
	pw := a.srv.GeneratedPassword()
	if len(pw) < 16 {
		t.Fatalf("generated password %q", pw)
	}
	var me api.Me
	a.ok(req{method: "GET", path: "/auth/me", token: a.login("admin", pw).Token}, 200, &me)
	if me.Name != "admin" || len(me.Permissions.Users) != len(api.PermissionGroups[api.GroupUsers]) ||
		len(me.Permissions.Accounts) != len(api.PermissionGroups[api.GroupAccounts]) {
		t.Errorf("bootstrap admin %+v", me)
	}
	if err := a.srv.Close(); err != nil {
		t.Fatal(err)
	}

	cfg.BootstrapPassword = "another-password"
	b := startTestAPI(t, cfg)
	if b.srv.GeneratedPassword() != "" || b.root != "" {
		t.Error("a second start made a bootstrap password")
	}
	b.login("admin", pw)
	b.fail(req{method: "POST", path: "/auth/login", body: api.LoginRequest{Username: "admin", Password: "another-password"}}, 401, api.ErrInvalidCredentials)
}

func TestNewRefusesBadConfig(t *testing.T) {
	dir := t.TempDir()
	for name, cfg := range map[string]Config{
		"no db path":          {},
		"short password":      {DBPath: filepath.Join(dir, "a.db"), BootstrapPassword: "short"},
		"bad username":        {DBPath: filepath.Join(dir, "b.db"), BootstrapUsername: "A"},
		"bad log level":       {DBPath: filepath.Join(dir, "c.db"), LogLevel: "loud"},
		"bad client hash":     {DBPath: filepath.Join(dir, "d.db"), Clients: []APIClient{{ID: "x", SecretHash: "plain"}}},
		"bad follower":        {DBPath: filepath.Join(dir, "e.db"), Followers: []Follower{{URL: "core.example.com"}}},
		"db in missing dir":   {DBPath: filepath.Join(dir, "missing", "f.db")},
		"negative ttl":        {DBPath: filepath.Join(dir, "g.db"), AccessTokenTTL: -1},
		"bad client perm":     {DBPath: filepath.Join(dir, "h.db"), Clients: []APIClient{{ID: "x", SecretHash: mustHash(t), Permissions: api.Permissions{Users: []string{"fly"}}}}},
		"client id twice":     {DBPath: filepath.Join(dir, "i.db"), Clients: []APIClient{{ID: "x", SecretHash: mustHash(t)}, {ID: "x", SecretHash: mustHash(t)}}},
		"negative rate":       {DBPath: filepath.Join(dir, "j.db"), RateLimit: RateLimit{RequestsPerSecond: -1}},
		"client without id":   {DBPath: filepath.Join(dir, "k.db"), Clients: []APIClient{{SecretHash: mustHash(t)}}},
		"https-less follower": {DBPath: filepath.Join(dir, "l.db"), Followers: []Follower{{URL: "ftp://x"}}},
	} {
		if s, err := New(cfg); err == nil {
			_ = s.Close()
			t.Errorf("%s: New accepted %+v", name, cfg)
		} else if strings.Contains(err.Error(), "short password") {
			t.Errorf("%s: the error repeats the password: %v", name, err)
		}
	}
}

func mustHash(t *testing.T) string {
	h, err := bcryptHash("x")
	if err != nil {
		t.Fatal(err)
	}
	return h
}

// TestMigrationGivesExistingAdminUsersAnIncarnation: a store made before
// 0002 keeps its admin users, each with its own uid, and they can log in.
func TestMigrationGivesExistingAdminUsersAnIncarnation(t *testing.T) {
	cfg := testConfig(t)
	old, err := sql.Open("sqlite", "file:"+cfg.DBPath)
	if err != nil {
		t.Fatal(err)
	}
	first, err := migrationFiles.ReadFile("migrations/0001_init.sql")
	if err != nil {
		t.Fatal(err)
	}
	hash, err := hashPassword(rootPassword)
	if err != nil {
		t.Fatal(err)
	}
	for _, stmt := range []string{
		string(first),
		`CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_ms INTEGER NOT NULL)`,
		`INSERT INTO schema_migrations VALUES (1, '0001_init.sql', 0)`,
	} {
		if _, err := old.Exec(stmt); err != nil {
			t.Fatal(err)
		}
	}
	for _, name := range []string{rootUser, "second"} {
		if _, err := old.Exec(`INSERT INTO admin_users (username, password_hash, permissions, created_ms, updated_ms)
			VALUES (?, ?, '{"users":["read"]}', 0, 0)`, name, hash); err != nil {
			t.Fatal(err)
		}
	}
	if err := old.Close(); err != nil {
		t.Fatal(err)
	}

	a := startTestAPI(t, cfg)
	a.ok(req{method: "GET", path: "/users/second", token: a.login("second", rootPassword).Token}, 200, nil)
	var distinct, empty int
	if err := a.srv.db.QueryRow(`SELECT count(DISTINCT uid), count(*) FILTER (WHERE uid = '') FROM admin_users`).Scan(&distinct, &empty); err != nil {
		t.Fatal(err)
	}
	if distinct != 2 || empty != 0 {
		t.Errorf("%d distinct uids, %d empty, want 2 and 0", distinct, empty)
	}
}
