package main

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"golang.org/x/crypto/bcrypt"

	"github.com/adminapi/terraform-provider-adminapi/internal/api"
	"github.com/adminapi/terraform-provider-adminapi/internal/server"
)

// The test binary doubles as the command: with this variable set it runs
// main instead of the tests, so that a test can start, signal and kill it.
const runAsCommand = "ADMINAPI_SERVER_TEST_RUN_MAIN"

func TestMain(m *testing.M) {
	if os.Getenv(runAsCommand) != "" {
		os.Args = append([]string{"adminapi-server"}, strings.Fields(os.Getenv(runAsCommand))...)
		main()
		return
	}
	os.Exit(m.Run())
}

// process is the command running as a child process.
type process struct {
	t      *testing.T
	cmd    *exec.Cmd
	url    string
	mu     sync.Mutex
	stderr strings.Builder
	exited chan error
}

var listening = regexp.MustCompile(`url=(http://127\.0\.0\.1:\d+)`)

func start(t *testing.T, db string, env ...string) *process {
	t.Helper()
	args := "--addr 127.0.0.1:0 --db " + db + " --config server.example.yaml"
	cmd := exec.Command(os.Args[0])
	cmd.Env = append(os.Environ(), append(env, runAsCommand+"="+args)...)
	pipe, err := cmd.StderrPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	p := &process{t: t, cmd: cmd, exited: make(chan error, 1)}
	urls := make(chan string, 1)
	go func() {
		sc := bufio.NewScanner(pipe)
		for sc.Scan() {
			p.mu.Lock()
			p.stderr.WriteString(sc.Text() + "\n")
			p.mu.Unlock()
			if m := listening.FindStringSubmatch(sc.Text()); m != nil {
				urls <- m[1]
			}
		}
		p.exited <- cmd.Wait()
	}()
	t.Cleanup(func() { _ = cmd.Process.Kill() })
	select {
	case p.url = <-urls:
	case err := <-p.exited:
		t.Fatalf("the server exited: %v\n%s", err, p.output())
	case <-time.After(15 * time.Second):
		t.Fatalf("the server did not start:\n%s", p.output())
	}
	return p
}

func (p *process) output() string {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.stderr.String()
}

// stop sends sig and waits for the process to end; it answers the exit error.
func (p *process) stop(sig os.Signal) error {
	p.t.Helper()
	if err := p.cmd.Process.Signal(sig); err != nil {
		p.t.Fatal(err)
	}
	select {
	case err := <-p.exited:
		return err
	case <-time.After(15 * time.Second):
		p.t.Fatalf("the server did not stop on %v:\n%s", sig, p.output())
		return nil
	}
}

func (p *process) call(method, path, token, contentType, body string, out any) int {
	p.t.Helper()
	req, err := http.NewRequest(method, p.url+path, strings.NewReader(body))
	if err != nil {
		p.t.Fatal(err)
	}
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		p.t.Fatalf("%s %s: %v", method, path, err)
	}
	defer res.Body.Close()
	raw, err := io.ReadAll(res.Body)
	if err != nil {
		p.t.Fatal(err)
	}
	if out != nil && res.StatusCode < 300 {
		if err := json.Unmarshal(raw, out); err != nil {
			p.t.Fatalf("%s %s: %s: %v", method, path, raw, err)
		}
	}
	return res.StatusCode
}

func (p *process) login(username, password string) string {
	p.t.Helper()
	var pair api.TokenPair
	body := fmt.Sprintf(`{"username":%q,"password":%q}`, username, password)
	if s := p.call("POST", "/auth/login", "", "application/json", body, &pair); s != 200 {
		p.t.Fatalf("login as %s answered %d\n%s", username, s, p.output())
	}
	return pair.Token
}

func TestServesBootstrapUserAndStopsOnSIGTERM(t *testing.T) {
	db := filepath.Join(t.TempDir(), "adminapi.db")
	p := start(t, db, "ADMINAPI_BOOTSTRAP_USERNAME=ops", "ADMINAPI_BOOTSTRAP_PASSWORD=bootstrap-pw-1")
	token := p.login("ops", "bootstrap-pw-1")
	var me api.Me
	if s := p.call("GET", "/auth/me", token, "", "", &me); s != 200 || me.Name != "ops" || len(me.Permissions.Users) != 5 {
		t.Errorf("me answered %d %+v", s, me)
	}
	var tok api.OAuthToken
	form := url.Values{"grant_type": {"client_credentials"}, "client_id": {"ci-pipeline"}, "client_secret": {"demo-client-secret"}}.Encode()
	if s := p.call("POST", "/oauth/token", "", "application/x-www-form-urlencoded", form, &tok); s != 200 || tok.AccessToken == "" {
		t.Errorf("the example config's client got %d", s)
	}
	if err := p.stop(syscall.SIGTERM); err != nil {
		t.Errorf("exit after SIGTERM: %v\n%s", err, p.output())
	}
	out := p.output()
	if strings.Contains(out, "bootstrap-pw-1") || strings.Contains(out, "generated password") || strings.Contains(out, token) {
		t.Errorf("stderr shows a secret:\n%s", out)
	}
	for _, want := range []string{"path=/auth/login status=200", "shutting down", "stopped"} {
		if !strings.Contains(out, want) {
			t.Errorf("stderr lacks %q:\n%s", want, out)
		}
	}
}

var generated = regexp.MustCompile(`"admin" with the generated password: (\S+)`)

func TestPrintsGeneratedPasswordOnceAndStopsOnSIGINT(t *testing.T) {
	db := filepath.Join(t.TempDir(), "adminapi.db")
	p := start(t, db)
	m := generated.FindStringSubmatch(p.output())
	if m == nil {
		t.Fatalf("no generated password on stderr:\n%s", p.output())
	}
	p.login("admin", m[1])
	if err := p.stop(syscall.SIGINT); err != nil {
		t.Errorf("exit after SIGINT: %v", err)
	}

	again := start(t, db)
	if generated.MatchString(again.output()) {
		t.Errorf("a second start printed a password:\n%s", again.output())
	}
	again.login("admin", m[1])
}

// TestKillLosesNothing: every write answered 2xx is read back after SIGKILL.
func TestKillLosesNothing(t *testing.T) {
	db := filepath.Join(t.TempDir(), "adminapi.db")
	p := start(t, db, "ADMINAPI_BOOTSTRAP_PASSWORD=bootstrap-pw-1")
	token := p.login("admin", "bootstrap-pw-1")
	var ids []string
	for i := range 30 {
		var acct api.Account
		if s := p.call("POST", "/accounts", token, "application/json", fmt.Sprintf(`{"name":"acct-%d"}`, i), &acct); s != 201 {
			t.Fatalf("create %d answered %d", i, s)
		}
		ids = append(ids, acct.ID)
	}
	if s := p.call("PUT", "/admin/settings", token, "application/json",
		`{"update":{"EMAIL_SETTINGS":{"settings":{"EMAIL_ENABLED":{"value":true}}}}}`, nil); s != 200 {
		t.Fatalf("settings answered %d", s)
	}
	if s := p.call("POST", "/auth/logout", token, "", "", nil); s != 204 {
		t.Fatalf("logout answered %d", s)
	}
	_ = p.stop(syscall.SIGKILL)

	q := start(t, db, "ADMINAPI_BOOTSTRAP_PASSWORD=bootstrap-pw-1")
	if s := q.call("GET", "/auth/me", token, "", "", nil); s != 401 {
		t.Errorf("the revoked token answered %d after the restart", s)
	}
	fresh := q.login("admin", "bootstrap-pw-1")
	for _, id := range ids {
		if s := q.call("GET", "/accounts/"+id, fresh, "", "", nil); s != 200 {
			t.Errorf("account %s answered %d after SIGKILL", id, s)
		}
	}
	var doc api.SettingsResponse
	q.call("GET", "/admin/settings", fresh, "", "", &doc)
	if v := string(doc.Settings["EMAIL_SETTINGS"].Settings["EMAIL_ENABLED"].Value); v != "true" {
		t.Errorf("EMAIL_ENABLED %s after SIGKILL", v)
	}
}

func TestExampleConfigLoads(t *testing.T) {
	cfg, err := server.LoadConfigFile("server.example.yaml")
	if err != nil {
		t.Fatal(err)
	}
	if cfg.AccessTokenTTL != time.Hour || cfg.RefreshTokenTTL != 24*time.Hour || cfg.NotifyTimeout != 5*time.Second ||
		cfg.LogLevel != "info" || cfg.RateLimit.RequestsPerSecond != 20 || len(cfg.Followers) != 2 || len(cfg.Clients) != 1 ||
		cfg.LoginLimit != (server.LoginLimit{FailuresPerUsername: 10, FailuresPerAddress: 100, Window: time.Minute}) {
		t.Fatalf("loaded %+v", cfg)
	}
	c := cfg.Clients[0]
	if c.ID != "ci-pipeline" || bcrypt.CompareHashAndPassword([]byte(c.SecretHash), []byte("demo-client-secret")) != nil {
		t.Errorf("the demo client %q does not match its stated secret", c.ID)
	}
	if strings.Join(c.Permissions.PlatformUsers, ",") != "read,create,update" || len(c.Permissions.Users) != 0 {
		t.Errorf("client permissions %+v", c.Permissions)
	}
}

func TestRunRefusesBadArguments(t *testing.T) {
	getenv := func(string) string { return "" }
	var stderr strings.Builder
	if code := run(context.Background(), []string{"--nope"}, getenv, &stderr); code != 2 {
		t.Errorf("an unknown flag exited %d", code)
	}
	if code := run(context.Background(), []string{"extra"}, getenv, &stderr); code != 2 {
		t.Errorf("an argument exited %d", code)
	}
	dir := t.TempDir()
	if code := run(context.Background(), []string{"--db", filepath.Join(dir, "a.db"), "--config", filepath.Join(dir, "missing.yaml")}, getenv, &stderr); code != 1 {
		t.Errorf("a missing config exited %d", code)
	}
	if code := run(context.Background(), []string{"--db", filepath.Join(dir, "b.db"), "--addr", "256.0.0.1:1"}, getenv, &stderr); code != 1 {
		t.Errorf("a bad address exited %d", code)
	}
}

func TestRunStopsWithItsContext(t *testing.T) {
	ctx, cancel := context.WithCancel(t.Context())
	done := make(chan int, 1)
	var stderr syncWriter
	go func() {
		done <- run(ctx, []string{"--addr", "127.0.0.1:0", "--db", filepath.Join(t.TempDir(), "c.db")},
			func(k string) string {
				if k == "ADMINAPI_BOOTSTRAP_PASSWORD" {
					return "bootstrap-pw-1"
				}
				return ""
			}, &stderr)
	}()
	deadline := time.Now().Add(10 * time.Second)
	for !strings.Contains(stderr.String(), "listening") {
		if time.Now().After(deadline) {
			t.Fatalf("not listening:\n%s", stderr.String())
		}
		time.Sleep(20 * time.Millisecond)
	}
	cancel()
	select {
	case code := <-done:
		if code != 0 {
			t.Errorf("exit code %d:\n%s", code, stderr.String())
		}
	case <-time.After(10 * time.Second):
		t.Fatal("run did not return")
	}
}

type syncWriter struct {
	mu sync.Mutex
	b  strings.Builder
}

func (w *syncWriter) Write(p []byte) (int, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.b.Write(p)
}

func (w *syncWriter) String() string {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.b.String()
}
