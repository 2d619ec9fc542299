package server

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"sync"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/openapi3filter"
	"github.com/getkin/kin-openapi/routers"
	"github.com/getkin/kin-openapi/routers/gorillamux"
	"golang.org/x/crypto/bcrypt"

	"github.com/adminapi/terraform-provider-adminapi/internal/api"
)

func TestMain(m *testing.M) {
	bcryptCost = bcrypt.MinCost
	os.Exit(m.Run())
}

const (
	rootUser     = "root"
	rootPassword = "root-password-1"
	// invalidRequestHeader marks a test request that is meant to break the
	// OpenAPI document; the validator strips it and skips request validation.
	invalidRequestHeader = "X-Test-Invalid-Request"
)

var openAPIDoc = sync.OnceValues(func() (*openapi3.T, error) { return api.LoadOpenAPI() })

// openAPIValidator wraps a handler so that every request (unless marked
// invalid) and every response is checked against the OpenAPI document; a
// mismatch fails the test.
type openAPIValidator struct {
	t      testing.TB
	next   http.Handler
	router routers.Router
	opts   *openapi3filter.Options
}

func newOpenAPIValidator(t testing.TB, next http.Handler) *openAPIValidator {
	t.Helper()
	doc, err := openAPIDoc()
	if err != nil {
		t.Fatalf("load OpenAPI document: %v", err)
	}
	router, err := gorillamux.NewRouter(doc)
	if err != nil {
		t.Fatalf("OpenAPI router: %v", err)
	}
	return &openAPIValidator{t: t, next: next, router: router, opts: &openapi3filter.Options{
		AuthenticationFunc:    openapi3filter.NoopAuthenticationFunc,
		IncludeResponseStatus: true,
		MultiError:            true,
		// Filling in defaults would let a null stand for an omitted field.
		SkipSettingDefaults: true,
	}}
}

// checkRequest answers why r breaks the OpenAPI document, or nil; body is r's body.
func (v *openAPIValidator) checkRequest(r *http.Request, body []byte) error {
	route, params, err := v.router.FindRoute(r)
	if err != nil {
		return err
	}
	in := &openapi3filter.RequestValidationInput{Request: r.Clone(r.Context()), PathParams: params, Route: route, Options: v.opts}
	in.Request.Body = io.NopCloser(bytes.NewReader(body))
	return openapi3filter.ValidateRequest(r.Context(), in)
}

func (v *openAPIValidator) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	expectInvalid := r.Header.Get(invalidRequestHeader) != ""
	r.Header.Del(invalidRequestHeader)
	body, err := io.ReadAll(r.Body)
	if err != nil {
		v.t.Errorf("read request body: %v", err)
		return
	}
	r.Body = io.NopCloser(bytes.NewReader(body))

	route, params, routeErr := v.router.FindRoute(r)
	var reqIn *openapi3filter.RequestValidationInput
	if routeErr == nil {
		reqIn = &openapi3filter.RequestValidationInput{Request: r.Clone(r.Context()), PathParams: params, Route: route, Options: v.opts}
		reqIn.Request.Body = io.NopCloser(bytes.NewReader(body))
		if !expectInvalid {
			if err := openapi3filter.ValidateRequest(r.Context(), reqIn); err != nil {
				v.t.Errorf("%s %s: request breaks the OpenAPI document: %v", r.Method, r.URL, err)
			}
		}
	} else if !expectInvalid {
		v.t.Errorf("%s %s: not in the OpenAPI document: %v", r.Method, r.URL.Path, routeErr)
	}

	rec := httptest.NewRecorder()
	v.next.ServeHTTP(rec, r)
	res := rec.Result()
	resBody := rec.Body.Bytes()

	if routeErr != nil {
		v.checkUnknownRoute(r, rec.Code, resBody)
	} else {
		resIn := &openapi3filter.ResponseValidationInput{
			RequestValidationInput: reqIn, Status: rec.Code, Header: res.Header,
			Body: io.NopCloser(bytes.NewReader(resBody)), Options: v.opts,
		}
		if err := openapi3filter.ValidateResponse(r.Context(), resIn); err != nil {
			v.t.Errorf("%s %s: response %d breaks the OpenAPI document: %v\nbody: %s", r.Method, r.URL, rec.Code, err, resBody)
		}
	}
	for k, vals := range res.Header {
		w.Header()[k] = vals
	}
	w.WriteHeader(rec.Code)
	_, _ = w.Write(resBody)
}

// checkUnknownRoute: a method and path outside the document answer 404 with
// the envelope of a 404.
func (v *openAPIValidator) checkUnknownRoute(r *http.Request, status int, body []byte) {
	doc, _ := openAPIDoc()
	schema := doc.Components.Schemas["NotFoundError"].Value
	var decoded any
	if err := json.Unmarshal(body, &decoded); err != nil {
		v.t.Errorf("%s %s: unknown route answered a body that is not JSON: %s", r.Method, r.URL.Path, body)
		return
	}
	if err := schema.VisitJSON(decoded); err != nil {
		v.t.Errorf("%s %s: unknown route answered a body that is not the envelope: %v", r.Method, r.URL.Path, err)
	}
	if status != http.StatusNotFound {
		v.t.Errorf("%s %s: unknown route answered %d, want 404", r.Method, r.URL.Path, status)
	}
}

// testAPI is a server behind the validator, on a loopback HTTP server.
type testAPI struct {
	t         testing.TB
	srv       *Server
	validator *openAPIValidator
	cfg       Config
	url       string
	client    *http.Client
	root      string // an access token of the bootstrap admin user
}

func testConfig(t testing.TB) Config {
	return Config{
		DBPath:            filepath.Join(t.TempDir(), "adminapi.db"),
		BootstrapUsername: rootUser,
		BootstrapPassword: rootPassword,
	}
}

func newTestAPI(t testing.TB, mutate ...func(*Config)) *testAPI {
	t.Helper()
	cfg := testConfig(t)
	for _, m := range mutate {
		m(&cfg)
	}
	return startTestAPI(t, cfg)
}

// startTestAPI starts a server on cfg; it is closed at the end of the test.
func startTestAPI(t testing.TB, cfg Config) *testAPI {
	t.Helper()
	srv, err := New(cfg)
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	validator := newOpenAPIValidator(t, srv.Handler())
	ts := httptest.NewServer(validator)
	t.Cleanup(func() {
		ts.Close()
		_ = srv.Close()
	})
	a := &testAPI{t: t, srv: srv, validator: validator, cfg: cfg, url: ts.URL, client: ts.Client()}
	if cfg.BootstrapPassword != "" && srv.GeneratedPassword() == "" && bootstrapped(t, srv, cfg.BootstrapPassword) {
		a.root = a.login(cfg.BootstrapUsername, cfg.BootstrapPassword).Token
	}
	return a
}

// bootstrapped tells whether the bootstrap user's password is still password.
func bootstrapped(t testing.TB, srv *Server, password string) bool {
	var hash string
	if err := srv.db.QueryRow(`SELECT password_hash FROM admin_users WHERE username = ?`, srv.cfg.BootstrapUsername).Scan(&hash); err != nil {
		t.Fatalf("bootstrap user: %v", err)
	}
	return checkPassword(hash, password)
}

// req describes one test request. body is sent as JSON unless it is a
// string, sent as is; contentType defaults to application/json when a body
// is given.
type req struct {
	method, path string
	token        string
	body         any
	contentType  string
	header       map[string]string
	invalid      bool // the request is meant to break the OpenAPI document
}

type resp struct {
	status int
	header http.Header
	body   []byte
}

// request builds the HTTP request of rq against the test server; it answers the body apart too.
func (a *testAPI) request(rq req) (*http.Request, []byte) {
	a.t.Helper()
	var body []byte
	ct := rq.contentType
	switch b := rq.body.(type) {
	case nil:
	case string:
		body = []byte(b)
	case []byte:
		body = b
	default:
		raw, err := json.Marshal(b)
		if err != nil {
			a.t.Fatalf("marshal body: %v", err)
		}
		body = raw
	}
	if body != nil && ct == "" {
		ct = "application/json"
	}
	var reader io.Reader
	if body != nil {
		reader = bytes.NewReader(body)
	}
	r, err := http.NewRequest(rq.method, a.url+rq.path, reader)
	if err != nil {
		a.t.Fatalf("new request: %v", err)
	}
	if ct != "" && ct != "-" {
		r.Header.Set("Content-Type", ct)
	}
	if rq.token != "" {
		r.Header.Set("Authorization", "Bearer "+rq.token)
	}
	for k, v := range rq.header {
		r.Header.Set(k, v)
	}
	if rq.invalid {
		r.Header.Set(invalidRequestHeader, "1")
	}
	return r, body
}

func (a *testAPI) do(rq req) resp {
	a.t.Helper()
	r, _ := a.request(rq)
	res, err := a.client.Do(r)
	if err != nil {
		a.t.Fatalf("%s %s: %v", rq.method, rq.path, err)
	}
	defer res.Body.Close()
	out, err := io.ReadAll(res.Body)
	if err != nil {
		a.t.Fatalf("%s %s: read body: %v", rq.method, rq.path, err)
	}
	return resp{status: res.StatusCode, header: res.Header, body: out}
}

// breaksDocument answers why rq breaks the OpenAPI document, or nil, without sending it.
func (a *testAPI) breaksDocument(rq req) error {
	a.t.Helper()
	r, body := a.request(rq)
	return a.validator.checkRequest(r, body)
}

// ok does rq, fails unless the answer has the status, and decodes it into out (if not nil).
func (a *testAPI) ok(rq req, status int, out any) resp {
	a.t.Helper()
	res := a.do(rq)
	if res.status != status {
		a.t.Fatalf("%s %s: status %d, want %d; body: %s", rq.method, rq.path, res.status, status, res.body)
	}
	if out != nil {
		if err := json.Unmarshal(res.body, out); err != nil {
			a.t.Fatalf("%s %s: decode %s: %v", rq.method, rq.path, res.body, err)
		}
	}
	return res
}

// fail does rq and fails unless it answers the status and error id; it answers the error body.
func (a *testAPI) fail(rq req, status int, id string) api.ErrorBody {
	a.t.Helper()
	res := a.do(rq)
	var env api.ErrorEnvelope
	if err := json.Unmarshal(res.body, &env); err != nil {
		a.t.Fatalf("%s %s: answer %d is not the envelope: %s", rq.method, rq.path, res.status, res.body)
	}
	if res.status != status || env.Error.ID != id {
		a.t.Fatalf("%s %s: answered %d %s, want %d %s; body: %s", rq.method, rq.path, res.status, env.Error.ID, status, id, res.body)
	}
	return env.Error
}

func (a *testAPI) login(username, password string) api.TokenPair {
	a.t.Helper()
	var pair api.TokenPair
	a.ok(req{method: "POST", path: "/auth/login", body: api.LoginRequest{Username: username, Password: password}}, 200, &pair)
	return pair
}

// adminWith creates an admin user with the permissions and answers its access token.
func (a *testAPI) adminWith(username string, perms api.Permissions) string {
	a.t.Helper()
	a.ok(req{method: "POST", path: "/users", token: a.root,
		body: api.CreateAdminUser{Username: username, Password: "password-" + username, Permissions: normalized(perms)}}, 201, nil)
	return a.login(username, "password-"+username).Token
}

// bcryptHash hashes a client secret as an operator would.
func bcryptHash(secret string) (string, error) {
	h, err := bcrypt.GenerateFromPassword([]byte(secret), bcrypt.MinCost)
	return string(h), err
}

func ptr[T any](v T) *T { return &v }
