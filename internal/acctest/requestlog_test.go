package acctest

import (
	"context"
	"log/slog"
	"slices"
	"testing"
)

// The log keeps the server's access log lines only.
func TestRequestLog(t *testing.T) {
	var l RequestLog
	log := l.Logger()
	ctx := context.Background()
	for _, r := range []Request{{"POST", "/auth/login", 200}, {"POST", "/platform-users", 201}, {"GET", "/platform-users/x", 404}, {"POST", "/platform-users", 429}} {
		log.LogAttrs(ctx, slog.LevelInfo, "request", slog.String("method", r.Method), slog.String("path", r.Path),
			slog.Int("status", r.Status), slog.String("caller", "admin:admin"))
	}
	log.Info("listening", "url", "http://127.0.0.1:1")
	for _, c := range []struct {
		method, path string
		status, want int
	}{
		{"", "", 0, 4}, {"POST", "", 0, 3}, {"POST", "/platform-users", 0, 2}, {"POST", "/platform-users", 201, 1}, {"", "", 404, 1}, {"GET", "", 200, 0},
	} {
		if got := l.Count(c.method, c.path, c.status); got != c.want {
			t.Errorf("Count(%q, %q, %d) = %d, want %d", c.method, c.path, c.status, got, c.want)
		}
	}
	if got, want := l.Statuses(), "200:1 201:1 404:1 429:1"; got != want {
		t.Errorf("Statuses = %q, want %q", got, want)
	}
	if got := l.Answered(404); !slices.Equal(got, []Request{{"GET", "/platform-users/x", 404}}) {
		t.Errorf("Answered(404) = %v", got)
	}
}
