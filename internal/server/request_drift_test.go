package server

import (
	"net/http"
	"slices"
	"testing"

	"github.com/adminapi/terraform-provider-adminapi/internal/api"
)

// refusedRequest is a request that both the server and the OpenAPI
// document refuse, with the server's answer.
type refusedRequest struct {
	name   string
	req    req
	errID  string
	fields []string // the exact keys of the envelope's data
}

// TestServerAndDocumentRefuseTheSameBodies walks bodies that break the
// document and checks that the document, as the harness reads it, and the
// server both refuse each, the server naming the offending fields.
func TestServerAndDocumentRefuseTheSameBodies(t *testing.T) {
	f := newFixture(t)
	const (
		structure  = api.ErrInvalidRequestStructure
		parameters = api.ErrInvalidParametersFormat
	)
	body := func(method, path, raw string) req {
		return req{method: method, path: path, token: f.root, body: raw, invalid: true}
	}
	account := "/accounts/" + f.account
	cases := []refusedRequest{
		{"admin user without permissions", body("POST", "/users", `{"username":"nopes","password":"password-1"}`), parameters, []string{"permissions"}},
		{"admin user without anything", body("POST", "/users", `{}`), parameters, []string{"username", "password", "permissions"}},
		{"permissions left out", body("PUT", "/users/reader/permissions", `{}`), parameters, []string{"permissions"}},
		{"permissions null", body("PUT", "/users/reader/permissions", `{"permissions":null}`), structure, []string{"permissions"}},
		{"permission group null", body("PUT", "/users/reader/permissions", `{"permissions":{"users":null}}`), structure, []string{"permissions.users"}},
		{"permission null", body("PUT", "/users/reader/permissions", `{"permissions":{"users":[null]}}`), structure, []string{"permissions.users.0"}},
		{"reset to a null password", body("POST", "/users/reader/reset-password", `{"password":null}`), structure, []string{"password"}},
		{"login with a null username", body("POST", "/auth/login", `{"username":null,"password":"x"}`), structure, []string{"username"}},

		{"settings group without settings", body("PUT", "/admin/settings", `{"update":{"API_SETTINGS":{}}}`), parameters, []string{"update.API_SETTINGS.settings"}},
		{"settings of a group null", body("PUT", "/admin/settings", `{"update":{"API_SETTINGS":{"settings":null}}}`), structure, []string{"update.API_SETTINGS.settings"}},
		{"settings update null", body("PUT", "/admin/settings", `{"update":null}`), structure, []string{"update"}},
		{"setting without value", body("PUT", "/admin/settings", `{"update":{"EMAIL_SETTINGS":{"settings":{"SMTP_PORT":{}}}}}`),
			parameters, []string{"update.EMAIL_SETTINGS.settings.SMTP_PORT.value"}},
		{"notify services null", body("POST", "/admin/notify", `{"services":null}`), structure, []string{"services"}},

		{"patch tags null", body("PATCH", "/platform-users/alice", `{"tags":null}`), structure, []string{"tags"}},
		{"patch a tag null", body("PATCH", "/platform-users/alice", `{"tags":["a",null]}`), structure, []string{"tags.1"}},
		{"patch e-mail null", body("PATCH", "/platform-users/alice", `{"email":null}`), structure, []string{"email"}},
		{"patch external id null", body("PATCH", "/platform-users/alice", `{"external_id":null}`), structure, []string{"external_id"}},
		{"patch a metadata value null", body("PATCH", "/platform-users/alice", `{"metadata":{"k":null}}`), structure, []string{"metadata.k"}},
		{"create with ldap null", body("POST", "/platform-users", `{"username":"nulls","email":"n@example.com","ldap":null}`), structure, []string{"ldap"}},
		{"create without e-mail", body("POST", "/platform-users", `{"username":"nulls","password":"secret"}`), parameters, []string{"email"}},
		{"password left out", body("PUT", "/platform-users/alice/password", `{}`), parameters, []string{"password"}},

		{"role without name", body("POST", "/roles", `{"description":"x"}`), parameters, []string{"name"}},
		{"role description left out", body("PATCH", "/roles/auditor", `{}`), parameters, []string{"description"}},
		{"role description null", body("PATCH", "/roles/auditor", `{"description":null}`), structure, []string{"description"}},

		{"account number null", body("PUT", account, `{"name":"acme","exec_interval":null}`), structure, []string{"exec_interval"}},
		{"account attributes null", body("POST", "/accounts", `{"name":"acme","attributes":null}`), structure, []string{"attributes"}},
		{"member role left out", body("PUT", account+"/users/alice", `{}`), parameters, []string{"role"}},
	}
	for _, c := range cases {
		if err := f.breaksDocument(c.req); err == nil {
			t.Errorf("%s: the document accepts %s %s %v", c.name, c.req.method, c.req.path, c.req.body)
		}
		r := f.do(c.req)
		env := decodeInto[api.ErrorEnvelope](t, r)
		if r.status != http.StatusBadRequest || env.Error.ID != c.errID || !slices.Equal(sortedKeys(env.Error.Data), slices.Sorted(slices.Values(c.fields))) {
			t.Errorf("%s: the server answered %d %s, want 400 %s naming %v", c.name, r.status, r.body, c.errID, c.fields)
		}
	}
}

// TestPagingTakesPlainDigits: offset and limit are decimal digits only.
// kin-openapi parses query integers with strconv.ParseInt, so the document
// (which says "decimal digits" in words) catches only some of these.
func TestPagingTakesPlainDigits(t *testing.T) {
	a := newTestAPI(t)
	for _, c := range []struct {
		query, field string
		docRefuses   bool
	}{
		{"limit=%2B5", "limit", false},
		{"offset=%2B1", "offset", false},
		{"offset=-0", "offset", false},
		{"limit=", "limit", true},
		{"limit=%205", "limit", true},
		{"limit=1e1", "limit", true},
		{"limit=5.0", "limit", true},
		{"offset=0x1", "offset", true},
		{"offset=99999999999999999999", "offset", true},
	} {
		rq := req{method: "GET", path: "/users?" + c.query, token: a.root, invalid: true}
		if err := a.breaksDocument(rq); (err != nil) != c.docRefuses {
			t.Errorf("%s: the document's check answered %v", c.query, err)
		}
		e := a.fail(rq, http.StatusBadRequest, api.ErrInvalidParametersFormat)
		if len(e.Data) != 1 || e.Data[c.field] == "" {
			t.Errorf("%s: data %v, want only %s", c.query, e.Data, c.field)
		}
	}
	var l api.AdminUserList
	a.ok(req{method: "GET", path: "/users?offset=00&limit=007", token: a.root}, 200, &l)
	if l.Offset != 0 || l.Limit != 7 {
		t.Errorf("leading zeros: offset %d limit %d", l.Offset, l.Limit)
	}
}

// TestPermissionGroupsMayBeLeftOut: a request's permission set may leave out
// a group, meaning none of it; the answer carries all four.
func TestPermissionGroupsMayBeLeftOut(t *testing.T) {
	a := newTestAPI(t)
	var u api.AdminUser
	a.ok(req{method: "POST", path: "/users", token: a.root,
		body: `{"username":"partial","password":"password-1","permissions":{"settings":["read"]}}`}, 201, &u)
	if u.Permissions.Users == nil || u.Permissions.Accounts == nil || !slices.Equal(u.Permissions.Settings, []string{"read"}) {
		t.Errorf("created %+v", u.Permissions)
	}
	a.ok(req{method: "PUT", path: "/users/partial/permissions", token: a.root, body: `{"permissions":{}}`}, 200, &u)
	if len(u.Permissions.Settings) != 0 || u.Permissions.PlatformUsers == nil {
		t.Errorf("replaced with %+v", u.Permissions)
	}
}
