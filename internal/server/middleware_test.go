package server

import (
	"bytes"
	"fmt"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/adminapi/terraform-provider-adminapi/internal/api"
)

// syncBuffer is a log sink safe for the server's goroutines.
type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

func TestAccessLogHoldsNoSecret(t *testing.T) {
	var logs syncBuffer
	a := newTestAPI(t, func(c *Config) {
		c.Logger = slog.New(slog.NewJSONHandler(&logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
	})
	pair := a.login(rootUser, rootPassword)
	a.ok(req{method: "POST", path: "/platform-users", token: pair.Token, body: api.CreatePlatformUser{
		Username: "alice", Email: "alice@example.com", Password: ptr("platform-secret-1")}}, 201, nil)
	a.ok(req{method: "POST", path: "/users/root/reset-password", token: pair.Token, body: api.ResetPassword{Password: ptr("reset-secret-22")}}, 200, nil)
	a.do(req{method: "POST", path: "/oauth/token?client_secret=query-secret-3", contentType: "application/x-www-form-urlencoded",
		body: "grant_type=client_credentials&client_id=x&client_secret=form-secret-4", invalid: true})
	out := logs.String()
	for _, secret := range []string{rootPassword, pair.Token, pair.RefreshToken, "platform-secret-1", "reset-secret-22", "query-secret-3", "form-secret-4"} {
		if strings.Contains(out, secret) {
			t.Errorf("the log holds the secret %q:\n%s", secret, out)
		}
	}
	for _, want := range []string{`"method":"POST"`, `"path":"/platform-users"`, `"status":201`, `"caller":"admin_user:root"`, `"duration":`,
		`"path":"/oauth/token"`, `"status":401`, `"caller":"ip:127.0.0.1"`} {
		if !strings.Contains(out, want) {
			t.Errorf("the log lacks %s:\n%s", want, out)
		}
	}
}

func TestPanicAnswers500WithoutLeak(t *testing.T) {
	var logs syncBuffer
	a := newTestAPI(t, func(c *Config) { c.Logger = slog.New(slog.NewTextHandler(&logs, nil)) })
	h := a.srv.middleware(http.HandlerFunc(func(http.ResponseWriter, *http.Request) { panic("secret internal detail") }))
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest("GET", "/users", nil))
	if rec.Code != 500 || !strings.Contains(rec.Body.String(), `"id":"unexpected-error"`) || strings.Contains(rec.Body.String(), "secret") {
		t.Errorf("panic answered %d %s", rec.Code, rec.Body)
	}
	if !strings.Contains(logs.String(), "secret internal detail") {
		t.Errorf("the panic was not logged:\n%s", logs.String())
	}
}

func TestStoreFailureAnswers500WithoutLeak(t *testing.T) {
	a := newTestAPI(t)
	if err := a.srv.db.Close(); err != nil {
		t.Fatal(err)
	}
	e := a.fail(req{method: "GET", path: "/users", token: a.root}, 500, api.ErrUnexpected)
	if strings.Contains(strings.ToLower(e.Message), "sql") || strings.Contains(e.Message, "closed") {
		t.Errorf("500 leaks: %q", e.Message)
	}
}

func TestBodyLimit(t *testing.T) {
	a := newTestAPI(t)
	big := `{"name":"` + strings.Repeat("x", api.MaxBodyBytes) + `"}`
	a.fail(req{method: "POST", path: "/accounts", token: a.root, body: big, invalid: true}, http.StatusRequestEntityTooLarge, api.ErrRequestTooLarge)
	a.fail(req{method: "POST", path: "/oauth/token", body: "grant_type=" + strings.Repeat("x", api.MaxBodyBytes),
		contentType: "application/x-www-form-urlencoded", invalid: true}, http.StatusRequestEntityTooLarge, api.ErrRequestTooLarge)
	a.fail(req{method: "POST", path: "/users/root/reset-password", token: a.root, body: big, invalid: true},
		http.StatusRequestEntityTooLarge, api.ErrRequestTooLarge)
	justUnder := `{"name":"x","attributes":{"k":"v"}}` + strings.Repeat(" ", api.MaxBodyBytes-40)
	a.ok(req{method: "POST", path: "/accounts", token: a.root, body: justUnder}, 201, nil)
}

func TestRateLimit(t *testing.T) {
	a := newTestAPI(t, func(c *Config) { c.RateLimit = RateLimit{RequestsPerSecond: 0.5, Burst: 3} })
	other := a.login(rootUser, rootPassword).Token // the login spent IP tokens, not root's
	statuses := []int{}
	var limited resp
	for range 4 {
		r := a.do(req{method: "GET", path: "/auth/me", token: a.root})
		statuses = append(statuses, r.status)
		if r.status == http.StatusTooManyRequests {
			limited = r
		}
	}
	if fmt.Sprint(statuses) != "[200 200 200 429]" {
		t.Fatalf("statuses %v, want three 200 then 429", statuses)
	}
	if s, err := strconv.Atoi(limited.header.Get("Retry-After")); err != nil || s < 1 || s > 2 {
		t.Errorf("Retry-After %q", limited.header.Get("Retry-After"))
	}
	if env := decodeInto[api.ErrorEnvelope](t, limited); env.Error.ID != api.ErrTooManyRequests {
		t.Errorf("429 body %s", limited.body)
	}
	// The same admin user with another token shares the bucket; by IP, the
	// anonymous caller has its own.
	a.fail(req{method: "GET", path: "/auth/me", token: other}, http.StatusTooManyRequests, api.ErrTooManyRequests)
	a.fail(req{method: "GET", path: "/nope", invalid: true}, http.StatusNotFound, api.ErrUnknownResource)
}

func TestRateLimitAllowRetryAfter(t *testing.T) {
	l := newLimiter(RateLimit{RequestsPerSecond: 0.1})
	if _, ok := l.allow("k"); !ok {
		t.Fatal("first request refused")
	}
	retry, ok := l.allow("k")
	if ok || retry != "10" {
		t.Errorf("second request: %q %v, want refused with 10", retry, ok)
	}
	if _, ok := l.allow("other"); !ok {
		t.Error("another key shares the bucket")
	}
}

// recordingTB records what the validator reports instead of failing.
type recordingTB struct {
	testing.TB
	mu   sync.Mutex
	errs []string
}

func (r *recordingTB) Errorf(format string, args ...any) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.errs = append(r.errs, fmt.Sprintf(format, args...))
}

// TestValidatorCatchesMismatches: the OpenAPI validator used by every test
// does report an answer or request that breaks the document.
func TestValidatorCatchesMismatches(t *testing.T) {
	for _, c := range []struct {
		name    string
		handler http.HandlerFunc
		req     *http.Request
	}{
		{"missing field", func(w http.ResponseWriter, r *http.Request) {
			writeJSON(w, 200, map[string]any{"kind": "admin_user", "name": "x"})
		}, httptest.NewRequest("GET", "/auth/me", nil)},
		{"undocumented status", func(w http.ResponseWriter, r *http.Request) {
			writeAPIError(w, errConflict("x"))
		}, httptest.NewRequest("GET", "/auth/me", nil)},
		{"plain text error", func(w http.ResponseWriter, r *http.Request) {
			http.Error(w, "nope", http.StatusNotFound)
		}, httptest.NewRequest("GET", "/users/x", nil)},
		{"created without Location", func(w http.ResponseWriter, r *http.Request) {
			writeJSON(w, 201, api.Role{Name: "r"})
		}, jsonRequest("POST", "/roles", `{"name":"r"}`)},
		{"invalid request", func(w http.ResponseWriter, r *http.Request) {
			writeAPIError(w, errInvalidParameters(map[string]string{"name": "bad"}))
		}, jsonRequest("POST", "/roles", `{"name":"Bad Name"}`)},
		{"unknown route answering 200", func(w http.ResponseWriter, r *http.Request) {
			w.WriteHeader(200)
		}, httptest.NewRequest("GET", "/nope", nil)},
	} {
		rec := &recordingTB{TB: t}
		newOpenAPIValidator(rec, c.handler).ServeHTTP(httptest.NewRecorder(), c.req)
		if len(rec.errs) == 0 {
			t.Errorf("%s: the validator reported nothing", c.name)
		}
	}
}

func jsonRequest(method, path, body string) *http.Request {
	r := httptest.NewRequest(method, path, strings.NewReader(body))
	r.Header.Set("Content-Type", "application/json")
	return r
}
