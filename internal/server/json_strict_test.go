package server

import (
	"encoding/json"
	"errors"
	"net/http"
	"testing"

	"github.com/adminapi/terraform-provider-adminapi/internal/api"
)

// TestBodyWithDuplicateKeysOrInvalidUTF8IsRefused: a key repeated anywhere in
// a body, and text that is not valid UTF-8 (raw bytes or a lone surrogate
// escape), are refused rather than resolved silently; nothing is stored.
func TestBodyWithDuplicateKeysOrInvalidUTF8IsRefused(t *testing.T) {
	a := newTestAPI(t)
	for _, c := range []struct {
		path, body string
		field      string // the data key naming the repeated key; "" for invalid UTF-8
	}{
		{"/roles", `{"name":"a","name":"b"}`, "name"},
		{"/roles", `{"name":"r","description":"x","description":"x"}`, "description"},
		{"/accounts", `{"name":"acme","attributes":{"k":"v","k":"w"}}`, "attributes.k"},
		{"/platform-users", `{"username":"alice","email":"alice@example.com","password":"secret-1","metadata":{"k":"1","k":"2"}}`, "metadata.k"},
		{"/roles", "{\"name\":\"r\",\"description\":\"caf\xe9\"}", ""},
		{"/roles", "{\"name\":\"r\xff\"}", ""},
		{"/roles", `{"name":"r","description":"\ud800"}`, ""},
		{"/roles", `{"name":"r","description":"\udc00\ud800"}`, ""},
		{"/roles", `{"name":"r","description":"\ud83d x"}`, ""},
	} {
		e := a.fail(req{method: "POST", path: c.path, token: a.root, body: c.body, invalid: true},
			http.StatusBadRequest, api.ErrInvalidRequestStructure)
		if c.field != "" && (len(e.Data) != 1 || e.Data[c.field] == "") {
			t.Errorf("%s: data %v, want only %s", c.body, e.Data, c.field)
		}
	}
	var role api.Role
	a.ok(req{method: "POST", path: "/roles", token: a.root, body: `{"name":"emoji","description":"\ud83d\ude00 \\\"\u00e9\""}`}, 201, &role)
	if role.Description != "\U0001F600 \\\"é\"" {
		t.Errorf("a valid surrogate pair and escapes were read as %q", role.Description)
	}
	for _, list := range []string{"/roles", "/accounts", "/platform-users"} {
		var page api.ListMeta
		a.ok(req{method: "GET", path: list, token: a.root}, 200, &page)
		if want := map[string]int{"/roles": 1}[list]; page.Total != want {
			t.Errorf("GET %s: total %d after refused bodies, want %d", list, page.Total, want)
		}
	}
}

func TestDecodeStrictNamesNestedDuplicates(t *testing.T) {
	var dst struct {
		Items json.RawMessage `json:"items"`
	}
	for body, path := range map[string]string{
		`{"items":[{"x":1},{"x":1,"y":{"z":1,"z":2}}]}`: "items.1.y.z",
		`{"items":{"a":{},"b":[],"a":{}}}`:              "items.a",
		`{"items":[],"items":[]}`:                       "items",
	} {
		var ae *apiError
		if err := decodeStrict([]byte(body), &dst); !errors.As(err, &ae) || ae.id != api.ErrInvalidRequestStructure || ae.data[path] == "" {
			t.Errorf("%s: %v, want invalid-request-structure naming %s", body, err, path)
		}
	}
	if err := decodeStrict([]byte(`{"items":[{"x":1},{"x":2,"y":{"x":3}}]}`), &dst); err != nil {
		t.Errorf("the same key in different objects: %v", err)
	}
}
