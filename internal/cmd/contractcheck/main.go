// Command contractcheck drives every operation of internal/api/openapi.yaml
// through Stoplight Prism's validating proxy and fails on any violation that
// Prism reports of a response, or of a request meant to be valid.
//
//	CONTRACTCHECK_PASSWORD=... CONTRACTCHECK_CLIENT_SECRET=... contractcheck \
//	    --doc internal/api/openapi.yaml --proxy http://127.0.0.1:4010 --username admin --client-id ...
//
// scripts/contract-check.sh (make contract-check) starts the server and
// Prism (prism proxy <doc> <server>, without --errors, so that every request
// reaches the server and Prism reports what it finds in the sl-violations
// header) and runs this program against them.
//
// The operations come from the document (every method of every path), so a
// new operation is driven without a change here; one whose body is required
// and has no sample below, or whose path parameter names no known object,
// fails the check until it is added. For each operation the driver sends a
// valid request (its path parameters name objects made for it through the
// proxy), and invalid ones derived from the document: no token, an unknown
// field, a value of the wrong type, a required field left out, each string
// one character over its maxLength, and limit out of range and not a number.
package main

import (
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"sort"
	"strings"
	"time"

	"github.com/getkin/kin-openapi/openapi3"
)

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

func run(args []string, stdout, stderr io.Writer) int {
	flags := flag.NewFlagSet("contractcheck", flag.ContinueOnError)
	flags.SetOutput(stderr)
	docPath := flags.String("doc", "internal/api/openapi.yaml", "OpenAPI document")
	proxy := flags.String("proxy", "http://127.0.0.1:4010", "Prism proxy's URL")
	username := flags.String("username", "admin", "admin user with every permission")
	password := flags.String("password", os.Getenv("CONTRACTCHECK_PASSWORD"), "its password (default $CONTRACTCHECK_PASSWORD)")
	clientID := flags.String("client-id", "", "API client for POST /oauth/token")
	clientSecret := flags.String("client-secret", os.Getenv("CONTRACTCHECK_CLIENT_SECRET"), "its secret (default $CONTRACTCHECK_CLIENT_SECRET)")
	verbose := flags.Bool("v", false, "print every request")
	if err := flags.Parse(args); err != nil {
		return 2
	}
	doc, err := openapi3.NewLoader().LoadFromFile(*docPath)
	if err != nil {
		_, _ = fmt.Fprintf(stderr, "contractcheck: %v\n", err)
		return 2
	}
	d := &driver{
		doc: doc, base: strings.TrimRight(*proxy, "/"), username: *username, password: *password,
		clientID: *clientID, clientSecret: *clientSecret, out: stdout, verbose: *verbose,
		http: &http.Client{Timeout: 60 * time.Second},
	}
	if err := d.drive(); err != nil {
		_, _ = fmt.Fprintf(stderr, "contractcheck: %v\n", err)
		d.summary()
		return 1
	}
	if !d.summary() {
		return 1
	}
	return 0
}

// violation is one entry of Prism's sl-violations header.
type violation struct {
	Location []string `json:"location"`
	Severity string   `json:"severity"`
	Code     any      `json:"code"`
	Message  string   `json:"message"`
}

func (v violation) String() string {
	return fmt.Sprintf("%s %s: %s", v.Severity, strings.Join(v.Location, "."), v.Message)
}

// request is one request the driver sends; valid says whether it is meant
// to be valid by the document.
type request struct {
	op, label   string // "METHOD /template", what the request tries
	method      string
	path        string // concrete, with query
	token       string
	contentType string
	body        []byte
	header      http.Header
	valid       bool
	setup       bool // made to prepare an operation, not the operation itself
}

type driver struct {
	doc                          *openapi3.T
	base                         string
	username, password           string
	clientID, clientSecret       string
	token                        string
	http                         *http.Client
	out                          io.Writer
	verbose                      bool
	seq                          int
	ops, requests, validRequests int
	invalidRequests, flagged     int
	setupRequests                int
	failures, notes              []string
}

// operation is one method of one path of the document.
type operation struct {
	method, path string
	item         *openapi3.PathItem
	op           *openapi3.Operation
}

func (o operation) name() string { return o.method + " " + o.path }

func (d *driver) operations() []operation {
	var out []operation
	for path, item := range d.doc.Paths.Map() {
		for method, op := range item.Operations() {
			out = append(out, operation{method: method, path: path, item: item, op: op})
		}
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].path != out[j].path {
			return out[i].path < out[j].path
		}
		return out[i].method < out[j].method
	})
	return out
}

func (d *driver) drive() error {
	tokens, err := d.login("log in the admin user")
	if err != nil {
		return err
	}
	d.token = tokens.Token
	for _, o := range d.operations() {
		d.ops++
		if err := d.driveOperation(o); err != nil {
			d.fail("%s: %v", o.name(), err)
		}
	}
	return nil
}

type tokenPair struct {
	Token        string `json:"token"`
	RefreshToken string `json:"refresh_token"`
}

func (d *driver) login(label string) (tokenPair, error) {
	body, _ := json.Marshal(map[string]string{"username": d.username, "password": d.password})
	r := d.send(request{op: "POST /auth/login", label: label, method: "POST", path: "/auth/login",
		contentType: "application/json", body: body, valid: true, setup: true})
	var tp tokenPair
	if r.status != http.StatusOK || json.Unmarshal(r.body, &tp) != nil || tp.Token == "" {
		return tp, fmt.Errorf("log in as %q through the proxy: %d %s", d.username, r.status, r.body)
	}
	return tp, nil
}

func (d *driver) unique(prefix string) string {
	d.seq++
	return fmt.Sprintf("%s-%d", prefix, d.seq)
}

// sample answers a valid body of the operation named name, or nil when the
// operation has no sample.
func (d *driver) sample(name string) map[string]any {
	switch name {
	case "POST /auth/login":
		return map[string]any{"username": d.username, "password": d.password}
	case "POST /users":
		return map[string]any{"username": d.unique("cc-admin"), "password": "password-1",
			"permissions": map[string]any{"users": []string{"read"}, "settings": []string{}, "platformUsers": []string{}, "accounts": []string{}}}
	case "PUT /users/{username}/permissions":
		return map[string]any{"permissions": map[string]any{"users": []string{}, "settings": []string{"read"}, "platformUsers": []string{}, "accounts": []string{}}}
	case "POST /users/{username}/reset-password":
		return map[string]any{"password": "password-2"}
	case "PUT /admin/settings":
		return map[string]any{"update": map[string]any{"EMAIL_SETTINGS": map[string]any{"settings": map[string]any{"EMAIL_ENABLED": map[string]any{"value": true}}}}}
	case "POST /admin/notify":
		return map[string]any{"services": []string{"contract-check"}}
	case "POST /platform-users":
		n := d.unique("cc-user")
		return map[string]any{"username": n, "email": n + "@example.com", "password": "password-1", "name": "Contract Check",
			"tags": []string{"b", "a"}, "metadata": map[string]string{"k": "v"}, "external_id": "ext-" + n}
	case "PATCH /platform-users/{username}":
		return map[string]any{"name": "Renamed", "tags": []string{"c"}}
	case "PUT /platform-users/{username}/password":
		return map[string]any{"password": "password-3"}
	case "POST /roles":
		return map[string]any{"name": d.unique("cc-role"), "description": "made by contractcheck"}
	case "PATCH /roles/{name}":
		return map[string]any{"description": "changed by contractcheck"}
	case "POST /accounts", "PUT /accounts/{id}":
		return map[string]any{"name": d.unique("cc-account"), "exec_interval": 600, "attributes": map[string]string{"k": "v"}}
	case "PUT /accounts/{id}/users/{username}":
		return map[string]any{"role": "admin"}
	}
	return nil
}

// make creates an object of the kind a path parameter names and answers
// the value to put in the path.
func (d *driver) make(kind string) (string, error) {
	op := map[string]string{"admin user": "POST /users", "platform user": "POST /platform-users",
		"role": "POST /roles", "account": "POST /accounts"}[kind]
	body := d.sample(op)
	raw, _ := json.Marshal(body)
	path := strings.TrimPrefix(op, "POST ")
	r := d.send(request{op: op, label: "make a " + kind, method: "POST", path: path, token: d.token,
		contentType: "application/json", body: raw, valid: true, setup: true})
	if r.status != http.StatusCreated {
		return "", fmt.Errorf("make a %s: %d %s", kind, r.status, r.body)
	}
	if kind == "account" {
		var a struct {
			ID string `json:"id"`
		}
		if err := json.Unmarshal(r.body, &a); err != nil || a.ID == "" {
			return "", fmt.Errorf("make an account: no id in %s", r.body)
		}
		return a.ID, nil
	}
	if n, ok := body["username"].(string); ok {
		return n, nil
	}
	if n, ok := body["name"].(string); ok {
		return n, nil
	}
	return "", fmt.Errorf("make a %s: no name in the sample %v", kind, body)
}

// fill answers the template with each path parameter naming an object made
// for it.
func (d *driver) fill(template string) (string, error) {
	segs := strings.Split(strings.TrimPrefix(template, "/"), "/")
	for i, s := range segs {
		if !strings.HasPrefix(s, "{") {
			continue
		}
		kind, err := paramKind(segs, i)
		if err != nil {
			return "", err
		}
		v, err := d.make(kind)
		if err != nil {
			return "", err
		}
		segs[i] = url.PathEscape(v)
	}
	return "/" + strings.Join(segs, "/"), nil
}

// paramKind answers the kind of object the path parameter segs[i] names.
func paramKind(segs []string, i int) (string, error) {
	prev := ""
	if i > 0 {
		prev = segs[i-1]
	}
	switch {
	case prev == "users" && segs[0] == "users":
		return "admin user", nil
	case prev == "platform-users", prev == "users" && segs[0] == "accounts":
		return "platform user", nil
	case prev == "roles":
		return "role", nil
	case prev == "accounts":
		return "account", nil
	}
	return "", fmt.Errorf("no object for the path parameter %s after %q: teach contractcheck's paramKind", segs[i], prev)
}

func (d *driver) driveOperation(o operation) error {
	name := o.name()
	path, err := d.fill(o.path)
	if err != nil {
		return err
	}
	// An operation that reads or removes what another method of the same
	// path puts there (a membership, a role assignment) gets it first.
	if strings.HasSuffix(o.path, "}") && (o.method == "GET" || o.method == "DELETE" || o.method == "PATCH") {
		for _, m := range []string{"PUT", "POST"} {
			if o.item.GetOperation(m) != nil {
				raw, ct := d.encode(m + " " + o.path)
				r := d.send(request{op: m + " " + o.path, label: "prepare " + name, method: m, path: path,
					token: d.token, contentType: ct, body: raw, valid: true, setup: true})
				if r.status >= 300 {
					return fmt.Errorf("prepare with %s %s: %d %s", m, path, r.status, r.body)
				}
			}
		}
	}

	token := d.token
	switch name {
	case "POST /auth/refresh":
		tp, err := d.login("log in for " + name)
		if err != nil {
			return err
		}
		token = tp.RefreshToken
	case "POST /auth/logout":
		tp, err := d.login("log in for " + name)
		if err != nil {
			return err
		}
		token = tp.Token
	}
	public := o.op.Security != nil && len(*o.op.Security) == 0
	if public {
		token = ""
	}

	var schema *openapi3.Schema
	ct := ""
	if rb := o.op.RequestBody; rb != nil && rb.Value != nil {
		for _, c := range []string{"application/json", "application/x-www-form-urlencoded"} {
			if mt := rb.Value.Content.Get(c); mt != nil {
				ct = c
				if mt.Schema != nil {
					schema = mt.Schema.Value
				}
				break
			}
		}
		if ct == "" {
			return fmt.Errorf("request body of no content type contractcheck knows")
		}
	}
	base := d.sampleFor(name)
	if base == nil && o.op.RequestBody != nil && o.op.RequestBody.Value.Required {
		return fmt.Errorf("its body is required: add a valid one to contractcheck's sample")
	}

	// Invalid requests first: none of them may change anything.
	if !public {
		raw, _ := d.encodeValue(base, ct)
		d.send(request{op: name, label: "no token", method: o.method, path: path, contentType: ctIf(raw, ct), body: raw})
	}
	if base != nil && schema != nil {
		for _, v := range invalidBodies(base, schema, ct == "application/x-www-form-urlencoded") {
			raw, err := d.encodeValue(v.body, ct)
			if err != nil {
				return err
			}
			d.send(request{op: name, label: v.label, method: o.method, path: path, token: token, contentType: ct, body: raw})
		}
	}
	if hasParam(o, "query", "limit") {
		raw, _ := d.encodeValue(base, ct)
		for _, q := range []string{"limit=abc", "limit=101", "limit=0"} {
			d.send(request{op: name, label: "query " + q, method: o.method, path: path + "?" + q, token: token, contentType: ctIf(raw, ct), body: raw})
		}
	}

	// The valid requests.
	raw, err := d.encodeValue(d.sampleFor(name), ct)
	if err != nil {
		return err
	}
	r := d.send(request{op: name, label: "valid", method: o.method, path: path, token: token,
		contentType: ctIf(raw, ct), body: raw, valid: true})
	if r.status >= 300 {
		d.fail("%s: the valid request answered %d %s", name, r.status, r.body)
	}
	// A conditional request, once what it asks about is there: with
	// If-None-Match: * a repeat of the valid request answers 412.
	if hasParam(o, "header", "If-None-Match") {
		raw, err := d.encodeValue(d.sampleFor(name), ct)
		if err != nil {
			return err
		}
		d.send(request{op: name, label: "If-None-Match: *", method: o.method, path: path, token: token,
			contentType: ctIf(raw, ct), body: raw, header: http.Header{"If-None-Match": {"*"}}, valid: true})
	}
	if hasParam(o, "query", "limit") {
		d.send(request{op: name, label: "valid paged", method: o.method, path: path + "?offset=0&limit=1", token: token, valid: true})
	}
	return nil
}

// sampleFor answers the sample of the operation; /oauth/token's is a form.
func (d *driver) sampleFor(name string) map[string]any {
	if name == "POST /oauth/token" {
		return map[string]any{"grant_type": "client_credentials", "client_id": d.clientID, "client_secret": d.clientSecret}
	}
	return d.sample(name)
}

func (d *driver) encode(name string) ([]byte, string) {
	raw, _ := d.encodeValue(d.sampleFor(name), "application/json")
	return raw, ctIf(raw, "application/json")
}

func (d *driver) encodeValue(v map[string]any, ct string) ([]byte, error) {
	if v == nil {
		return nil, nil
	}
	if ct == "application/x-www-form-urlencoded" {
		form := url.Values{}
		for k, x := range v {
			form.Set(k, fmt.Sprint(x))
		}
		return []byte(form.Encode()), nil
	}
	return json.Marshal(v)
}

func ctIf(raw []byte, ct string) string {
	if raw == nil {
		return ""
	}
	return ct
}

func hasParam(o operation, in, name string) bool {
	for _, ps := range []openapi3.Parameters{o.item.Parameters, o.op.Parameters} {
		for _, p := range ps {
			if p.Value != nil && p.Value.In == in && p.Value.Name == name {
				return true
			}
		}
	}
	return false
}

type variant struct {
	label string
	body  map[string]any
}

// props answers the properties and required names of s, its allOf included.
func props(s *openapi3.Schema) (openapi3.Schemas, []string) {
	out, req := openapi3.Schemas{}, append([]string(nil), s.Required...)
	for k, v := range s.Properties {
		out[k] = v
	}
	for _, sub := range s.AllOf {
		if sub.Value != nil {
			p, r := props(sub.Value)
			for k, v := range p {
				out[k] = v
			}
			req = append(req, r...)
		}
	}
	return out, req
}

// typed answers s or the first of its allOf that states a type.
func typed(s *openapi3.Schema) *openapi3.Schema {
	if s.Type != nil && len(s.Type.Slice()) > 0 {
		return s
	}
	for _, sub := range s.AllOf {
		if sub.Value != nil {
			if t := typed(sub.Value); t != nil {
				return t
			}
		}
	}
	return nil
}

// invalidBodies derives, from the document, bodies that break it.
func invalidBodies(base map[string]any, s *openapi3.Schema, form bool) []variant {
	clone := func() map[string]any {
		m := make(map[string]any, len(base))
		for k, v := range base {
			m[k] = v
		}
		return m
	}
	properties, required := props(s)
	names := make([]string, 0, len(properties))
	for k := range properties {
		names = append(names, k)
	}
	sort.Strings(names)
	var out []variant
	if ap := s.AdditionalProperties.Has; ap != nil && !*ap {
		m := clone()
		m["contractCheckUnknownField"] = 1
		out = append(out, variant{"unknown field", m})
	}
	// A wrong type: of the first field the sample sends (a form has only
	// strings).
	for _, k := range names {
		if form {
			break
		}
		if _, sent := base[k]; !sent {
			continue
		}
		t := typed(properties[k].Value)
		if t == nil {
			continue
		}
		m := clone()
		if t.Type.Is("string") {
			m[k] = 12345
		} else {
			m[k] = "not-a-" + t.Type.Slice()[0]
		}
		out = append(out, variant{"wrong type of " + k, m})
		break
	}
	sort.Strings(required)
	if len(required) > 0 {
		m := clone()
		delete(m, required[0])
		out = append(out, variant{"required " + required[0] + " left out", m})
	}
	for _, k := range names {
		t := typed(properties[k].Value)
		if t == nil || !t.Type.Is("string") || t.MaxLength == nil {
			continue
		}
		m := clone()
		m[k] = strings.Repeat("a", int(*t.MaxLength)+1)
		out = append(out, variant{fmt.Sprintf("%s over its maxLength %d", k, *t.MaxLength), m})
	}
	return out
}

type response struct {
	status int
	body   []byte
}

// send sends r through the proxy and records what Prism reports of it.
func (d *driver) send(r request) response {
	d.requests++
	if r.setup {
		d.setupRequests++
	}
	if r.valid {
		d.validRequests++
	} else {
		d.invalidRequests++
	}
	var body io.Reader = http.NoBody
	if r.body != nil {
		body = bytes.NewReader(r.body)
	}
	what := fmt.Sprintf("%s (%s: %s %s)", r.op, r.label, r.method, r.path)
	req, err := http.NewRequest(r.method, d.base+r.path, body)
	if err != nil {
		d.fail("%s: %v", what, err)
		return response{}
	}
	if r.contentType != "" {
		req.Header.Set("Content-Type", r.contentType)
	}
	if r.token != "" {
		req.Header.Set("Authorization", "Bearer "+r.token)
	}
	for k, vs := range r.header {
		req.Header[k] = vs
	}
	if r.method == "POST" {
		req.Header.Set("Idempotency-Key", d.unique("contractcheck"))
	}
	res, err := d.http.Do(req)
	if err != nil {
		d.fail("%s: %v", what, err)
		return response{}
	}
	defer func() { _ = res.Body.Close() }()
	raw, err := io.ReadAll(res.Body)
	if err != nil {
		d.fail("%s: read the answer: %v", what, err)
	}
	if d.verbose {
		_, _ = fmt.Fprintf(d.out, "%d %s\n", res.StatusCode, what)
	}
	var reqV, resV []violation
	if h := res.Header.Get("sl-violations"); h != "" {
		var vs []violation
		if err := json.Unmarshal([]byte(h), &vs); err != nil {
			d.fail("%s: unreadable sl-violations header %q", what, h)
		}
		for _, v := range vs {
			if len(v.Location) > 0 && v.Location[0] == "request" {
				reqV = append(reqV, v)
			} else {
				resV = append(resV, v)
			}
		}
	}
	if isPrismError(res, raw) {
		d.fail("%s: Prism answered %d itself: %s", what, res.StatusCode, raw)
	}
	for _, v := range resV {
		d.fail("%s: answered %d; response violation: %s", what, res.StatusCode, v)
	}
	if r.valid {
		for _, v := range reqV {
			d.fail("%s: request meant to be valid; violation: %s", what, v)
		}
	} else {
		if len(reqV) > 0 {
			d.flagged++
		} else {
			d.notes = append(d.notes, fmt.Sprintf("%s: Prism saw no request violation (answered %d)", what, res.StatusCode))
		}
		if res.StatusCode < 400 {
			d.fail("%s: a request the document forbids answered %d %s", what, res.StatusCode, raw)
		}
	}
	return response{status: res.StatusCode, body: raw}
}

// isPrismError says whether the answer is Prism's own problem+json (it
// found no operation, or could not reach the server) rather than the
// server's.
func isPrismError(res *http.Response, raw []byte) bool {
	if !strings.HasPrefix(res.Header.Get("Content-Type"), "application/problem+json") {
		return false
	}
	var p struct {
		Type string `json:"type"`
	}
	return json.Unmarshal(raw, &p) == nil && strings.HasPrefix(p.Type, "https://stoplight.io/prism/errors#")
}

func (d *driver) fail(format string, args ...any) {
	d.failures = append(d.failures, fmt.Sprintf(format, args...))
}

// summary prints what was driven and found, and answers whether it passed.
func (d *driver) summary() bool {
	for _, n := range d.notes {
		_, _ = fmt.Fprintf(d.out, "note: %s\n", n)
	}
	for _, f := range d.failures {
		_, _ = fmt.Fprintf(d.out, "VIOLATION: %s\n", f)
	}
	_, _ = fmt.Fprintf(d.out, "contract-check: %d operations driven (%d in the document), %d requests through Prism (%d valid, %d of them to prepare; %d invalid, %d of them flagged by Prism), %d violations\n",
		d.ops, len(d.operations()), d.requests, d.validRequests, d.setupRequests, d.invalidRequests, d.flagged, len(d.failures))
	return len(d.failures) == 0
}
