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
			if err == nil || !strings.HasSuffix(err.Error(), "(gave up after 5 attempts to "+url+")") {
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
					!strings.HasSuffix(err.Error(), "(gave up after 5 attempts to "+url+")") || strings.Count(err.Error(), "attempts") != 1 {
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

// With the defaults the provider uses (max_retries = 4) and the client's own
// backoff, a client pointed at a closed port gives up within 10 s.
func TestClosedPortFailsFastNamingTheEndpoint(t *testing.T) {
	endpoint := closedAddress(t)
	logger := &recordingLogger{}
	c, err := New(Config{Endpoint: endpoint, Username: "ops", Password: "pw", MaxRetries: 4, Logger: logger})
	if err != nil {
		t.Fatal(err)
	}
	clock := newFakeClock()
	c.now, c.sleep = clock.now, clock.sleep

	_, err = c.Me(t.Context())
	if !errors.Is(err, syscall.ECONNREFUSED) || !strings.Contains(err.Error(), endpoint) ||
		!strings.HasSuffix(err.Error(), "(gave up after 5 attempts to "+endpoint+")") || strings.Count(err.Error(), "attempts") != 1 {
		t.Fatalf("got %v, want one refused-connection error naming %s and 5 attempts", err, endpoint)
	}
	if n := len(logger.requests()); n != 5 {
		t.Errorf("%d attempts, want 5", n)
	}
	var waited time.Duration
	for _, d := range clock.slept() {
		waited += d
	}
	if waited >= 10*time.Second {
		t.Errorf("waited %s in all (%v), want less than 10s", waited, clock.slept())
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
