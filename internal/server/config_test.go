package server

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/adminapi/terraform-provider-adminapi/internal/api"
)

func writeFile(t *testing.T, content string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "server.yaml")
	if err := os.WriteFile(path, []byte(content), 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

func TestLoadConfigFile(t *testing.T) {
	hash, err := bcryptHash("s3cret")
	if err != nil {
		t.Fatal(err)
	}
	cfg, err := LoadConfigFile(writeFile(t, `
access_token_ttl: 90s
refresh_token_ttl: 2h
notify_timeout: 250ms
log_level: debug
rate_limit: {requests_per_second: 2.5, burst: 4}
login_limit: {failures_per_username: 5, failures_per_client: 7, failures_per_address: -1, window: 2m}
clients:
  - id: pipeline
    secret_hash: "`+hash+`"
    permissions: {platformUsers: [read, update], accounts: [read]}
followers:
  - {url: "http://127.0.0.1:1", role: core}
`))
	if err != nil {
		t.Fatal(err)
	}
	if cfg.AccessTokenTTL != 90*time.Second || cfg.RefreshTokenTTL != 2*time.Hour || cfg.NotifyTimeout != 250*time.Millisecond ||
		cfg.LogLevel != "debug" || cfg.RateLimit != (RateLimit{2.5, 4}) || len(cfg.Followers) != 1 || cfg.Followers[0].Role != "core" ||
		cfg.LoginLimit != (LoginLimit{FailuresPerUsername: 5, FailuresPerClient: 7, FailuresPerAddress: -1, Window: 2 * time.Minute}) {
		t.Errorf("loaded %+v", cfg)
	}
	if len(cfg.Clients) != 1 || cfg.Clients[0].ID != "pipeline" || cfg.Clients[0].SecretHash != hash ||
		strings.Join(cfg.Clients[0].Permissions.PlatformUsers, ",") != "read,update" || cfg.Clients[0].Permissions.Accounts[0] != "read" {
		t.Errorf("clients %+v", cfg.Clients)
	}

	empty, err := LoadConfigFile(writeFile(t, ""))
	if err != nil || empty.AccessTokenTTL != 0 || len(empty.Clients) != 0 {
		t.Errorf("empty file: %+v %v", empty, err)
	}
	if d := empty.withDefaults(); d.AccessTokenTTL != time.Hour || d.RefreshTokenTTL != 24*time.Hour || d.NotifyTimeout != 5*time.Second ||
		d.BootstrapUsername != "admin" || d.Logger == nil || d.LoginLimit != (LoginLimit{FailuresPerUsername: 10, FailuresPerClient: 10, FailuresPerAddress: 100, Window: time.Minute}) {
		t.Errorf("defaults %+v", d)
	}
}

func TestLoadConfigFileRefuses(t *testing.T) {
	for name, content := range map[string]string{
		"unknown key":      "acess_token_ttl: 1h\n",
		"bad duration":     "access_token_ttl: soon\n",
		"bad log level":    "log_level: loud\n",
		"plain secret":     "clients:\n  - {id: a, secret_hash: plain}\n",
		"bad permission":   "clients:\n  - {id: a, secret_hash: \"$2a$04$abcdefghijklmnopqrstuuY0Sf3xJ7ZB1vKmJnBtvbAXTeL5BRpYG\", permissions: {users: [fly]}}\n",
		"unknown group":    "clients:\n  - {id: a, secret_hash: x, permissions: {robots: [read]}}\n",
		"bad follower":     "followers:\n  - {url: \"not a url\", role: core}\n",
		"not yaml":         "clients: [\n",
		"negative timeout": "notify_timeout: -1s\n",
		"negative window":  "login_limit: {window: -1m}\n",
		"bad window":       "login_limit: {window: 5}\n",
		"unknown limit":    "login_limit: {failures: 5}\n",
	} {
		if _, err := LoadConfigFile(writeFile(t, content)); err == nil {
			t.Errorf("%s: accepted", name)
		}
	}
	if _, err := LoadConfigFile(filepath.Join(t.TempDir(), "missing.yaml")); err == nil {
		t.Error("a missing file was accepted")
	}
}

func TestConfigFileClientLogsIn(t *testing.T) {
	cfg, err := LoadConfigFile(filepath.Join("testdata", "clients.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	a := newTestAPI(t, func(c *Config) { c.Clients = cfg.Clients })
	var tok api.OAuthToken
	a.ok(req{method: "POST", path: "/oauth/token", contentType: "application/x-www-form-urlencoded",
		body: "grant_type=client_credentials&client_id=reporting&client_secret=reporting-secret"}, 200, &tok)
	var me api.Me
	a.ok(req{method: "GET", path: "/auth/me", token: tok.AccessToken}, 200, &me)
	if me.Permissions.Accounts[0] != "read" || len(me.Permissions.Users) != 0 {
		t.Errorf("client permissions %+v", me.Permissions)
	}
}

func TestParseLogLevel(t *testing.T) {
	for in, ok := range map[string]bool{"": true, "debug": true, "info": true, "warn": true, "error": true, "DEBUG": false, "trace": false} {
		if _, err := ParseLogLevel(in); (err == nil) != ok {
			t.Errorf("ParseLogLevel(%q): %v", in, err)
		}
	}
}
