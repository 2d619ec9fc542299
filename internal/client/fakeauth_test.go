package client

import (
	"encoding/json"
	"fmt"
	"net/http"
	"sync"
	"testing"
	"time"
)

// fakeAuth is an API with the three ways to authenticate and one protected
// call, GET /auth/me. Tokens it issues stay valid until revoked.
type fakeAuth struct {
	t        *testing.T
	username string
	password string
	clientID string
	secret   string
	// lifetime of issued tokens, dated by clock.
	lifetime time.Duration
	clock    *fakeClock

	mu          sync.Mutex
	seq         int
	valid       map[string]bool      // access tokens
	expires     map[string]time.Time // access tokens' expiry, by clock
	refreshes   map[string]bool      // refresh tokens
	events      []string             // "login", "refresh", "oauth", "me <token>"
	logins      int
	refreshHits int
	oauthHits   int
	scopes      []string
	// refreshStatus, when set, is answered to /auth/refresh.
	refreshStatus int
	// hold401 makes requests with a refused token wait until this many have
	// arrived (or a deadline), so that they all hold the old token at once.
	hold401 int
	waiting int
	release chan struct{}
}

func newFakeAuth(t *testing.T) *fakeAuth {
	return &fakeAuth{
		t: t, username: "ops", password: "pw-Login-Secret-1", clientID: "ci", secret: "cs-Client-Secret-2",
		lifetime: time.Hour, clock: newFakeClock(),
		valid: map[string]bool{}, expires: map[string]time.Time{}, refreshes: map[string]bool{}, release: make(chan struct{}),
	}
}

func (f *fakeAuth) issue(prefix string) (access, refresh string) {
	f.seq++
	access = fmt.Sprintf("%s-access-%d", prefix, f.seq)
	refresh = fmt.Sprintf("%s-refresh-%d", prefix, f.seq)
	f.valid[access] = true
	f.expires[access] = f.clock.now().Add(f.lifetime)
	f.refreshes[refresh] = true
	return access, refresh
}

// revokeAll makes every token issued so far invalid.
func (f *fakeAuth) revokeAll() {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.valid = map[string]bool{}
}

func (f *fakeAuth) counts() (logins, refreshes, oauth int) {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.logins, f.refreshHits, f.oauthHits
}

func (f *fakeAuth) log() []string {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]string(nil), f.events...)
}

func (f *fakeAuth) pair(w http.ResponseWriter, prefix string) {
	access, refresh := f.issue(prefix)
	body, _ := json.Marshal(map[string]any{
		"token": access, "refresh_token": refresh, "expires_at": f.clock.now().Add(f.lifetime).Format(time.RFC3339),
	})
	writeJSON(w, 200, string(body))
}

func (f *fakeAuth) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	f.mu.Lock()
	defer f.mu.Unlock()
	switch r.URL.Path {
	case "/auth/login":
		f.logins++
		f.events = append(f.events, "login")
		var in struct{ Username, Password string }
		if err := json.NewDecoder(r.Body).Decode(&in); err != nil || in.Username != f.username || in.Password != f.password {
			writeError(w, 401, "invalid-credentials", "wrong username or password")
			return
		}
		f.pair(w, "login")
	case "/auth/refresh":
		f.refreshHits++
		f.events = append(f.events, "refresh")
		if f.refreshStatus != 0 {
			writeError(w, f.refreshStatus, "some-id", "refresh failed")
			return
		}
		if !f.refreshes[bearer(r)] {
			writeError(w, 401, "invalid-access-token", "unknown refresh token")
			return
		}
		delete(f.refreshes, bearer(r))
		f.pair(w, "refreshed")
	case "/oauth/token":
		f.oauthHits++
		f.events = append(f.events, "oauth")
		if err := r.ParseForm(); err != nil || r.PostForm.Get("grant_type") != "client_credentials" ||
			r.PostForm.Get("client_id") != f.clientID || r.PostForm.Get("client_secret") != f.secret {
			writeJSON(w, 401, `{"error":"invalid_client","error_description":"unknown client or wrong secret"}`)
			return
		}
		f.scopes = append(f.scopes, r.PostForm.Get("scope"))
		access, _ := f.issue("cc")
		writeJSON(w, 200, fmt.Sprintf(`{"access_token":%q,"token_type":"Bearer","expires_in":%d}`, access, int(f.lifetime.Seconds())))
	case "/auth/me":
		tok := bearer(r)
		f.events = append(f.events, "me "+tok)
		if exp, ok := f.expires[tok]; ok && !f.clock.now().Before(exp) {
			f.events = append(f.events, "expired "+tok)
			writeError(w, 401, "invalid-access-token", "token expired")
			return
		}
		if !f.valid[tok] {
			f.holdRefused()
			writeError(w, 401, "invalid-access-token", "token expired or revoked")
			return
		}
		writeJSON(w, 200, `{"kind":"admin_user","name":"ops","permissions":{"users":[],"settings":[],"platformUsers":[],"accounts":[]}}`)
	default:
		writeError(w, 404, "unknown-resource", "no such path")
	}
}

// holdRefused is called with f.mu held.
func (f *fakeAuth) holdRefused() {
	if f.hold401 == 0 {
		return
	}
	f.waiting++
	if f.waiting == f.hold401 {
		close(f.release)
		f.hold401 = 0
		return
	}
	f.mu.Unlock()
	select {
	case <-f.release:
	case <-time.After(10 * time.Second):
		f.t.Error("the concurrent callers did not all arrive with the refused token")
	}
	f.mu.Lock()
}

// client returns a client of f authenticating with cfg, sharing f's clock.
func (f *fakeAuth) client(cfg Config) (*Client, *recordingLogger) {
	srv := serve(f.t, f)
	c, _, logger := newTestClient(f.t, srv.URL, cfg)
	c.now, c.sleep = f.clock.now, f.clock.sleep
	return c, logger
}

func (f *fakeAuth) loginConfig() Config {
	return Config{Username: f.username, Password: f.password}
}

func (f *fakeAuth) clientConfig() Config {
	return Config{ClientID: f.clientID, ClientSecret: f.secret}
}
