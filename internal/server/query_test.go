package server

import (
	"maps"
	"net/http"
	"net/http/httptest"
	"net/url"
	"slices"
	"testing"
	"unicode/utf8"

	"github.com/adminapi/terraform-provider-adminapi/internal/api"
)

// TestMalformedQueryIsRefused: every list route refuses a query string it
// cannot read, naming the parameter, instead of answering the unfiltered list.
func TestMalformedQueryIsRefused(t *testing.T) {
	a := newTestAPI(t)
	var account api.Account
	a.ok(req{method: "POST", path: "/accounts", token: a.root, body: api.AccountInput{Name: "acme"}}, 201, &account)
	lists := []string{"/users", "/platform-users", "/roles", "/accounts", "/accounts/" + account.ID + "/users"}
	queries := map[string]string{
		"name=%zz":         "name",
		"email=a%zz":       "email",
		"status=%zz":       "status",
		"limit=%zz":        "limit",
		"offset=1%2":       "offset",
		"name=a;b":         "name",
		"limit=5&name=a;b": "name",
		"%zz=1":            "%zz",
		"tag=a%":           "tag",
		"name=%ff":         "name",
		"%ff=1":            "%ff",
	}
	for _, list := range lists {
		for query, param := range queries {
			e := a.fail(req{method: "GET", path: list + "?" + query, token: a.root, invalid: true},
				http.StatusBadRequest, api.ErrInvalidParametersFormat)
			if len(e.Data) != 1 || e.Data[param] == "" {
				t.Errorf("GET %s?%s: data %v, want only %s", list, query, e.Data, param)
			}
		}
		a.ok(req{method: "GET", path: list + "?limit=5&offset=0", token: a.root}, 200, nil)
	}
}

// FuzzListQuery: a query string is read exactly as url.ParseQuery reads it,
// or refused with a problem; what is accepted is valid UTF-8 and in range.
func FuzzListQuery(f *testing.F) {
	for _, seed := range []string{
		"", "limit=5&offset=10", "name=%zz", "email=a%zz", "name=a;b", "%zz=1", "name=%ff",
		"email=a%40b.c&status=enabled&tag=x+y", "a=1&&b=&=c", "limit=-1&offset=1e3", "limit=0100",
	} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, raw string) {
		r := httptest.NewRequest("GET", "/users", nil)
		r.URL.RawQuery = raw
		p := problems{}
		q, meta := listQuery(r, p)
		want, parseErr := url.ParseQuery(raw)
		if parseErr != nil && len(p) == 0 {
			t.Fatalf("%q: url.ParseQuery refuses it (%v), listQuery does not", raw, parseErr)
		}
		if len(p) > 0 {
			return
		}
		if !maps.EqualFunc(q, want, slices.Equal) {
			t.Fatalf("%q: read %v, url.ParseQuery reads %v", raw, q, want)
		}
		for k, vs := range q {
			if !utf8.ValidString(k) || slices.ContainsFunc(vs, func(v string) bool { return !utf8.ValidString(v) }) {
				t.Fatalf("%q: accepted invalid UTF-8 in %q=%q", raw, k, vs)
			}
		}
		if meta.Offset < 0 || meta.Limit < 1 || meta.Limit > api.MaxLimit {
			t.Fatalf("%q: accepted paging %+v", raw, meta)
		}
	})
}
