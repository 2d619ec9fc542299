package server

import (
	"encoding/json"
	"net/http"
	"slices"
	"strings"
	"testing"

	"github.com/adminapi/terraform-provider-adminapi/internal/api"
)

// contractCase is one request of the contract table and what it must answer.
type contractCase struct {
	name   string
	req    req
	status int
	errID  string   // the envelope's id, "oauth:<code>" for an RFC 6749 error, "" for success
	data   []string // the exact keys of the envelope's data, when not nil
	check  func(t *testing.T, r resp)
}

// runContract runs the cases in order (they share and change state) and
// reports every mismatch.
func runContract(t *testing.T, a *testAPI, cases []contractCase) {
	t.Helper()
	for _, c := range cases {
		r := a.do(c.req)
		if r.status != c.status {
			t.Errorf("%s: %s %s answered %d, want %d; body: %s", c.name, c.req.method, c.req.path, r.status, c.status, r.body)
			continue
		}
		switch {
		case strings.HasPrefix(c.errID, "oauth:"):
			var e api.OAuthError
			if err := json.Unmarshal(r.body, &e); err != nil || e.Error != strings.TrimPrefix(c.errID, "oauth:") {
				t.Errorf("%s: answered %s, want OAuth error %s", c.name, r.body, c.errID)
				continue
			}
		case c.errID != "":
			var env api.ErrorEnvelope
			if err := json.Unmarshal(r.body, &env); err != nil || env.Error.ID != c.errID {
				t.Errorf("%s: answered %s, want error id %s", c.name, r.body, c.errID)
				continue
			}
			if env.Error.Message == "" {
				t.Errorf("%s: the error has no message", c.name)
			}
			if c.data != nil {
				got := sortedKeys(env.Error.Data)
				want := slices.Sorted(slices.Values(c.data))
				if !slices.Equal(got, want) {
					t.Errorf("%s: data keys %v, want %v (data %v)", c.name, got, want, env.Error.Data)
				}
			}
		}
		if c.check != nil {
			c.check(t, r)
		}
	}
}

func decodeInto[T any](t *testing.T, r resp) T {
	t.Helper()
	var v T
	if err := json.Unmarshal(r.body, &v); err != nil {
		t.Fatalf("decode %s: %v", r.body, err)
	}
	return v
}

func errData(t *testing.T, r resp) map[string]string {
	return decodeInto[api.ErrorEnvelope](t, r).Error.Data
}

// fixture is a server holding a few objects of each kind, and tokens of
// callers with less than every permission.
type fixture struct {
	*testAPI
	reader  string // every read permission, nothing else
	noperm  string // no permission at all
	account string // id of the account "acme"
}

const (
	clientID     = "ci-pipeline"
	clientSecret = "ci-secret-value"
)

func newFixture(t *testing.T, mutate ...func(*Config)) *fixture {
	t.Helper()
	hash, err := bcryptHash(clientSecret)
	if err != nil {
		t.Fatal(err)
	}
	mutate = append([]func(*Config){func(c *Config) {
		c.Clients = []APIClient{{ID: clientID, SecretHash: hash, Permissions: api.Permissions{PlatformUsers: []string{"read"}}}}
	}}, mutate...)
	a := newTestAPI(t, mutate...)
	f := &fixture{testAPI: a}
	f.reader = a.adminWith("reader", api.Permissions{Users: []string{"read"}, Settings: []string{"read"},
		PlatformUsers: []string{"read"}, Accounts: []string{"read"}})
	f.noperm = a.adminWith("noperm", api.Permissions{})
	a.ok(req{method: "POST", path: "/platform-users", token: a.root, body: api.CreatePlatformUser{
		Username: "alice", Email: "alice@example.com", Password: ptr("alice-pw"), Name: ptr("Alice"),
		Tags: []string{"staff"}, ExternalID: ptr("sid-alice"),
	}}, 201, nil)
	a.ok(req{method: "POST", path: "/platform-users", token: a.root, body: api.CreatePlatformUser{
		Username: "bobby", Email: "bobby@example.com", LDAP: ptr(true),
	}}, 201, nil)
	a.ok(req{method: "POST", path: "/roles", token: a.root, body: api.CreateRole{Name: "auditor", Description: ptr("reads logs")}}, 201, nil)
	var acct api.Account
	a.ok(req{method: "POST", path: "/accounts", token: a.root, body: api.AccountInput{Name: "acme"}}, 201, &acct)
	f.account = acct.ID
	return f
}

// samplePath fills a route's path parameters with the fixture's objects.
func (f *fixture) samplePath(path string) string {
	return strings.NewReplacer("{username}", "alice", "{id}", f.account, "{name}", "auditor", "{role}", "auditor").Replace(path)
}

// TestEveryRouteChecksAuthAndPermission: every route answers 401 without a
// token or with a bad one, 403 naming its permission to a caller without it,
// and 415 to a body that is not JSON where it takes one.
func TestEveryRouteChecksAuthAndPermission(t *testing.T) {
	f := newFixture(t)
	doc, err := openAPIDoc()
	if err != nil {
		t.Fatal(err)
	}
	var checked401, checked403, checked415 int
	for _, rt := range routeTable {
		path := f.samplePath(rt.path)
		name := rt.method + " " + rt.path
		if rt.auth != authNone {
			checked401++
			for _, token := range []string{"", "not-a-token", "a.b.c"} {
				r := f.do(req{method: rt.method, path: path, token: token, invalid: true})
				env := decodeInto[api.ErrorEnvelope](t, r)
				if r.status != http.StatusUnauthorized || env.Error.ID != api.ErrInvalidAccessToken {
					t.Errorf("%s with token %q: answered %d %s, want 401 invalid-access-token", name, token, r.status, env.Error.ID)
				}
			}
		}
		if rt.needs != (permission{}) {
			checked403++
			r := f.do(req{method: rt.method, path: path, token: f.noperm, invalid: true})
			env := decodeInto[api.ErrorEnvelope](t, r)
			if r.status != http.StatusForbidden || env.Error.ID != api.ErrForbidden || env.Error.Data["permission"] != rt.needs.String() {
				t.Errorf("%s without permission: answered %d %v, want 403 forbidden naming %s", name, r.status, env.Error, rt.needs)
			}
		}
		op := doc.Paths.Find(rt.path).GetOperation(rt.method)
		if op.RequestBody != nil && op.RequestBody.Value.Content.Get("application/json") != nil {
			checked415++
			r := f.do(req{method: rt.method, path: path, token: f.root, body: "{}", contentType: "text/plain", invalid: true})
			env := decodeInto[api.ErrorEnvelope](t, r)
			if r.status != http.StatusUnsupportedMediaType || env.Error.ID != api.ErrUnsupportedMediaType {
				t.Errorf("%s with text/plain: answered %d %s, want 415", name, r.status, env.Error.ID)
			}
			r = f.do(req{method: rt.method, path: path, token: f.root, body: "{}", contentType: "-", invalid: true})
			if r.status != http.StatusUnsupportedMediaType {
				t.Errorf("%s without Content-Type: answered %d, want 415", name, r.status)
			}
		}
	}
	if checked401 != len(routeTable)-2 || checked403 != len(routeTable)-5 || checked415 != 14 {
		t.Errorf("checked 401 on %d routes, 403 on %d, 415 on %d", checked401, checked403, checked415)
	}
}

func TestUnknownRoutesAnswer404Envelope(t *testing.T) {
	a := newTestAPI(t)
	for _, rq := range []req{
		{method: "GET", path: "/nope"},
		{method: "GET", path: "/"},
		{method: "PATCH", path: "/users/root", token: a.root},
		{method: "DELETE", path: "/admin/settings", token: a.root},
		{method: "GET", path: "/users/root/extra", token: a.root},
		{method: "POST", path: "/auth/me", token: a.root},
	} {
		rq.invalid = true
		a.fail(rq, http.StatusNotFound, api.ErrUnknownResource)
	}
}
