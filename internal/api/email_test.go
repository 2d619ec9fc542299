package api

import (
	"encoding/json"
	"errors"
	"net/http"
	"net/http/httptest"
	"net/mail"
	"regexp"
	"strings"
	"testing"

	"github.com/getkin/kin-openapi/openapi3filter"
	"github.com/getkin/kin-openapi/routers/gorillamux"
)

// emailCases are the edge cases of the e-mail rule, with whether it accepts them.
var emailCases = []struct {
	address string
	ok      bool
}{
	{"a@example.com", true},
	{"A@EXAMPLE.COM", true},
	{"First.Last+tag@Sub.Example.co.uk", true},
	{"o'brien@example.ie", true},
	{"!#$%&'*+/=?^_`{|}~-@example.com", true},
	{"user@xn--bcher-kva.example", true},
	{"user@example.xn--p1ai", true},
	{"a@b.co", true},
	{"a@a-b.example", true},
	{"a@" + strings.Repeat("x", 63) + ".com", true},
	{longestEmail, true},

	{"", false},
	{longestEmail + "e", false},
	{"a@[127.0.0.1]", false},
	{"a@[IPv6:::1]", false},
	{"a@127.0.0.1", false},
	{"a@localhost", false},
	{"élodie@example.org", false},
	{"user@bücher.example", false},
	{"Alice <a@example.com>", false},
	{"<a@example.com>", false},
	{`"quoted"@example.com`, false},
	{`"a b"@example.com`, false},
	{"a(comment)@example.com", false},
	{"a..b@example.com", false},
	{".a@example.com", false},
	{"a.@example.com", false},
	{"a b@example.com", false},
	{"a@b@example.com", false},
	{"a@-example.com", false},
	{"a@example-.com", false},
	{"a@example..com", false},
	{"a@example.com.", false},
	{"a@example.1com", false},
	{"a@example_x.com", false},
	{"a@" + strings.Repeat("x", 64) + ".com", false},
	{"a@example.com\n", false},
	{" a@example.com", false},
	{"@example.com", false},
	{"a@", false},
}

// longestEmail is EmailMax characters long.
var longestEmail = strings.Repeat("a", 64) + "@" + strings.Repeat("b", 63) + "." + strings.Repeat("c", 63) + "." +
	strings.Repeat("d", 63) + "." + strings.Repeat("e", 43)

func TestValidEmail(t *testing.T) {
	if len(longestEmail) != EmailMax {
		t.Fatalf("longestEmail has %d characters", len(longestEmail))
	}
	for _, c := range emailCases {
		if err := ValidEmail(c.address); (err == nil) != c.ok {
			t.Errorf("ValidEmail(%q) = %v, want ok=%v", c.address, err, c.ok)
		}
	}
	if err := ValidEmail(longestEmail + "e"); err == nil || err.Error() != "must be at most 300 characters" {
		t.Errorf("too long: %v", err)
	}
	if err := ValidEmail("a@[127.0.0.1]"); !errors.Is(err, ErrEmailShape) {
		t.Errorf("IP literal: %v", err)
	}
}

// TestDocumentEmailIsValidEmail: the document, as the server's tests validate
// requests and responses with it, accepts exactly what ValidEmail accepts.
func TestDocumentEmailIsValidEmail(t *testing.T) {
	doc := loadDoc(t)
	router, err := gorillamux.NewRouter(doc)
	if err != nil {
		t.Fatal(err)
	}
	opts := &openapi3filter.Options{AuthenticationFunc: openapi3filter.NoopAuthenticationFunc, IncludeResponseStatus: true, SkipSettingDefaults: true}
	validate := func(body string) (reqErr, resErr error) {
		r := httptest.NewRequestWithContext(t.Context(), "POST", "/platform-users", strings.NewReader(body))
		r.Header.Set("Content-Type", "application/json")
		route, params, err := router.FindRoute(r)
		if err != nil {
			t.Fatal(err)
		}
		in := &openapi3filter.RequestValidationInput{Request: r, PathParams: params, Route: route, Options: opts}
		reqErr = openapi3filter.ValidateRequest(t.Context(), in)
		res := &openapi3filter.ResponseValidationInput{RequestValidationInput: in, Status: http.StatusCreated,
			Header: http.Header{"Content-Type": {"application/json"}, "Location": {"/platform-users/alice-01"}}, Options: opts}
		res.SetBodyBytes([]byte(body))
		return reqErr, openapi3filter.ValidateResponse(t.Context(), res)
	}
	for _, c := range emailCases {
		create, err := json.Marshal(CreatePlatformUser{Username: "alice-01", Email: c.address, Password: ptr("secret1")})
		if err != nil {
			t.Fatal(err)
		}
		user := examplePlatformUser
		user.Email = c.address
		answer, err := json.Marshal(user)
		if err != nil {
			t.Fatal(err)
		}
		if reqErr, _ := validate(string(create)); (reqErr == nil) != c.ok {
			t.Errorf("create with e-mail %q: document error %v, want ok=%v", c.address, reqErr, c.ok)
		}
		if _, resErr := validate(string(answer)); (resErr == nil) != c.ok {
			t.Errorf("answer with e-mail %q: document error %v, want ok=%v", c.address, resErr, c.ok)
		}
	}
}

// Ajv's `format: email` (ajv-formats, full and fast modes), which
// Ajv-based validators apply beside the pattern.
var (
	ajvFullEmail = regexp.MustCompile("(?i)^[a-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\\.[a-z0-9!#$%&'*+/=?^_`{|}~-]+)*@" +
		`(?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?\.)+[a-z0-9](?:[a-z0-9-]*[a-z0-9])?$`)
	ajvFastEmail = regexp.MustCompile("(?i)^[a-z0-9.!#$%&'*+/=?^_`{|}~-]+@" +
		`[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)*$`)
)

// TestEmailFormatAcceptsTheRule: the schema keeps `format: email`, so the
// common readings of that format must accept every address of the rule,
// or a validator would refuse what the server accepts: Ajv's, and net/mail's
// (oapi-codegen's openapi_types.Email parses with it).
func TestEmailFormatAcceptsTheRule(t *testing.T) {
	if f := component(t, loadDoc(t), "Email").Format; f != "email" {
		t.Fatalf("Email format %q", f)
	}
	for _, c := range emailCases {
		if !c.ok {
			continue
		}
		if !ajvFullEmail.MatchString(c.address) || !ajvFastEmail.MatchString(c.address) {
			t.Errorf("Ajv's format email refuses %q", c.address)
		}
		if a, err := mail.ParseAddress(c.address); err != nil || a.Address != c.address {
			t.Errorf("net/mail reads %q as %v, %v", c.address, a, err)
		}
	}
}
