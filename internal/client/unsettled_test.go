package client

import (
	"context"
	"errors"
	"io"
	"net"
	"net/http"
	"strings"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/adminapi/terraform-provider-adminapi/internal/api"
)

// answers is a server whose answer to the n-th request (from 1) is named
// by answer(n): a status, "409 running" or "409 exists"; "reset" closes
// the connection without an answer, "down" also stops listening, so that
// later attempts are refused.
func answers(t *testing.T, answer func(n int32) string) string {
	t.Helper()
	var hits atomic.Int32
	var listener net.Listener
	s := serve(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, _ = io.Copy(io.Discard, r.Body)
		switch a := answer(hits.Add(1)); a {
		case "reset":
			hijackAndClose(t, w)
		case "down":
			_ = listener.Close()
			hijackAndClose(t, w)
		case "201":
			writeJSON(w, 201, `{"name":"r"}`)
		case "409 running":
			writeError(w, 409, api.ErrConflict, "a request with this Idempotency-Key is still being handled")
		case "409 exists":
			writeError(w, 409, api.ErrItemAlreadyExists, "the role r already exists")
		default:
			status := map[string]int{"400": 400, "403": 403, "429": 429, "500": 500, "502": 502, "503": 503}[a]
			writeError(w, status, "some-id", a)
		}
	}))
	listener = s.Listener
	return s.URL
}

func always(a string) func(int32) string { return func(int32) string { return a } }

func firstThen(first, rest string) func(int32) string {
	return func(n int32) string {
		if n == 1 {
			return first
		}
		return rest
	}
}

func TestMayHaveActed(t *testing.T) {
	tests := []struct {
		name       string
		answer     func(int32) string
		maxRetries int
		acted      bool
	}{
		{"answer lost, then the server down", firstThen("down", "201"), 2, true},
		{"answer lost on every attempt", always("reset"), 2, true},
		{"answer lost, single attempt", always("reset"), 0, true},
		{"503 on every attempt", always("503"), 2, true},
		{"500, not retried", always("500"), 2, true},
		{"answer lost, then 429 until giving up", firstThen("reset", "429"), 2, true},
		{"answer lost, then the repeat still running", firstThen("reset", "409 running"), 2, true},
		{"answer lost, then 403", firstThen("reset", "403"), 2, true},
		{"502, then already exists: the repeat's answer settles it", firstThen("502", "409 exists"), 2, false},
		{"answer lost, then 400", firstThen("reset", "400"), 2, false},
		{"429 on every attempt", always("429"), 2, false},
		{"400", always("400"), 2, false},
		{"already exists", always("409 exists"), 2, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, _, _ := newTestClient(t, answers(t, tt.answer), Config{Token: "t", MaxRetries: tt.maxRetries})
			_, err := c.CreateRole(t.Context(), api.CreateRole{Name: "r"})
			if err == nil {
				t.Fatal("no error")
			}
			if got := MayHaveActed(err); got != tt.acted {
				t.Errorf("MayHaveActed(%v) = %v, want %v", err, got, tt.acted)
			}
		})
	}
}

// The error of a call that may have acted reads as before and keeps what it
// wraps.
func TestMayHaveActedKeepsTheError(t *testing.T) {
	url := answers(t, firstThen("down", "201"))
	c, _, _ := newTestClient(t, url, Config{Token: "t", MaxRetries: 1})
	_, err := c.CreateRole(t.Context(), api.CreateRole{Name: "r"})
	if !MayHaveActed(err) || !errors.Is(err, syscall.ECONNREFUSED) ||
		!gaveUpAfter(err, 2, url) {
		t.Errorf("got %v, want a refused connection after 2 attempts that may have acted", err)
	}
}

func TestRefusedOrRejectedCallsDidNotAct(t *testing.T) {
	c, _, _ := newTestClient(t, closedAddress(t), Config{Token: "t", MaxRetries: 2})
	if _, err := c.CreateRole(t.Context(), api.CreateRole{Name: "r"}); err == nil || MayHaveActed(err) {
		t.Errorf("refused on every attempt: got %v, want an error that did not act", err)
	}
	// A certificate the client refuses: nothing was sent.
	c, _, _ = newTestClient(t, httptestTLS(t).URL, Config{Token: "t", MaxRetries: 2})
	if _, err := c.CreateRole(t.Context(), api.CreateRole{Name: "r"}); err == nil || MayHaveActed(err) {
		t.Errorf("certificate refused: got %v, want an error that did not act", err)
	}
	if MayHaveActed(errors.New("other")) || MayHaveActed(nil) {
		t.Error("an error of no call may have acted")
	}
}

// A call whose context ends while the server holds its request may have
// acted.
func TestCancelledCallMayHaveActed(t *testing.T) {
	ctx, cancel := context.WithCancel(t.Context())
	release := make(chan struct{})
	srv := serve(t, http.HandlerFunc(func(_ http.ResponseWriter, r *http.Request) {
		cancel()
		select {
		case <-r.Context().Done():
		case <-release:
		}
	}))
	defer close(release)
	c, _, _ := newTestClient(t, srv.URL, Config{Token: "t"})
	_, err := c.CreateRole(ctx, api.CreateRole{Name: "r"})
	if !errors.Is(err, context.Canceled) || !MayHaveActed(err) {
		t.Errorf("got %v, want a cancelled call that may have acted", err)
	}
}

func TestWithIdempotencyKeyIsSentOnEveryAttempt(t *testing.T) {
	var keys keyRecorder
	srv := serve(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		keys.record(r)
		hijackAndClose(t, w)
	}))
	c, _, _ := newTestClient(t, srv.URL, Config{Token: "t", MaxRetries: 2})
	ctx := WithIdempotencyKey(t.Context(), "my-key")
	if _, err := c.CreateAccount(ctx, api.AccountInput{Name: "a"}); err == nil {
		t.Fatal("no error from a server that resets every connection")
	}
	if _, err := c.CreateAccount(t.Context(), api.AccountInput{Name: "a"}); err == nil {
		t.Fatal("no error from a server that resets every connection")
	}
	got := keys.all()
	if len(got) != 6 || strings.Join(got[:3], ",") != "my-key,my-key,my-key" {
		t.Fatalf("keys %q, want my-key on each of the first 3 attempts", got)
	}
	if got[3] == "my-key" || got[3] == "" {
		t.Errorf("a call without a given key sent %q, want a fresh key", got[3])
	}
}

// The reference server answers a repeat with the key and body of a create
// with the create's answer: one account.
func TestServerRepeatWithTheSameKeyCreatesOnce(t *testing.T) {
	c := adminClient(t, startServer(t, nil))
	ctx := WithIdempotencyKey(t.Context(), "account-1")
	in := api.AccountInput{Name: "once", Attributes: map[string]string{"a": "1"}}
	first := must(c.CreateAccount(ctx, in))(t)
	again := must(c.CreateAccount(ctx, in))(t)
	if again.ID != first.ID {
		t.Errorf("the repeat made account %s, the create %s", again.ID, first.ID)
	}
	if all := collect(t, c.Accounts(t.Context(), "once")); len(all) != 1 {
		t.Errorf("%d accounts named once, want 1", len(all))
	}
}

// A call whose context ends while a retry is held back by the rate limit
// may have acted through its earlier attempt.
func TestCallCancelledWhileHeldBackMayHaveActed(t *testing.T) {
	c, _, _ := newTestClient(t, answers(t, always("reset")), Config{Token: "t", MaxRetries: 2, MaxRequestsPerSecond: 0.1})
	ctx, cancel := context.WithCancel(t.Context())
	sleeps := 0
	c.sleep = func(ctx context.Context, _ time.Duration) error {
		if sleeps++; sleeps == 1 { // the backoff after the lost answer
			return nil
		}
		cancel() // in the wait for the rate
		return ctx.Err()
	}
	_, err := c.CreateRole(ctx, api.CreateRole{Name: "r"})
	if sleeps != 2 || !errors.Is(err, context.Canceled) || !MayHaveActed(err) {
		t.Errorf("after %d waits: got %v, want a cancelled call that may have acted", sleeps, err)
	}
}

// Go's transport sends a request with an Idempotency-Key again by itself
// when a reused connection breaks before the answer: the attempt then ends
// with the error of that second try, here a refused connection, although
// the server had the request.
func TestCallOnABrokenReusedConnectionMayHaveActed(t *testing.T) {
	c, _, _ := newTestClient(t, answers(t, firstThen("201", "down")), Config{Token: "t"})
	if _, err := c.GetRole(t.Context(), "r"); err != nil { // opens the connection the create reuses
		t.Fatal(err)
	}
	_, err := c.CreateRole(t.Context(), api.CreateRole{Name: "r"})
	if !errors.Is(err, syscall.ECONNREFUSED) {
		t.Fatalf("got %v, want the refused connection of the transport's second try", err)
	}
	if !MayHaveActed(err) {
		t.Errorf("MayHaveActed(%v) = false, but the server had the request", err)
	}
}
