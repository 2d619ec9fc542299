package server

import (
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/adminapi/terraform-provider-adminapi/internal/api"
)

// TestEmailCheckIsTheDocumentsRule: the server accepts an e-mail address at
// creation and on update exactly when the document does (the validator
// checks each accepted request and answer) and api.ValidEmail does, the
// provider's check.
func TestEmailCheckIsTheDocumentsRule(t *testing.T) {
	a := newTestAPI(t)
	a.ok(req{method: "POST", path: "/platform-users", token: a.root,
		body: api.CreatePlatformUser{Username: "mail-patched", Email: "patched@example.com", Password: ptr("secret")}}, 201, nil)
	cases := []struct {
		address string
		ok      bool
	}{
		{"a@example.com", true},
		{"First.Last+tag@Sub.Example.co.uk", true},
		{"!#$%&'*+/=?^_`{|}~-@example.com", true},
		{"user@xn--bcher-kva.example", true},
		{strings.Repeat("a", 64) + "@" + strings.Repeat("b", 63) + "." + strings.Repeat("c", 63) + "." +
			strings.Repeat("d", 63) + "." + strings.Repeat("e", 43), true},
		{strings.Repeat("a", 64) + "@" + strings.Repeat("b", 63) + "." + strings.Repeat("c", 63) + "." +
			strings.Repeat("d", 63) + "." + strings.Repeat("e", 44), false},
		{"a@[127.0.0.1]", false},
		{"a@127.0.0.1", false},
		{"a@localhost", false},
		{"user@bücher.example", false},
		{"élodie@example.org", false},
		{`"quoted"@example.com`, false},
		{"Alice <alice@example.com>", false},
		{"a..b@example.com", false},
		{"a@example.com.", false},
	}
	for i, c := range cases {
		if err := api.ValidEmail(c.address); (err == nil) != c.ok {
			t.Errorf("api.ValidEmail(%q) = %v, want ok=%v", c.address, err, c.ok)
		}
		username := fmt.Sprintf("mail-user-%02d", i)
		create := req{method: "POST", path: "/platform-users", token: a.root, invalid: !c.ok,
			body: api.CreatePlatformUser{Username: username, Email: c.address, Password: ptr("secret")}}
		if c.ok {
			a.ok(create, http.StatusCreated, nil)
			a.ok(req{method: "PATCH", path: "/platform-users/" + username, token: a.root,
				body: api.UpdatePlatformUser{Email: ptr(strings.ToUpper(c.address))}}, http.StatusOK, nil)
			continue
		}
		update := req{method: "PATCH", path: "/platform-users/mail-patched", token: a.root, invalid: true,
			body: api.UpdatePlatformUser{Email: ptr(c.address)}}
		for _, rq := range []req{create, update} {
			if a.breaksDocument(rq) == nil {
				t.Errorf("%s with e-mail %q: the document accepts it", rq.method, c.address)
			}
			if e := a.fail(rq, http.StatusBadRequest, api.ErrInvalidParametersFormat); e.Data["email"] == "" {
				t.Errorf("%s with e-mail %q: data %v does not name email", rq.method, c.address, e.Data)
			}
		}
	}
}
