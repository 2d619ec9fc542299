package server

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"golang.org/x/time/rate"

	"github.com/adminapi/terraform-provider-adminapi/internal/api"
)

// fakeClock is a clock that moves only when told to.
type fakeClock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *fakeClock) now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *fakeClock) advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
}

// installClock makes the server's rate and login limits read a fake clock,
// which it answers.
func (a *testAPI) installClock() *fakeClock {
	clock := &fakeClock{t: time.Now()}
	for _, l := range []*limiter{a.srv.limiter, a.srv.logins.byUsername, a.srv.logins.byAddress, a.srv.logins.byClient} {
		if l != nil {
			l.now = clock.now
		}
	}
	return clock
}

// from does rq, through the OpenAPI validator, as a client at the address
// addr; ctx bounds it.
func (a *testAPI) from(ctx context.Context, addr string, rq req) resp {
	a.t.Helper()
	r, _ := a.request(rq)
	r = r.WithContext(ctx)
	if r.Body == nil {
		r.Body = http.NoBody
	}
	r.RemoteAddr = addr
	rec := httptest.NewRecorder()
	a.validator.ServeHTTP(rec, r)
	return resp{status: rec.Code, header: rec.Header(), body: rec.Body.Bytes()}
}

func loginReq(username, password string) req {
	return req{method: "POST", path: "/auth/login", body: api.LoginRequest{Username: username, Password: password}}
}

// expectLogin logs in from addr and fails unless the answer has the status
// (and, for 429, the Retry-After and error id).
func (a *testAPI) expectLogin(addr, username, password string, status int, retryAfter string) {
	a.t.Helper()
	r := a.from(a.t.Context(), addr, loginReq(username, password))
	if r.status != status {
		a.t.Fatalf("login %s from %s: %d, want %d; body: %s", username, addr, r.status, status, r.body)
	}
	if status != http.StatusTooManyRequests {
		return
	}
	if got := r.header.Get("Retry-After"); got != retryAfter {
		a.t.Errorf("login %s from %s: Retry-After %q, want %q", username, addr, got, retryAfter)
	}
	var env api.ErrorEnvelope
	if err := json.Unmarshal(r.body, &env); err != nil || env.Error.ID != api.ErrTooManyRequests {
		a.t.Errorf("login %s from %s: 429 body %s", username, addr, r.body)
	}
}

func TestFailedLoginsAreLimitedPerUsername(t *testing.T) {
	a := newTestAPI(t, func(c *Config) {
		c.LoginLimit = LoginLimit{FailuresPerUsername: 3, FailuresPerAddress: 100, Window: time.Minute}
	})
	clock := a.installClock()
	a.adminWith("alice", api.Permissions{})
	const here, there = "192.0.2.1:4000", "192.0.2.2:4000"
	for range 3 {
		a.expectLogin(here, "alice", "wrong-password", http.StatusUnauthorized, "")
	}
	a.expectLogin(here, "alice", "password-alice", http.StatusTooManyRequests, "20")
	a.expectLogin(there, "alice", "password-alice", http.StatusTooManyRequests, "20")
	a.expectLogin(here, rootUser, rootPassword, http.StatusOK, "")

	clock.advance(20 * time.Second) // one try back
	a.expectLogin(there, "alice", "wrong-password", http.StatusUnauthorized, "")
	a.expectLogin(there, "alice", "password-alice", http.StatusTooManyRequests, "20")

	clock.advance(time.Minute) // every try back
	a.expectLogin(here, "alice", "password-alice", http.StatusOK, "")
	a.expectLogin(here, "alice", "password-alice", http.StatusOK, "")
	for range 3 {
		a.expectLogin(here, "alice", "wrong-password", http.StatusUnauthorized, "")
	}
	a.expectLogin(here, "alice", "password-alice", http.StatusTooManyRequests, "20")
}

func TestFailedLoginsAreLimitedPerAddress(t *testing.T) {
	a := newTestAPI(t, func(c *Config) {
		c.LoginLimit = LoginLimit{FailuresPerUsername: 100, FailuresPerAddress: 3, Window: 30 * time.Second}
	})
	clock := a.installClock()
	for _, addrs := range [][2]string{
		{"198.51.100.7:1", "198.51.100.8:1"},
		{"[2001:db8::1]:1", "[2001:db8:0:1::1]:1"}, // an IPv6 client is its /64
	} {
		here, there := addrs[0], addrs[1]
		for _, ghost := range []string{"ghost-1", "ghost-2", "ghost-3"} {
			a.expectLogin(here, ghost, "any-password", http.StatusUnauthorized, "")
		}
		a.expectLogin(here, rootUser, rootPassword, http.StatusTooManyRequests, "10")
		a.expectLogin(there, rootUser, rootPassword, http.StatusOK, "")
	}
	a.expectLogin("[2001:db8::ffff]:1", rootUser, rootPassword, http.StatusTooManyRequests, "10")
	clock.advance(30 * time.Second)
	a.expectLogin("198.51.100.7:1", rootUser, rootPassword, http.StatusOK, "")
}

// TestDefaultLoginLimit: on by default, ten failures per username; any
// number of successful logins.
func TestDefaultLoginLimit(t *testing.T) {
	a := newTestAPI(t)
	const addr = "203.0.113.5:1"
	for range 30 {
		a.expectLogin(addr, rootUser, rootPassword, http.StatusOK, "")
	}
	for range 10 {
		a.expectLogin(addr, rootUser, "wrong-password", http.StatusUnauthorized, "")
	}
	a.expectLogin(addr, rootUser, rootPassword, http.StatusTooManyRequests, "6")
}

// TestConcurrentFailedLoginsStayWithinTheLimit: a try is counted before its
// password is checked, so parallel tries cannot overrun the limit.
func TestConcurrentFailedLoginsStayWithinTheLimit(t *testing.T) {
	a := newTestAPI(t, func(c *Config) { c.LoginLimit = LoginLimit{FailuresPerUsername: 3} })
	statuses := make(chan int, 12)
	var wg sync.WaitGroup
	for range cap(statuses) {
		wg.Go(func() { statuses <- a.from(t.Context(), "192.0.2.9:1", loginReq(rootUser, "wrong-password")).status })
	}
	wg.Wait()
	close(statuses)
	counts := map[int]int{}
	for s := range statuses {
		counts[s]++
	}
	if counts[http.StatusUnauthorized] != 3 || counts[http.StatusTooManyRequests] != 9 {
		t.Errorf("answers %v, want 3 × 401 and 9 × 429", counts)
	}
}

// TestLimitsComeBeforeAuthenticationWork: a request past the rate limit, or
// a login past the failed-login limit, is refused without reading the
// store (whose only connection the test holds) and without checking a
// password; a garbage token counts against its address.
func TestLimitsComeBeforeAuthenticationWork(t *testing.T) {
	a := newTestAPI(t, func(c *Config) {
		c.RateLimit = RateLimit{RequestsPerSecond: 0.01, Burst: 2}
		c.LoginLimit = LoginLimit{FailuresPerUsername: 1}
	})
	const addr = "192.0.2.30:1"
	a.from(t.Context(), "192.0.2.31:1", loginReq(rootUser, "wrong-password"))
	for range 2 {
		if r := a.from(t.Context(), addr, req{method: "GET", path: "/auth/me", token: a.root}); r.status != http.StatusOK {
			t.Fatalf("GET /auth/me: %d %s", r.status, r.body)
		}
		if r := a.from(t.Context(), addr, req{method: "GET", path: "/auth/me", token: "garbage"}); r.status != http.StatusUnauthorized {
			t.Fatalf("GET /auth/me with garbage: %d %s", r.status, r.body)
		}
	}
	conn, err := a.srv.db.Conn(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	defer func() { _ = conn.Close() }()
	waits := a.srv.db.Stats().WaitCount
	for _, rq := range []struct {
		addr string
		req  req
	}{
		{addr, req{method: "GET", path: "/auth/me", token: a.root}},
		{"192.0.2.32:1", req{method: "GET", path: "/users", token: a.root}},
		{addr, req{method: "GET", path: "/auth/me", token: "garbage"}},
		{addr, req{method: "GET", path: "/auth/me", token: a.root + "x"}},
		{"192.0.2.33:1", loginReq(rootUser, rootPassword)},
	} {
		ctx, cancel := context.WithTimeout(t.Context(), 300*time.Millisecond)
		r := a.from(ctx, rq.addr, rq.req)
		cancel()
		if r.status != http.StatusTooManyRequests || r.header.Get("Retry-After") == "" {
			t.Errorf("%s %s from %s: %d %s, want 429 with Retry-After", rq.req.method, rq.req.path, rq.addr, r.status, r.body)
		}
	}
	if got := a.srv.db.Stats().WaitCount; got != waits {
		t.Errorf("limited requests waited %d times for the store", got-waits)
	}
}

// TestConcurrentCorrectLoginsAllSucceed: only failures count, so any number
// of correct logins at once succeed (parallel pipeline jobs sharing one
// admin user), also beside wrong ones while the limit is not reached.
func TestConcurrentCorrectLoginsAllSucceed(t *testing.T) {
	a := newTestAPI(t, func(c *Config) { c.LoginLimit = LoginLimit{FailuresPerUsername: 2, FailuresPerAddress: 2} })
	statuses := parallel(30, func(int) int {
		return a.from(t.Context(), "192.0.2.50:1", loginReq(rootUser, rootPassword)).status
	})
	if counts := countStatuses(statuses); counts[http.StatusOK] != 30 {
		t.Errorf("30 correct logins at once answered %v, want 30 × 200", counts)
	}
	statuses = parallel(30, func(i int) int {
		password := rootPassword
		if i == 0 {
			password = "wrong-password"
		}
		return a.from(t.Context(), "192.0.2.51:1", loginReq(rootUser, password)).status
	})
	if counts := countStatuses(statuses); counts[http.StatusOK] != 29 || counts[http.StatusUnauthorized] != 1 {
		t.Errorf("29 correct logins beside one wrong answered %v, want 29 × 200 and 1 × 401", counts)
	}
}

// TestConcurrentMixedLoginsStayWithinTheLimit: wrong passwords sent at once
// among correct ones never count past the limit: exactly the limit's
// failures are checked, and every correct login checked before the limit
// is reached succeeds.
func TestConcurrentMixedLoginsStayWithinTheLimit(t *testing.T) {
	a := newTestAPI(t, func(c *Config) { c.LoginLimit = LoginLimit{FailuresPerUsername: 3} })
	statuses := parallel(40, func(i int) int {
		password := rootPassword
		if i%2 == 0 {
			password = "wrong-password"
		}
		r := a.from(t.Context(), "192.0.2.52:1", loginReq(rootUser, password))
		if password == rootPassword && r.status == http.StatusUnauthorized {
			t.Errorf("a correct login answered 401: %s", r.body)
		}
		return r.status
	})
	if counts := countStatuses(statuses); counts[http.StatusUnauthorized] != 3 || counts[http.StatusOK]+counts[http.StatusTooManyRequests] != 37 {
		t.Errorf("answers %v, want exactly 3 × 401, the rest 200 or 429", counts)
	}
	a.expectLogin("192.0.2.52:1", rootUser, rootPassword, http.StatusTooManyRequests, "20")
}

func TestLoginLimitSwitchedOff(t *testing.T) {
	a := newTestAPI(t, func(c *Config) { c.LoginLimit = LoginLimit{FailuresPerUsername: -1, FailuresPerAddress: -1} })
	for range 15 {
		a.expectLogin("192.0.2.40:1", rootUser, "wrong-password", http.StatusUnauthorized, "")
	}
	a.expectLogin("192.0.2.40:1", rootUser, rootPassword, http.StatusOK, "")
}

// TestLoginFieldLengths: the document and the server both take a login
// username and password of 1 to 256 characters; the server's 400 names
// the field.
func TestLoginFieldLengths(t *testing.T) {
	a := newTestAPI(t)
	long := strings.Repeat("a", 257)
	for _, c := range []struct{ field, username, password string }{
		{"username", "", rootPassword},
		{"password", rootUser, ""},
		{"username", long, rootPassword},
		{"password", rootUser, long},
	} {
		rq := loginReq(c.username, c.password)
		if err := a.breaksDocument(rq); err == nil {
			t.Errorf("a login with a %s of the wrong length passes the document", c.field)
		}
		rq.invalid = true
		e := a.fail(rq, http.StatusBadRequest, api.ErrInvalidParametersFormat)
		if _, ok := e.Data[c.field]; !ok || len(e.Data) != 1 {
			t.Errorf("login with a bad %s: 400 data %v, want the field named", c.field, e.Data)
		}
	}
	a.expectLogin("192.0.2.60:1", rootUser, strings.Repeat("x", 256), http.StatusUnauthorized, "")
}

// TestHoldWaitsForTriesInFlight: a try finding the last token held waits
// for that try's end: a success gives the token back, a failure spends it
// (then the waiting try is refused with the wait); a try whose context
// ends while it waits gives up.
func TestHoldWaitsForTriesInFlight(t *testing.T) {
	l := newBuckets(rate.Every(time.Minute), 1)
	clock := &fakeClock{t: time.Now()}
	l.now = clock.now
	first, _, err := l.hold(t.Context(), "k")
	if first == nil || err != nil {
		t.Fatalf("first hold: %v", err)
	}
	ctx, cancel := context.WithTimeout(t.Context(), 50*time.Millisecond)
	defer cancel()
	if end, _, err := l.hold(ctx, "k"); end != nil || err == nil {
		t.Fatalf("a hold while the token is held answered %v without waiting", err)
	}
	got := make(chan func(bool))
	go func() {
		end, _, _ := l.hold(t.Context(), "k")
		got <- end
	}()
	time.Sleep(20 * time.Millisecond)
	first(false) // a success: the waiting try gets the token
	second := <-got
	if second == nil {
		t.Fatal("the waiting try was refused after a success")
	}
	go func() {
		end, wait, _ := l.hold(t.Context(), "k")
		if end != nil || wait != time.Minute {
			t.Errorf("after a failure: end %v, wait %s, want a refusal of 1m", end != nil, wait)
		}
		close(got)
	}()
	time.Sleep(20 * time.Millisecond)
	second(true) // a failure spends the only token
	<-got
}
