package client

import (
	"errors"
	"io"
	"net/http"
	"strings"
	"sync/atomic"
	"syscall"
	"testing"
	"time"
)

// tokenFailing is an API whose token requests (login and client
// credentials) fail with fault ("503" or "reset"); it counts the token
// requests and the others.
func tokenFailing(t *testing.T, fault string) (url string, tokenHits, otherHits *atomic.Int32) {
	tokenHits, otherHits = new(atomic.Int32), new(atomic.Int32)
	srv := serve(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != "/auth/login" && r.URL.Path != "/oauth/token" {
			otherHits.Add(1)
			writeJSON(w, 200, `{"kind":"admin_user","name":"ops","permissions":{}}`)
			return
		}
		tokenHits.Add(1)
		if fault == "reset" {
			_, _ = io.Copy(io.Discard, r.Body)
			hijackAndClose(t, w)
			return
		}
		writeError(w, http.StatusServiceUnavailable, "unavailable", "try later")
	}))
	return srv.URL, tokenHits, otherHits
}

// A failed token request is not retried by the call that needed the token:
// the token request has made its own max_retries+1 attempts.
func TestFailingTokenRequestMakesMaxRetriesPlusOneAttempts(t *testing.T) {
	const maxRetries = 4
	auths := map[string]Config{
		"login":              {Username: "ops", Password: "pw", MaxRetries: maxRetries},
		"client credentials": {ClientID: "ci", ClientSecret: "cs", MaxRetries: maxRetries},
	}
	for _, fault := range []string{"503", "reset"} {
		t.Run(fault+" login alone", func(t *testing.T) {
			url, tokenHits, _ := tokenFailing(t, fault)
			c, _, _ := newTestClient(t, url, auths["login"])
			_, err := c.Login(t.Context(), "ops", "pw")
			if n := tokenHits.Load(); n != maxRetries+1 {
				t.Errorf("%d login attempts, want %d", n, maxRetries+1)
			}
			if !gaveUpAfter(err, 5, url) {
				t.Errorf("got %v, want the attempt count and the endpoint", err)
			}
		})
		for name, cfg := range auths {
			t.Run(fault+" operation with "+name, func(t *testing.T) {
				url, tokenHits, otherHits := tokenFailing(t, fault)
				c, _, _ := newTestClient(t, url, cfg)
				_, err := c.Me(t.Context())
				if n := tokenHits.Load(); n != maxRetries+1 {
					t.Errorf("%d token requests, want %d", n, maxRetries+1)
				}
				if n := otherHits.Load(); n != 0 {
					t.Errorf("%d attempts of the operation without a token", n)
				}
				if err == nil || !strings.HasPrefix(err.Error(), "authenticating: POST ") ||
					!gaveUpAfter(err, 5, url) || strings.Count(err.Error(), "attempts") != 1 {
					t.Errorf("got %v, want one error with the attempt count and the endpoint", err)
				}
			})
		}
	}
}

func TestRefreshIsRetriedAfterALostAnswer(t *testing.T) {
	f := newFakeAuth(t)
	var resets atomic.Int32
	srv := serve(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/auth/refresh" && resets.Add(1) <= 2 {
			hijackAndClose(t, w)
			return
		}
		f.ServeHTTP(w, r)
	}))
	c, _, _ := newTestClient(t, srv.URL, Config{Username: f.username, Password: f.password, MaxRetries: 2})
	c.now, c.sleep = f.clock.now, f.clock.sleep
	if _, err := c.Me(t.Context()); err != nil {
		t.Fatal(err)
	}
	f.revokeAll()
	if _, err := c.Me(t.Context()); err != nil {
		t.Fatal(err)
	}
	if n := resets.Load(); n != 3 {
		t.Errorf("%d refresh attempts, want 3", n)
	}
	if logins, refreshes, _ := f.counts(); logins != 1 || refreshes != 1 {
		t.Errorf("%d logins and %d refreshes answered, want 1 and 1", logins, refreshes)
	}
}

// With the retries the provider allows by default (10) and the client's own
// backoff, a client pointed at a closed port gives up at its first login
// within 10 s: nothing has answered it yet, so a refused connection is
// retried 3 times (waits of 0.25 to 0.5, 0.5 to 1 and 1 to 2 s), not 10.
func TestClosedPortFailsFastNamingTheEndpoint(t *testing.T) {
	endpoint := closedAddress(t)
	logger := &recordingLogger{}
	c, err := New(Config{Endpoint: endpoint, Username: "ops", Password: "pw", MaxRetries: 10, Logger: logger})
	if err != nil {
		t.Fatal(err)
	}
	clock := newFakeClock()
	c.now, c.sleep = clock.now, clock.sleep

	_, err = c.Me(t.Context())
	const hint = ": nothing has answered there yet: check endpoint, and that the server is running)"
	if !errors.Is(err, syscall.ECONNREFUSED) ||
		!strings.HasSuffix(err.Error(), "(gave up after 4 attempts to "+endpoint+hint) || strings.Count(err.Error(), "attempts") != 1 {
		t.Fatalf("got %v, want one refused-connection error naming %s, 4 attempts and what to check", err, endpoint)
	}
	if n := len(logger.requests()); n != 4 {
		t.Errorf("%d attempts, want 4", n)
	}
	var waited time.Duration
	for _, d := range clock.slept() {
		waited += d
	}
	if waited > 3500*time.Millisecond {
		t.Errorf("waited %s in all (%v), want at most 3.5s", waited, clock.slept())
	}
}

// Once the endpoint has answered, a refused connection is a server
// restarting: it gets every retry max_retries allows.
func TestRefusedConnectionsAfterAnAnswerGetEveryRetry(t *testing.T) {
	url := answers(t, firstThen("down", "201"))
	c, _, logger := newTestClient(t, url, Config{Token: "t", MaxRetries: 10})
	if err := callWith(c, http.MethodGet); err == nil {
		t.Fatal("no error: the test proves nothing")
	}
	if n := len(logger.requests()); n != 4 {
		t.Fatalf("%d attempts before any answer, want 4", n)
	}
	c.answered.Store(true) // as after any answer
	err := callWith(c, http.MethodGet)
	if !errors.Is(err, syscall.ECONNREFUSED) || !gaveUpAfter(err, 11, url) || strings.Contains(err.Error(), "nothing has answered") {
		t.Errorf("got %v, want a refused connection after 11 attempts", err)
	}
}

// An answer, whatever its status, is what lifts the limit of unansweredRetries.
func TestAnyAnswerCountsAsAnswered(t *testing.T) {
	url, _ := failing(t, 404, nil)
	c, _, _ := newTestClient(t, url, Config{Token: "t"})
	if c.answered.Load() {
		t.Fatal("answered before any request")
	}
	_ = callWith(c, http.MethodGet)
	if !c.answered.Load() {
		t.Error("a 404 did not count as an answer")
	}
}

// After a 401 the call is resent with a renewed token, within the attempts
// it has left; it still gets one when none are left.
func TestResendAfterRenewalCountsTowardsTheAttempts(t *testing.T) {
	f := newFakeAuth(t)
	c, logger := f.client(Config{Username: f.username, Password: f.password})
	if _, err := c.Me(t.Context()); err != nil {
		t.Fatal(err)
	}
	f.revokeAll()
	if _, err := c.Me(t.Context()); err != nil {
		t.Fatalf("with max_retries = 0, a 401 is still renewed once: %v", err)
	}
	var attempts []any
	for _, line := range logger.requests() {
		if line.fields["path"] == "/auth/me" {
			attempts = append(attempts, line.fields["attempt"])
		}
	}
	if len(attempts) != 3 || attempts[1] != 1 || attempts[2] != 2 {
		t.Errorf("attempts of GET /auth/me %v, want [1 1 2]", attempts)
	}
}
