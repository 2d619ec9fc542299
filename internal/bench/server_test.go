package bench

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func logLine(method, path string, status int) string {
	return fmt.Sprintf("time=x level=INFO msg=request method=%s path=%s status=%d duration=1ms caller=admin:admin\n", method, path, status)
}

func appendTo(t *testing.T, path, s string) {
	t.Helper()
	f, err := os.OpenFile(path, os.O_APPEND|os.O_CREATE|os.O_WRONLY, 0o600)
	if err != nil {
		t.Fatal(err)
	}
	defer func() { _ = f.Close() }()
	if _, err := f.WriteString(s); err != nil {
		t.Fatal(err)
	}
}

// A cut takes the requests up to its mark, not a partial line, and the
// next cut starts after that mark.
func TestReadUntilTheMark(t *testing.T) {
	s := &serverProcess{logPath: filepath.Join(t.TempDir(), "server.log")}
	half := logLine("DELETE", "/platform-users/c", 204)
	appendTo(t, s.logPath, "time=x level=INFO msg=listening url=http://127.0.0.1:1\n"+
		logLine("GET", "/platform-users/a", 200)+logLine("GET", "/platform-users/b", 429)+half[:20])
	if reqs, found, err := s.readUntil(markPrefix + "1"); err != nil || found || reqs != nil || s.offset != 0 {
		t.Fatalf("before the mark: %v, %v, %v, offset %d; want nothing found, offset 0", reqs, found, err, s.offset)
	}
	appendTo(t, s.logPath, half[20:]+logLine("GET", markPrefix+"1", 404)+logLine("POST", "/platform-users", 201))
	reqs, found, err := s.readUntil(markPrefix + "1")
	if err != nil || !found {
		t.Fatalf("found %v, %v", found, err)
	}
	if got := paths(reqs); got != "/platform-users/a /platform-users/b /platform-users/c" {
		t.Errorf("first cut: %s", got)
	}
	appendTo(t, s.logPath, logLine("GET", markPrefix+"2", 404))
	reqs, found, err = s.readUntil(markPrefix + "2")
	if err != nil || !found || paths(reqs) != "/platform-users" {
		t.Errorf("second cut: %s, %v, %v; want /platform-users", paths(reqs), found, err)
	}
}

// cut sends its mark to the server and waits for the line.
func TestCutSendsItsMark(t *testing.T) {
	logPath := filepath.Join(t.TempDir(), "server.log")
	ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		go func() { // the line comes a little after the answer
			time.Sleep(50 * time.Millisecond)
			appendTo(t, logPath, logLine(r.Method, r.URL.Path, http.StatusNotFound))
		}()
		w.WriteHeader(http.StatusNotFound)
	}))
	defer ts.Close()
	appendTo(t, logPath, logLine("GET", "/platform-users/a", 200))
	s := &serverProcess{URL: ts.URL, logPath: logPath}
	reqs, err := s.cut(t.Context())
	if err != nil || paths(reqs) != "/platform-users/a" {
		t.Fatalf("cut: %s, %v", paths(reqs), err)
	}
	if reqs, err := s.cut(t.Context()); err != nil || len(reqs) != 0 {
		t.Fatalf("second cut: %s, %v; want nothing", paths(reqs), err)
	}
}

func paths(reqs []Request) string {
	var p []string
	for _, r := range reqs {
		p = append(p, r.Path)
	}
	return strings.Join(p, " ")
}

func TestServerConfigSetsTheRateLimitOfTheProfile(t *testing.T) {
	if got := serverConfig(Profile{Name: "loopback"}); strings.Contains(got, "rate_limit") {
		t.Errorf("loopback has a rate limit:\n%s", got)
	}
	got := serverConfig(Profile{Name: "remote", RateLimit: 20})
	if !strings.Contains(got, "rate_limit:\n  requests_per_second: 20\n  burst: 20\n") {
		t.Errorf("remote config lacks the limit:\n%s", got)
	}
}
