package server

import (
	"bytes"
	"fmt"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"

	"github.com/adminapi/terraform-provider-adminapi/internal/api"
)

// keyed answers rq with the Idempotency-Key key.
func keyed(rq req, key string) req {
	rq.header = map[string]string{idempotencyHeader: key}
	return rq
}

// sameAnswer fails unless the two answers have the same status, body and
// the headers a replay must repeat.
func sameAnswer(t *testing.T, what string, first, again resp) {
	t.Helper()
	if again.status != first.status || !bytes.Equal(again.body, first.body) {
		t.Errorf("%s: the repeat answered %d %s, the first %d %s", what, again.status, again.body, first.status, first.body)
	}
	for _, h := range []string{"Content-Type", "Location", "Cache-Control"} {
		if again.header.Get(h) != first.header.Get(h) {
			t.Errorf("%s: the repeat's %s is %q, the first's %q", what, h, again.header.Get(h), first.header.Get(h))
		}
	}
}

// total answers the total of a list route; query is "" or ends with "&".
func total(a *testAPI, path, query string) int {
	a.t.Helper()
	var meta api.ListMeta
	a.ok(req{method: "GET", path: path + "?" + query + "limit=1", token: a.root}, 200, &meta)
	return meta.Total
}

// countingFollower is a follower that counts the notifications it gets;
// the first waits for gate, when set, before it is answered.
type countingFollower struct {
	hits    atomic.Int32
	arrived chan struct{}
	gate    chan struct{}
}

func newCountingFollower(t *testing.T, gate chan struct{}) (*countingFollower, *httptest.Server) {
	f := &countingFollower{arrived: make(chan struct{}, 10), gate: gate}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		n := f.hits.Add(1)
		f.arrived <- struct{}{}
		if n == 1 && f.gate != nil {
			<-f.gate
		}
		w.WriteHeader(http.StatusNoContent)
	}))
	t.Cleanup(srv.Close)
	return f, srv
}

// TestRepeatReplaysTheFirstAnswer: on every route that takes a key, a
// repeat answers the first answer again and does not act again.
func TestRepeatReplaysTheFirstAnswer(t *testing.T) {
	follower, fsrv := newCountingFollower(t, nil)
	a := newTestAPI(t, func(c *Config) { c.Followers = []Follower{{URL: fsrv.URL, Role: "core"}} })
	a.ok(req{method: "POST", path: "/platform-users", token: a.root, body: api.CreatePlatformUser{
		Username: "alice", Email: "alice@example.com", LDAP: ptr(true)}}, 201, nil)
	a.ok(req{method: "POST", path: "/roles", token: a.root, body: api.CreateRole{Name: "auditor"}}, 201, nil)
	status := func() string {
		var u api.PlatformUser
		a.ok(req{method: "GET", path: "/platform-users/alice", token: a.root}, 200, &u)
		return u.Status
	}
	for _, c := range []struct {
		rq     req
		status int
		// between runs after the first request; acted tells whether the
		// server acted once, after the repeat.
		between func()
		acted   func() bool
	}{
		{req{method: "POST", path: "/users", body: api.CreateAdminUser{Username: "ops", Password: "password-ops", Permissions: normalized(api.Permissions{})}}, 201,
			nil, func() bool { return total(a, "/users", "") == 2 }},
		{req{method: "POST", path: "/platform-users", body: api.CreatePlatformUser{Username: "bobby", Email: "b@example.com", LDAP: ptr(true)}}, 201,
			nil, func() bool { return total(a, "/platform-users", "") == 2 }},
		{req{method: "POST", path: "/roles", body: api.CreateRole{Name: "viewer"}}, 201,
			nil, func() bool { return total(a, "/roles", "") == 2 }},
		{req{method: "POST", path: "/accounts", body: api.AccountInput{Name: "acme"}}, 201,
			nil, func() bool { return total(a, "/accounts", "") == 1 }},
		{req{method: "POST", path: "/platform-users/alice/roles/auditor"}, 201,
			nil, func() bool { return total(a, "/platform-users", "role=auditor&") == 1 }},
		{req{method: "POST", path: "/platform-users/alice/disable"}, 200,
			func() { a.ok(req{method: "POST", path: "/platform-users/alice/enable", token: a.root}, 200, nil) },
			func() bool { return status() == api.StatusEnabled }},
		{req{method: "POST", path: "/admin/notify", body: api.NotifyRequest{Services: []string{"core"}}}, 200,
			nil, func() bool { return follower.hits.Load() == 1 }},
	} {
		what := c.rq.method + " " + c.rq.path
		c.rq.token = a.root
		first := a.ok(keyed(c.rq, "key-of-"+c.rq.path), c.status, nil)
		if c.between != nil {
			c.between()
		}
		sameAnswer(t, what, first, a.do(keyed(c.rq, "key-of-"+c.rq.path)))
		if !c.acted() {
			t.Errorf("%s: the repeat acted again, or the first did not act", what)
		}
	}
	var n int
	if err := a.srv.db.QueryRow(`SELECT count(*) FROM idempotency_keys`).Scan(&n); err != nil || n != 7 {
		t.Errorf("%d stored answers, want 7: %v", n, err)
	}
}

// TestStoredErrorsReplay: an error answer other than 5xx, 429 and 401 is
// kept too: a repeat answers it again even once the request would succeed.
func TestStoredErrorsReplay(t *testing.T) {
	a := newTestAPI(t)
	assign := keyed(req{method: "POST", path: "/platform-users/alice/roles/auditor", token: a.root}, "k")
	first := a.do(assign)
	if first.status != http.StatusNotFound {
		t.Fatalf("assigning to a missing user answered %d", first.status)
	}
	a.ok(req{method: "POST", path: "/platform-users", token: a.root, body: api.CreatePlatformUser{
		Username: "alice", Email: "alice@example.com", LDAP: ptr(true)}}, 201, nil)
	a.ok(req{method: "POST", path: "/roles", token: a.root, body: api.CreateRole{Name: "auditor"}}, 201, nil)
	sameAnswer(t, "404", first, a.do(assign))
	a.ok(keyed(assign, "another key"), 201, nil)
}

// TestKeyWithAnotherRequestIs422: the same key with another body or path
// is refused and changes nothing; the first request still replays.
func TestKeyWithAnotherRequestIs422(t *testing.T) {
	a := newTestAPI(t)
	role := func(name string) req {
		return keyed(req{method: "POST", path: "/roles", token: a.root, body: api.CreateRole{Name: name}}, "k1")
	}
	first := a.ok(role("viewer"), 201, nil)
	for _, rq := range []req{
		role("editor"),
		keyed(req{method: "POST", path: "/roles", token: a.root, body: `{"name": "viewer"}`}, "k1"),
		keyed(req{method: "POST", path: "/accounts", token: a.root, body: api.AccountInput{Name: "viewer"}}, "k1"),
	} {
		e := a.fail(rq, http.StatusUnprocessableEntity, api.ErrIdempotencyKeyReused)
		if e.Data[idempotencyHeader] == "" {
			t.Errorf("422 does not name the header: %+v", e)
		}
	}
	if n := total(a, "/roles", ""); n != 1 {
		t.Errorf("%d roles after refused requests, want 1", n)
	}
	if n := total(a, "/accounts", ""); n != 0 {
		t.Errorf("%d accounts after a refused request, want 0", n)
	}
	sameAnswer(t, "replay after 422", first, a.do(role("viewer")))
}

// TestRepeatWhileInFlightIs409: a repeat that meets the first request still
// running is 409 conflict with Retry-After: 1; once the first is answered,
// the repeat replays it.
func TestRepeatWhileInFlightIs409(t *testing.T) {
	gate := make(chan struct{})
	follower, fsrv := newCountingFollower(t, gate)
	a := newTestAPI(t, func(c *Config) { c.Followers = []Follower{{URL: fsrv.URL, Role: "core"}} })
	notify := keyed(req{method: "POST", path: "/admin/notify", token: a.root}, "k")
	firstDone := make(chan resp)
	go func() { firstDone <- a.do(notify) }()
	<-follower.arrived

	r := a.do(notify)
	if r.status != http.StatusConflict || decodeInto[api.ErrorEnvelope](t, r).Error.ID != api.ErrConflict ||
		r.header.Get("Retry-After") != "1" {
		t.Errorf("repeat in flight answered %d %s, Retry-After %q", r.status, r.body, r.header.Get("Retry-After"))
	}
	a.ok(keyed(notify, "another key"), 200, nil) // not blocked by the first
	close(gate)
	first := <-firstDone
	sameAnswer(t, "after the first", first, a.do(notify))
	if n := follower.hits.Load(); n != 2 {
		t.Errorf("the followers were notified %d times, want 2", n)
	}
}

// TestKeysArePerCaller: the same key from two callers (admin users, an API
// client) is two keys.
func TestKeysArePerCaller(t *testing.T) {
	hash, err := bcryptHash(clientSecret)
	if err != nil {
		t.Fatal(err)
	}
	a := newTestAPI(t, func(c *Config) {
		c.Clients = []APIClient{{ID: clientID, SecretHash: hash, Permissions: api.Permissions{PlatformUsers: []string{"update"}}}}
	})
	other := a.adminWith("other", api.Permissions{PlatformUsers: []string{"update"}})
	var tok api.OAuthToken
	a.ok(req{method: "POST", path: "/oauth/token", contentType: "application/x-www-form-urlencoded",
		body: "grant_type=client_credentials&client_id=" + clientID + "&client_secret=" + clientSecret}, 200, &tok)
	for i, token := range []string{a.root, other, tok.AccessToken} {
		a.ok(keyed(req{method: "POST", path: "/roles", token: token, body: api.CreateRole{Name: fmt.Sprintf("role-%d", i)}}, "shared"), 201, nil)
	}
	if n := total(a, "/roles", ""); n != 3 {
		t.Errorf("%d roles, want 3", n)
	}
}

// TestRecreatedUserSharesNoKey: an admin user created again under the same
// name is another caller.
func TestRecreatedUserSharesNoKey(t *testing.T) {
	a := newTestAPI(t)
	perms := api.Permissions{PlatformUsers: []string{"update"}}
	role := func(token, name string) req {
		return keyed(req{method: "POST", path: "/roles", token: token, body: api.CreateRole{Name: name}}, "k")
	}
	a.ok(role(a.adminWith("ops", perms), "first"), 201, nil)
	a.ok(req{method: "DELETE", path: "/users/ops", token: a.root}, 204, nil)
	a.ok(role(a.adminWith("ops", perms), "second"), 201, nil)
}

// TestMalformedKeyIs400: a key that is empty, too long, not printable ASCII
// or given twice is refused naming the header, and nothing is created.
func TestMalformedKeyIs400(t *testing.T) {
	a := newTestAPI(t)
	create := req{method: "POST", path: "/roles", token: a.root, body: api.CreateRole{Name: "viewer"}, invalid: true}
	for name, key := range map[string]string{
		"empty": "", "256 characters": strings.Repeat("k", 256), "a tab": "a\tb", "non-ASCII": "clé",
	} {
		e := a.fail(keyed(create, key), http.StatusBadRequest, api.ErrInvalidParametersFormat)
		if e.Data[idempotencyHeader] == "" {
			t.Errorf("%s: 400 does not name the header: %+v", name, e)
		}
	}
	r, _ := a.request(create)
	r.Header.Add(idempotencyHeader, "one")
	r.Header.Add(idempotencyHeader, "two")
	res, err := a.client.Do(r)
	if err != nil {
		t.Fatal(err)
	}
	_ = res.Body.Close()
	if res.StatusCode != http.StatusBadRequest {
		t.Errorf("two keys answered %d, want 400", res.StatusCode)
	}
	if n := total(a, "/roles", ""); n != 0 {
		t.Errorf("%d roles after malformed keys, want 0", n)
	}
	create.invalid = false
	a.ok(keyed(create, strings.Repeat("~", 255)), 201, nil)
	a.ok(keyed(create, "a b!\"#$%&'()*+,-./09:;<=>?@AZ[\\]^_`az{|}~"), 409, nil)
}

// TestKeyIgnoredOnTokensAndPasswords: login, refresh, token grant and
// reset-password ignore the key, malformed or not: their answers, new
// secrets, are never stored nor replayed.
func TestKeyIgnoredOnTokensAndPasswords(t *testing.T) {
	hash, err := bcryptHash(clientSecret)
	if err != nil {
		t.Fatal(err)
	}
	a := newTestAPI(t, func(c *Config) { c.Clients = []APIClient{{ID: clientID, SecretHash: hash}} })
	a.adminWith("ops", api.Permissions{})
	a.ok(keyed(req{method: "POST", path: "/auth/refresh", token: a.login("ops", "password-ops").RefreshToken, invalid: true}, ""), 200, nil)
	grant := req{method: "POST", path: "/oauth/token", contentType: "application/x-www-form-urlencoded",
		body: "grant_type=client_credentials&client_id=" + clientID + "&client_secret=" + clientSecret}
	for _, rq := range []req{
		{method: "POST", path: "/auth/login", body: api.LoginRequest{Username: "ops", Password: "password-ops"}},
		grant,
		{method: "POST", path: "/users/ops/reset-password", token: a.root},
	} {
		first := a.ok(keyed(rq, "k"), 200, nil)
		again := a.ok(keyed(rq, "k"), 200, nil)
		if bytes.Equal(first.body, again.body) {
			t.Errorf("%s %s replayed its secret: %s", rq.method, rq.path, again.body)
		}
		rq.invalid = true
		a.ok(keyed(rq, ""), 200, nil)
	}
	var n int
	if err := a.srv.db.QueryRow(`SELECT count(*) FROM idempotency_keys`).Scan(&n); err != nil || n != 0 {
		t.Errorf("%d stored answers, want 0: %v", n, err)
	}
}

// TestKeyDocumentedWhereTaken: the document lists the Idempotency-Key
// parameter on exactly the POSTs that take it (refuse a malformed one).
func TestKeyDocumentedWhereTaken(t *testing.T) {
	doc, err := openAPIDoc()
	if err != nil {
		t.Fatal(err)
	}
	a := newTestAPI(t)
	var taking []string
	for _, rt := range routeTable {
		if rt.method != http.MethodPost {
			continue
		}
		token := a.login(rootUser, rootPassword)
		if rt.auth == authRefresh {
			token.Token = token.RefreshToken
		}
		path := strings.NewReplacer("{username}", "ghost", "{role}", "ghost").Replace(rt.path)
		r := a.do(keyed(req{method: rt.method, path: path, token: token.Token, invalid: true}, ""))
		takes := r.status == http.StatusBadRequest && strings.Contains(string(r.body), `"`+idempotencyHeader+`"`)
		if takes {
			taking = append(taking, rt.path)
		}
		op := doc.Paths.Find(rt.path).GetOperation(rt.method)
		documented := slices.ContainsFunc(op.Parameters, func(p *openapi3.ParameterRef) bool {
			return p.Value.In == "header" && p.Value.Name == idempotencyHeader
		})
		if takes != documented {
			t.Errorf("POST %s: takes the key %v, documents it %v", rt.path, takes, documented)
		}
	}
	if len(taking) != 8 {
		t.Errorf("%d POSTs take the key, want 8: %v", len(taking), taking)
	}
}

// TestParallelRepeats: each request sent twice at once, under ten keys,
// acts ten times; each pair answers alike or one of it is 409.
func TestParallelRepeats(t *testing.T) {
	a := newTestAPI(t)
	var mu sync.Mutex
	answers := map[string][]resp{}
	parallel(20, func(i int) int {
		key := fmt.Sprintf("k%d", i/2)
		r := a.do(keyed(req{method: "POST", path: "/accounts", token: a.root, body: api.AccountInput{Name: key}}, key))
		mu.Lock()
		defer mu.Unlock()
		answers[key] = append(answers[key], r)
		return r.status
	})
	for key, pair := range answers {
		if pair[0].status == http.StatusConflict || pair[1].status == http.StatusConflict {
			if pair[0].status+pair[1].status != http.StatusConflict+http.StatusCreated {
				t.Errorf("%s answered %d and %d", key, pair[0].status, pair[1].status)
			}
			continue
		}
		sameAnswer(t, key, pair[0], pair[1])
	}
	if n := total(a, "/accounts", ""); n != 10 {
		t.Errorf("%d accounts, want 10", n)
	}
}
