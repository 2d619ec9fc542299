package client

import (
	"context"
	"net/http"
	"reflect"
	"strings"
	"sync"
	"testing"
	"time"
)

func TestStaticToken401IsAnError(t *testing.T) {
	f := newFakeAuth(t)
	c, logger := f.client(Config{Token: "static-token-Secret-3"})
	_, err := c.Me(t.Context())
	if !IsUnauthorized(err) {
		t.Fatalf("got %v, want a 401", err)
	}
	if logins, refreshes, oauth := f.counts(); logins+refreshes+oauth != 0 {
		t.Errorf("a static token was renewed: %d logins, %d refreshes, %d oauth", logins, refreshes, oauth)
	}
	if n := len(logger.requests()); n != 1 {
		t.Errorf("%d requests, want 1", n)
	}
}

func TestLoginTokenIsCachedForTheProcess(t *testing.T) {
	f := newFakeAuth(t)
	c, _ := f.client(f.loginConfig())
	for range 5 {
		if _, err := c.Me(t.Context()); err != nil {
			t.Fatal(err)
		}
	}
	if logins, refreshes, _ := f.counts(); logins != 1 || refreshes != 0 {
		t.Errorf("%d logins and %d refreshes, want 1 and 0", logins, refreshes)
	}
}

func TestWrongLoginIsAClearError(t *testing.T) {
	f := newFakeAuth(t)
	c, _ := f.client(Config{Username: "ops", Password: "wrong-password"})
	_, err := c.Me(t.Context())
	if !IsUnauthorized(err) || !strings.Contains(err.Error(), "authenticating: POST /auth/login: 401 invalid-credentials") {
		t.Fatalf("got %v", err)
	}
}

func TestConcurrent401sCauseOneRefresh(t *testing.T) {
	for _, kind := range []string{"login", "client credentials"} {
		t.Run(kind, func(t *testing.T) {
			f := newFakeAuth(t)
			cfg := f.loginConfig()
			if kind != "login" {
				cfg = f.clientConfig()
			}
			c, _ := f.client(cfg)
			if _, err := c.Me(t.Context()); err != nil {
				t.Fatal(err)
			}
			const callers = 10
			f.revokeAll()
			f.mu.Lock()
			f.hold401 = callers
			f.mu.Unlock()

			var wg sync.WaitGroup
			errs := make([]error, callers)
			for i := range callers {
				wg.Go(func() { _, errs[i] = c.Me(t.Context()) })
			}
			wg.Wait()
			for i, err := range errs {
				if err != nil {
					t.Errorf("caller %d: %v", i, err)
				}
			}
			logins, refreshes, oauth := f.counts()
			if kind == "login" && (logins != 1 || refreshes != 1) {
				t.Errorf("%d logins and %d refreshes, want 1 and 1", logins, refreshes)
			}
			if kind != "login" && oauth != 2 {
				t.Errorf("%d token requests, want 2", oauth)
			}
		})
	}
}

func TestRefreshAheadOfExpiryHappensBeforeTheRequest(t *testing.T) {
	f := newFakeAuth(t)
	c, _ := f.client(f.loginConfig())
	if _, err := c.Me(t.Context()); err != nil {
		t.Fatal(err)
	}
	f.clock.advance(58 * time.Minute) // 2 minutes left of an hour: still fresh.
	if _, err := c.Me(t.Context()); err != nil {
		t.Fatal(err)
	}
	f.clock.advance(90 * time.Second) // 30 s left: renewed first.
	if _, err := c.Me(t.Context()); err != nil {
		t.Fatal(err)
	}
	want := []string{"login", "me login-access-1", "me login-access-1", "refresh", "me refreshed-access-2"}
	if got := f.log(); !reflect.DeepEqual(got, want) {
		t.Errorf("server saw %q\nwant %q", got, want)
	}
}

func TestShortLivedTokenRenewsAtATenthOfItsLifetime(t *testing.T) {
	f := newFakeAuth(t)
	f.lifetime = 30 * time.Second
	c, _ := f.client(f.clientConfig())
	if _, err := c.Me(t.Context()); err != nil {
		t.Fatal(err)
	}
	f.clock.advance(26 * time.Second) // 4 s left > 3 s: still fresh.
	if _, err := c.Me(t.Context()); err != nil {
		t.Fatal(err)
	}
	f.clock.advance(2 * time.Second) // 2 s left: renewed first.
	if _, err := c.Me(t.Context()); err != nil {
		t.Fatal(err)
	}
	want := []string{"oauth", "me cc-access-1", "me cc-access-1", "oauth", "me cc-access-2"}
	if got := f.log(); !reflect.DeepEqual(got, want) {
		t.Errorf("server saw %q\nwant %q", got, want)
	}
}

func TestRefusedRefreshFallsBackToLogin(t *testing.T) {
	f := newFakeAuth(t)
	c, _ := f.client(f.loginConfig())
	if _, err := c.Me(t.Context()); err != nil {
		t.Fatal(err)
	}
	f.revokeAll()
	f.mu.Lock()
	f.refreshStatus = 401
	f.mu.Unlock()
	if _, err := c.Me(t.Context()); err != nil {
		t.Fatal(err)
	}
	want := []string{"login", "me login-access-1", "me login-access-1", "refresh", "login", "me login-access-2"}
	if got := f.log(); !reflect.DeepEqual(got, want) {
		t.Errorf("server saw %q\nwant %q", got, want)
	}
}

func TestFailedRefreshOtherThan401IsReturned(t *testing.T) {
	f := newFakeAuth(t)
	c, _ := f.client(f.loginConfig())
	if _, err := c.Me(t.Context()); err != nil {
		t.Fatal(err)
	}
	f.revokeAll()
	f.mu.Lock()
	f.refreshStatus = 500
	f.mu.Unlock()
	_, err := c.Me(t.Context())
	if e, ok := AsAPIError(err); !ok || e.Status != 500 || e.Path != "/auth/refresh" {
		t.Fatalf("got %v, want the refresh's 500", err)
	}
	if logins, _, _ := f.counts(); logins != 1 {
		t.Errorf("%d logins, want 1", logins)
	}
}

func TestA401AfterRenewalIsReturned(t *testing.T) {
	f := newFakeAuth(t)
	srv := serve(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/auth/me" {
			writeError(w, 401, "invalid-access-token", "never valid")
			return
		}
		f.ServeHTTP(w, r)
	}))
	c, _, _ := newTestClient(t, srv.URL, f.loginConfig())
	_, err := c.Me(t.Context())
	if !IsUnauthorized(err) {
		t.Fatalf("got %v, want a 401", err)
	}
	if logins, refreshes, _ := f.counts(); logins != 1 || refreshes != 1 {
		t.Errorf("%d logins and %d refreshes, want 1 and 1", logins, refreshes)
	}
}

func TestClientCredentialsFetchAndRefetchOn401(t *testing.T) {
	f := newFakeAuth(t)
	cfg := f.clientConfig()
	cfg.Scopes = []string{"admin", "read"}
	c, _ := f.client(cfg)
	for range 3 {
		if _, err := c.Me(t.Context()); err != nil {
			t.Fatal(err)
		}
	}
	f.revokeAll()
	if _, err := c.Me(t.Context()); err != nil {
		t.Fatal(err)
	}
	want := []string{"oauth", "me cc-access-1", "me cc-access-1", "me cc-access-1", "me cc-access-1", "oauth", "me cc-access-2"}
	if got := f.log(); !reflect.DeepEqual(got, want) {
		t.Errorf("server saw %q\nwant %q", got, want)
	}
	if !reflect.DeepEqual(f.scopes, []string{"admin read", "admin read"}) {
		t.Errorf("scopes sent %q", f.scopes)
	}
}

func TestWrongClientSecretIsAnAPIError(t *testing.T) {
	f := newFakeAuth(t)
	c, _ := f.client(Config{ClientID: "ci", ClientSecret: "wrong", MaxRetries: 3})
	_, err := c.Me(t.Context())
	e, ok := AsAPIError(err)
	if !ok || e.Status != 401 || e.ID != "invalid_client" || e.Path != "/oauth/token" {
		t.Fatalf("got %v", err)
	}
	const want = "authenticating: POST /oauth/token: 401 invalid_client: unknown client or wrong secret"
	if err.Error() != want {
		t.Errorf("error %q\nwant  %q", err, want)
	}
	if _, _, oauth := f.counts(); oauth != 1 {
		t.Errorf("%d token requests, want 1 (a 401 is not retried)", oauth)
	}
}

func TestTokenEndpointIsRetriedOn503(t *testing.T) {
	f := newFakeAuth(t)
	var mu sync.Mutex
	unavailable := 2
	srv := serve(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		fail := r.URL.Path == "/oauth/token" && unavailable > 0
		if fail {
			unavailable--
		}
		mu.Unlock()
		if fail {
			w.Header().Set("Retry-After", "3")
			writeError(w, 503, "unavailable", "later")
			return
		}
		f.ServeHTTP(w, r)
	}))
	c, clock, _ := newTestClient(t, srv.URL, Config{ClientID: f.clientID, ClientSecret: f.secret, MaxRetries: 4})
	if _, err := c.Me(t.Context()); err != nil {
		t.Fatal(err)
	}
	if got := clock.slept(); !reflect.DeepEqual(got, []time.Duration{3 * time.Second, 3 * time.Second}) {
		t.Errorf("waits %v, want two of 3s", got)
	}
}

func TestStandaloneLoginAndLogoutLeaveTheCachedTokenAlone(t *testing.T) {
	f := newFakeAuth(t)
	var mu sync.Mutex
	var logoutTokens []string
	srv := serve(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/auth/logout" {
			mu.Lock()
			logoutTokens = append(logoutTokens, r.Header.Get("Authorization"))
			mu.Unlock()
			w.WriteHeader(http.StatusNoContent)
			return
		}
		f.ServeHTTP(w, r)
	}))
	c, _, _ := newTestClient(t, srv.URL, f.loginConfig())
	c.now = f.clock.now
	if _, err := c.Me(t.Context()); err != nil {
		t.Fatal(err)
	}
	pair, err := c.Login(t.Context(), f.username, f.password)
	if err != nil {
		t.Fatal(err)
	}
	if pair.Token != "login-access-2" || pair.RefreshToken != "login-refresh-2" || !pair.ExpiresAt.Equal(f.clock.now().Add(time.Hour)) {
		t.Errorf("pair %+v", pair)
	}
	if err := c.Logout(t.Context(), pair.Token); err != nil {
		t.Fatal(err)
	}
	if _, err := c.Me(t.Context()); err != nil {
		t.Fatal(err)
	}
	if got := f.log(); got[len(got)-1] != "me login-access-1" {
		t.Errorf("the cached token changed: %q", got)
	}
	if !reflect.DeepEqual(logoutTokens, []string{"Bearer login-access-2"}) {
		t.Errorf("logout presented %q", logoutTokens)
	}
	if err := c.Logout(t.Context(), ""); err == nil {
		t.Error("Logout accepted an empty token")
	}
	if _, err := c.Login(t.Context(), f.username, "wrong"); !IsUnauthorized(err) {
		t.Errorf("wrong login: %v", err)
	}
}

func TestWaitingForARenewalEndsWithTheContext(t *testing.T) {
	f := newFakeAuth(t)
	c, _ := f.client(f.loginConfig())
	c.auth.sem <- struct{}{} // a renewal under way
	ctx, cancel := context.WithCancel(t.Context())
	cancel()
	if _, err := c.Me(ctx); err == nil {
		t.Fatal("no error")
	}
	<-c.auth.sem
	if _, err := c.Me(t.Context()); err != nil {
		t.Fatal(err)
	}
}
