package client

import (
	"context"
	"fmt"
	"io"
	"log"
	"net/http"
	"net/http/httptest"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"
)

// fakeClock stands for the wall clock: sleeping records the wait and moves
// the clock on at once.
type fakeClock struct {
	mu     sync.Mutex
	t      time.Time
	sleeps []time.Duration
}

func newFakeClock() *fakeClock {
	return &fakeClock{t: time.Date(2030, 1, 2, 3, 4, 5, 0, time.UTC)}
}

func (f *fakeClock) now() time.Time {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.t
}

func (f *fakeClock) advance(d time.Duration) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.t = f.t.Add(d)
}

func (f *fakeClock) sleep(ctx context.Context, d time.Duration) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	if d > 0 {
		f.sleeps = append(f.sleeps, d)
		f.t = f.t.Add(d)
	}
	return nil
}

func (f *fakeClock) slept() []time.Duration {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]time.Duration(nil), f.sleeps...)
}

// recordingLogger keeps every debug line.
type recordingLogger struct {
	mu    sync.Mutex
	lines []logLine
}

type logLine struct {
	msg    string
	fields map[string]any
}

func (l *recordingLogger) Debug(_ context.Context, msg string, fields map[string]any) {
	l.mu.Lock()
	defer l.mu.Unlock()
	copied := make(map[string]any, len(fields))
	for k, v := range fields {
		copied[k] = v
	}
	l.lines = append(l.lines, logLine{msg: msg, fields: copied})
}

// requests are the lines logged for each attempt.
func (l *recordingLogger) requests() []logLine { return l.withMsg("adminapi request") }

// retries are the lines logged for each wait before a retry.
func (l *recordingLogger) retries() []logLine { return l.withMsg("adminapi retry") }

func (l *recordingLogger) withMsg(msg string) []logLine {
	l.mu.Lock()
	defer l.mu.Unlock()
	var out []logLine
	for _, line := range l.lines {
		if line.msg == msg {
			out = append(out, line)
		}
	}
	return out
}

// String renders every line with its fields in a stable order.
func (l *recordingLogger) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	var b strings.Builder
	for _, line := range l.lines {
		keys := make([]string, 0, len(line.fields))
		for k := range line.fields {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		b.WriteString(line.msg)
		for _, k := range keys {
			fmt.Fprintf(&b, " %s=%v", k, line.fields[k])
		}
		b.WriteString("\n")
	}
	return b.String()
}

// newTestClient makes a client for endpoint with a fake clock and a
// recording logger; cfg's Endpoint and Logger are set here.
func newTestClient(t *testing.T, endpoint string, cfg Config) (*Client, *fakeClock, *recordingLogger) {
	t.Helper()
	logger := &recordingLogger{}
	cfg.Endpoint = endpoint
	cfg.Logger = logger
	c, err := New(cfg)
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	clock := newFakeClock()
	c.now = clock.now
	c.sleep = clock.sleep
	c.backoffBase = 100 * time.Millisecond
	c.backoffCap = time.Second
	return c, clock, logger
}

// serve starts handler on a loopback test server closed with the test.
func serve(t *testing.T, handler http.Handler) *httptest.Server {
	t.Helper()
	srv := httptest.NewServer(handler)
	t.Cleanup(srv.Close)
	return srv
}

// gaveUpAfter tells whether err ends with the note of a call that gave up
// after attempts to endpoint, with or without a hint after it.
func gaveUpAfter(err error, attempts int, endpoint string) bool {
	if err == nil {
		return false
	}
	note := fmt.Sprintf("(gave up after %d attempts to %s", attempts, endpoint)
	msg := err.Error()
	return strings.Contains(msg, note) && strings.HasSuffix(msg, ")")
}

func writeJSON(w http.ResponseWriter, status int, body string) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_, _ = w.Write([]byte(body))
}

func writeError(w http.ResponseWriter, status int, id, message string) {
	writeJSON(w, status, fmt.Sprintf(`{"error":{"id":%q,"message":%q}}`, id, message))
}

func bearer(r *http.Request) string {
	return strings.TrimPrefix(r.Header.Get("Authorization"), "Bearer ")
}

// httptestTLS starts an HTTPS server, with a certificate of its own CA, that
// answers GET /auth/me.
func httptestTLS(t *testing.T) *httptest.Server {
	t.Helper()
	srv := httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		writeJSON(w, 200, `{"kind":"client","name":"x","permissions":{}}`)
	}))
	srv.Config.ErrorLog = log.New(io.Discard, "", 0)
	srv.StartTLS()
	t.Cleanup(srv.Close)
	return srv
}
