package server

import (
	"encoding/json"
	"net/http"
	"net/url"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/adminapi/terraform-provider-adminapi/internal/api"
)

const (
	limitedClient       = "pipeline"
	limitedClientSecret = "pipeline-secret-1"
)

// newClientAPI starts a server with the API clients pipeline and other
// (secret other-secret-1) and the login limit ll.
func newClientAPI(t *testing.T, ll LoginLimit) (*testAPI, *fakeClock) {
	t.Helper()
	a := newTestAPI(t, func(c *Config) {
		for id, secret := range map[string]string{limitedClient: limitedClientSecret, "other": "other-secret-1"} {
			hash, err := bcryptHash(secret)
			if err != nil {
				t.Fatal(err)
			}
			c.Clients = append(c.Clients, APIClient{ID: id, SecretHash: hash, Permissions: api.Permissions{Accounts: []string{"read"}}})
		}
		c.LoginLimit = ll
	})
	return a, a.installClock()
}

func grantReq(clientID, secret string) req {
	return req{method: "POST", path: "/oauth/token", contentType: "application/x-www-form-urlencoded",
		body: url.Values{"grant_type": {"client_credentials"}, "client_id": {clientID}, "client_secret": {secret}}.Encode()}
}

// countSecretChecks counts the client secrets compared with their hash
// until the test ends.
func countSecretChecks(t *testing.T) *atomic.Int64 {
	var n atomic.Int64
	prev := compareClientSecret
	compareClientSecret = func(hash, secret []byte) error {
		n.Add(1)
		return prev(hash, secret)
	}
	t.Cleanup(func() { compareClientSecret = prev })
	return &n
}

// expectGrant asks for a client token from addr and fails unless the
// answer has the status; a 429 must carry the Retry-After and an RFC 6749
// error body.
func (a *testAPI) expectGrant(addr, clientID, secret string, status int, retryAfter string) {
	a.t.Helper()
	r := a.from(a.t.Context(), addr, grantReq(clientID, secret))
	if r.status != status {
		a.t.Fatalf("grant of %s from %s: %d, want %d; body: %s", clientID, addr, r.status, status, r.body)
	}
	if status != http.StatusTooManyRequests {
		return
	}
	if got := r.header.Get("Retry-After"); got != retryAfter {
		a.t.Errorf("grant of %s from %s: Retry-After %q, want %q", clientID, addr, got, retryAfter)
	}
	var e api.OAuthError
	if err := json.Unmarshal(r.body, &e); err != nil || e.Error != "slow_down" || e.ErrorDescription == "" {
		a.t.Errorf("grant of %s from %s: 429 body %s, want an RFC 6749 error slow_down", clientID, addr, r.body)
	}
}

// TestFailedClientSecretsAreLimitedPerClient: past the failures of a
// client_id, /oauth/token answers 429 whatever the secret and from any
// address, without comparing the secret; other clients are not affected.
func TestFailedClientSecretsAreLimitedPerClient(t *testing.T) {
	a, clock := newClientAPI(t, LoginLimit{FailuresPerClient: 3, FailuresPerAddress: 100, Window: time.Minute})
	checks := countSecretChecks(t)
	const here, there = "192.0.2.70:1", "192.0.2.71:1"
	for range 3 {
		a.expectGrant(here, limitedClient, "wrong-secret", http.StatusUnauthorized, "")
	}
	before := checks.Load()
	a.expectGrant(here, limitedClient, limitedClientSecret, http.StatusTooManyRequests, "20")
	a.expectGrant(there, limitedClient, "wrong-secret", http.StatusTooManyRequests, "20")
	if n := checks.Load() - before; n != 0 {
		t.Errorf("limited grants compared %d secrets, want none", n)
	}
	a.expectGrant(here, "other", "other-secret-1", http.StatusOK, "")

	clock.advance(20 * time.Second) // one try back
	a.expectGrant(there, limitedClient, "wrong-secret", http.StatusUnauthorized, "")
	a.expectGrant(there, limitedClient, limitedClientSecret, http.StatusTooManyRequests, "20")

	clock.advance(time.Minute)
	for range 5 {
		a.expectGrant(here, limitedClient, limitedClientSecret, http.StatusOK, "")
	}
}

// TestFailedClientSecretsAreLimitedPerAddress: unknown client ids count
// against their address, which shares its count with failed logins.
func TestFailedClientSecretsAreLimitedPerAddress(t *testing.T) {
	a, clock := newClientAPI(t, LoginLimit{FailuresPerClient: 100, FailuresPerAddress: 3, Window: 30 * time.Second})
	checks := countSecretChecks(t)
	const here, there = "198.51.100.20:1", "198.51.100.21:1"
	a.expectGrant(here, "ghost-1", "any-secret", http.StatusUnauthorized, "")
	a.expectGrant(here, limitedClient, "wrong-secret", http.StatusUnauthorized, "")
	a.expectLogin(here, "ghost-2", "any-password", http.StatusUnauthorized, "")
	before := checks.Load()
	a.expectGrant(here, limitedClient, limitedClientSecret, http.StatusTooManyRequests, "10")
	a.expectGrant(here, "ghost-3", "any-secret", http.StatusTooManyRequests, "10")
	a.expectLogin(here, rootUser, rootPassword, http.StatusTooManyRequests, "10")
	if n := checks.Load() - before; n != 0 {
		t.Errorf("limited grants compared %d secrets, want none", n)
	}
	a.expectGrant(there, limitedClient, limitedClientSecret, http.StatusOK, "")
	clock.advance(30 * time.Second)
	a.expectGrant(here, limitedClient, limitedClientSecret, http.StatusOK, "")
}

// TestDefaultClientLimit: on by default, ten failures per client_id; any
// number of successful grants, concurrent ones included.
func TestDefaultClientLimit(t *testing.T) {
	a, _ := newClientAPI(t, LoginLimit{})
	const addr = "203.0.113.20:1"
	statuses := parallel(30, func(int) int { return a.from(t.Context(), addr, grantReq(limitedClient, limitedClientSecret)).status })
	if counts := countStatuses(statuses); counts[http.StatusOK] != 30 {
		t.Errorf("30 correct grants at once answered %v, want 30 × 200", counts)
	}
	statuses = parallel(30, func(int) int { return a.from(t.Context(), addr, grantReq(limitedClient, "wrong-secret")).status })
	if counts := countStatuses(statuses); counts[http.StatusUnauthorized] != 10 || counts[http.StatusTooManyRequests] != 20 {
		t.Errorf("30 wrong secrets at once answered %v, want 10 × 401 and 20 × 429", counts)
	}
	a.expectGrant(addr, limitedClient, limitedClientSecret, http.StatusTooManyRequests, "6")
}

func TestClientLimitSwitchedOff(t *testing.T) {
	a, _ := newClientAPI(t, LoginLimit{FailuresPerClient: -1, FailuresPerAddress: -1})
	for range 15 {
		a.expectGrant("192.0.2.80:1", limitedClient, "wrong-secret", http.StatusUnauthorized, "")
	}
	a.expectGrant("192.0.2.80:1", limitedClient, limitedClientSecret, http.StatusOK, "")
}

// TestOAuthFormFieldLengths: over-long client_id, client_secret or scope
// are refused as invalid_request naming the field, without comparing a
// secret.
func TestOAuthFormFieldLengths(t *testing.T) {
	a, _ := newClientAPI(t, LoginLimit{})
	checks := countSecretChecks(t)
	for field, most := range map[string]int{"client_id": api.OAuthClientIDMax, "client_secret": api.OAuthClientSecretMax, "scope": api.OAuthScopeMax} {
		form := url.Values{"grant_type": {"client_credentials"}, "client_id": {limitedClient}, "client_secret": {limitedClientSecret}}
		form.Set(field, strings.Repeat("x", most+1))
		r := a.do(req{method: "POST", path: "/oauth/token", contentType: "application/x-www-form-urlencoded", body: form.Encode(), invalid: true})
		var e api.OAuthError
		if err := json.Unmarshal(r.body, &e); err != nil || r.status != http.StatusBadRequest || e.Error != "invalid_request" || !strings.Contains(e.ErrorDescription, field) {
			t.Errorf("%s of %d bytes: %d %s, want 400 invalid_request naming it", field, most+1, r.status, r.body)
		}
	}
	if n := checks.Load(); n != 0 {
		t.Errorf("%d secrets compared for refused requests", n)
	}
}
