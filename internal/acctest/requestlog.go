package acctest

import (
	"context"
	"fmt"
	"log/slog"
	"maps"
	"slices"
	"strings"
	"sync"
)

// Request is one line of the reference server's access log.
type Request struct {
	Method, Path string
	Status       int
}

// RequestLog is a slog handler for server.Config.Logger that keeps the
// server's access log lines (msg "request"): tests count from it what the
// server answered.
type RequestLog struct {
	mu       sync.Mutex
	requests []Request
}

// Logger is the logger to give the server.
func (l *RequestLog) Logger() *slog.Logger { return slog.New(requestLogHandler{l}) }

// Count says how many requests matched method, path and status; "" and 0
// match any.
func (l *RequestLog) Count(method, path string, status int) int {
	l.mu.Lock()
	defer l.mu.Unlock()
	n := 0
	for _, r := range l.requests {
		if (method == "" || r.Method == method) && (path == "" || r.Path == path) && (status == 0 || r.Status == status) {
			n++
		}
	}
	return n
}

// Answered lists, in order, the requests answered status.
func (l *RequestLog) Answered(status int) []Request {
	l.mu.Lock()
	defer l.mu.Unlock()
	var out []Request
	for _, r := range l.requests {
		if r.Status == status {
			out = append(out, r)
		}
	}
	return out
}

// Statuses tells how many requests got each status, e.g. "200:51 201:50 429:12".
func (l *RequestLog) Statuses() string {
	l.mu.Lock()
	counts := map[int]int{}
	for _, r := range l.requests {
		counts[r.Status]++
	}
	l.mu.Unlock()
	parts := make([]string, 0, len(counts))
	for _, s := range slices.Sorted(maps.Keys(counts)) {
		parts = append(parts, fmt.Sprintf("%d:%d", s, counts[s]))
	}
	return strings.Join(parts, " ")
}

type requestLogHandler struct{ log *RequestLog }

func (h requestLogHandler) Enabled(context.Context, slog.Level) bool { return true }

func (h requestLogHandler) Handle(_ context.Context, rec slog.Record) error {
	if rec.Message != "request" {
		return nil
	}
	var r Request
	rec.Attrs(func(a slog.Attr) bool {
		switch a.Key {
		case "method":
			r.Method = a.Value.String()
		case "path":
			r.Path = a.Value.String()
		case "status":
			r.Status = int(a.Value.Int64())
		}
		return true
	})
	h.log.mu.Lock()
	h.log.requests = append(h.log.requests, r)
	h.log.mu.Unlock()
	return nil
}

func (h requestLogHandler) WithAttrs([]slog.Attr) slog.Handler { return h }
func (h requestLogHandler) WithGroup(string) slog.Handler      { return h }
