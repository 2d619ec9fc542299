package bench

import (
	"bufio"
	"bytes"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"testing"

	"github.com/adminapi/terraform-provider-adminapi/internal/server"
)

func TestParseAccessLine(t *testing.T) {
	for _, tc := range []struct {
		line string
		want Request
		ok   bool
	}{
		{`time=2026-12-01T05:00:00.000Z level=INFO msg=request method=GET path=/platform-users/bench-00001 status=200 duration=1.2ms caller=admin:admin`,
			Request{Method: "GET", Path: "/platform-users/bench-00001", Status: 200, Caller: "admin:admin"}, true},
		{`time=x level=INFO msg=request method=POST path="/a b/\"c\"" status=429 duration=1ms caller=ip:127.0.0.1`,
			Request{Method: "POST", Path: `/a b/"c"`, Status: 429, Caller: "ip:127.0.0.1"}, true},
		{`time=x level=INFO msg=listening url=http://127.0.0.1:8080 db=./adminapi.db`, Request{}, false},
		{`time=x level=INFO msg=request method=GET path=/x status=oops`, Request{}, false},
		{`time=x level=INFO msg="request" method=GET status=200`, Request{}, false},
		{`garbage without pairs`, Request{}, false},
		{`msg="unterminated`, Request{}, false},
	} {
		got, ok := ParseAccessLine(tc.line)
		if ok != tc.ok || got != tc.want {
			t.Errorf("ParseAccessLine(%q) = %+v, %v; want %+v, %v", tc.line, got, ok, tc.want, tc.ok)
		}
	}
}

// The reference server's own access log, as it writes it, parses into the
// routes, logins and 429s of the requests sent.
func TestCountTheServersAccessLog(t *testing.T) {
	var logBuf bytes.Buffer
	srv, err := server.New(server.Config{
		DBPath:            filepath.Join(t.TempDir(), "adminapi.db"),
		BootstrapPassword: "bench-password-1",
		RateLimit:         server.RateLimit{RequestsPerSecond: 0.001, Burst: 3},
		Logger:            slog.New(slog.NewTextHandler(&logBuf, nil)),
	})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = srv.Close() })
	ts := httptest.NewServer(srv.Handler())
	send := func(method, path, body string) int {
		req, err := http.NewRequestWithContext(t.Context(), method, ts.URL+path, strings.NewReader(body))
		if err != nil {
			t.Fatal(err)
		}
		req.Header.Set("Content-Type", "application/json")
		resp, err := ts.Client().Do(req)
		if err != nil {
			t.Fatal(err)
		}
		_ = resp.Body.Close()
		return resp.StatusCode
	}
	if got := send(http.MethodPost, "/auth/login", `{"username":"admin","password":"bench-password-1"}`); got != http.StatusOK {
		t.Fatalf("login answered %d", got)
	}
	send(http.MethodGet, "/platform-users/bench-00001", "") // no token: 401
	send(http.MethodGet, "/platform-users/bench-00002", "")
	send(http.MethodGet, markPrefix+"1", "") // the address's bucket of 3 is empty: 429
	ts.Close()                               // waits for every handler, so every line is written

	var reqs []Request
	s := bufio.NewScanner(&logBuf)
	for s.Scan() {
		if req, ok := ParseAccessLine(s.Text()); ok {
			reqs = append(reqs, req)
		}
	}
	router, err := NewRouter()
	if err != nil {
		t.Fatal(err)
	}
	c := router.Count(reqs)
	want := map[string]int{
		"POST /auth/login":                   1,
		"GET /platform-users/{username}":     2,
		"GET " + markPrefix + "1 (no route)": 1,
	}
	if len(c.ByRoute) != len(want) {
		t.Fatalf("routes %v, want %v", c.ByRoute, want)
	}
	for route, n := range want {
		if c.ByRoute[route] != n {
			t.Errorf("route %q: %d calls, want %d (all: %v)", route, c.ByRoute[route], n, c.ByRoute)
		}
	}
	if c.Total != 4 || c.Logins != 1 || c.Throttled != 1 || c.ByStatus[http.StatusUnauthorized] != 2 {
		t.Errorf("total %d, logins %d, 429s %d, statuses %v; want 4, 1, 1 and two 401s", c.Total, c.Logins, c.Throttled, c.ByStatus)
	}
}
