package acctest

import (
	"bytes"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/tfversion"

	"github.com/adminapi/terraform-provider-adminapi/internal/server"
)

// issuedSecretKeys are the JSON fields of the API's answers that carry a
// secret the server made: tokens (access and refresh) and activation codes.
var issuedSecretKeys = []string{"token", "refresh_token", "access_token", "activationCode"}

// Requests records what a reference server was asked through a
// RecordedServer: every request as "METHOD /path", and every secret the
// server issued in an answer.
type Requests struct {
	mu      sync.Mutex
	calls   []string
	secrets map[string]bool
}

// StartRecordedServer starts a reference server behind a recording handler.
// The returned server's URL (and so its Config and ProviderBlock) goes
// through the recorder; its Client does not, so that what a test sets up
// behind Terraform's back is not counted.
func StartRecordedServer(t testing.TB, opts ...func(*server.Config)) (*Server, *Requests) {
	t.Helper()
	srv := StartServer(t, opts...)
	rec := &Requests{secrets: map[string]bool{}}
	ts := httptest.NewServer(rec.wrap(srv.Server.Handler()))
	t.Cleanup(ts.Close)
	recorded := *srv
	recorded.URL = ts.URL
	return &recorded, rec
}

// Calls answers every request so far, as "METHOD /path", in order.
func (rec *Requests) Calls() []string {
	rec.mu.Lock()
	defer rec.mu.Unlock()
	return slices.Clone(rec.calls)
}

// APICalls answers the requests other than authentication (/auth/* and
// /oauth/token), which the provider makes when it is configured: the calls
// that a resource, data source or ephemeral resource made.
func (rec *Requests) APICalls() []string {
	var out []string
	for _, c := range rec.Calls() {
		_, path, _ := strings.Cut(c, " ")
		if !strings.HasPrefix(path, "/auth/") && path != "/oauth/token" {
			out = append(out, c)
		}
	}
	return out
}

// IssuedSecrets answers every token and activation code the server handed
// out through the recorder, sorted.
func (rec *Requests) IssuedSecrets() []string {
	rec.mu.Lock()
	defer rec.mu.Unlock()
	out := make([]string, 0, len(rec.secrets))
	for s := range rec.secrets {
		out = append(out, s)
	}
	slices.Sort(out)
	return out
}

func (rec *Requests) wrap(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		rec.mu.Lock()
		rec.calls = append(rec.calls, r.Method+" "+r.URL.Path)
		rec.mu.Unlock()
		cw := &copyingWriter{ResponseWriter: w}
		next.ServeHTTP(cw, r)
		if cw.status >= 300 {
			return
		}
		var answer map[string]any
		if json.Unmarshal(cw.body.Bytes(), &answer) != nil {
			return
		}
		rec.mu.Lock()
		defer rec.mu.Unlock()
		for _, k := range issuedSecretKeys {
			if s, ok := answer[k].(string); ok && s != "" {
				rec.secrets[s] = true
			}
		}
	})
}

// copyingWriter keeps a copy of the answer it passes on.
type copyingWriter struct {
	http.ResponseWriter
	status int
	body   bytes.Buffer
}

func (w *copyingWriter) WriteHeader(status int) {
	w.status = status
	w.ResponseWriter.WriteHeader(status)
}

func (w *copyingWriter) Write(b []byte) (int, error) {
	if w.status == 0 {
		w.status = http.StatusOK
	}
	w.body.Write(b)
	return w.ResponseWriter.Write(b)
}

// RefusedBy says what refuses a bad input.
type RefusedBy int

const (
	// ByPlan is a check made before any API call: a validator of the
	// provider, its schema, or Terraform itself.
	ByPlan RefusedBy = iota
	// ByServerOnPlan is the API, when the plan reads: a data source or an
	// ephemeral resource.
	ByServerOnPlan
	// ByServerOnApply is the API, on apply.
	ByServerOnApply
)

// BadInput is a configuration the provider must refuse with an error that
// names the attribute.
type BadInput struct {
	Name   string // what is wrong
	Config string // HCL, without the provider block
	// Attribute is the attribute (or settings key) at fault; one of the
	// phrases of Error must name it.
	Attribute string
	// Error holds phrases of the error, in order (see ErrorRegexp).
	Error []string
	By    RefusedBy
}

// ExpectRefused runs every bad input against srv, whose requests rec
// records: each is a step that must fail with its error. Those refused
// ByPlan or ByServerOnPlan are PlanOnly steps of one test; a ByPlan one must
// make no API call but authentication (the provider's Configure logs in).
// Those refused ByServerOnApply are applied, in a test of their own.
func ExpectRefused(t *testing.T, srv *Server, rec *Requests, cases []BadInput) {
	t.Helper()
	var onPlan, onApply []resource.TestStep
	mark, last := 0, -1
	// callsOf checks the calls since the previous step began, made by case i.
	callsOf := func(i int) {
		calls := rec.APICalls()
		if i >= 0 && cases[i].By == ByPlan && len(calls) > mark {
			t.Errorf("bad input %q is refused at plan time, yet the API was called: %v", cases[i].Name, calls[mark:])
		}
		mark = len(calls)
	}
	for i, c := range cases {
		if !slices.ContainsFunc(c.Error, func(p string) bool { return strings.Contains(p, c.Attribute) }) || c.Attribute == "" {
			t.Fatalf("bad input %q: no phrase of the expected error names the attribute %q", c.Name, c.Attribute)
		}
		step := resource.TestStep{Config: srv.Config(c.Config), ExpectError: ErrorRegexp(c.Error...)}
		if c.By == ByServerOnApply {
			onApply = append(onApply, step)
			continue
		}
		step.PlanOnly = true
		step.PreConfig = func() {
			callsOf(last)
			last = i
		}
		onPlan = append(onPlan, step)
	}
	run := func(steps []resource.TestStep) {
		t.Helper()
		if len(steps) == 0 {
			return
		}
		resource.Test(t, resource.TestCase{
			ProtoV6ProviderFactories: ProviderFactories,
			TerraformVersionChecks:   []tfversion.TerraformVersionCheck{tfversion.SkipBelow(tfversion.Version1_11_0)},
			Steps:                    steps,
		})
	}
	run(onPlan)
	callsOf(last)
	run(onApply)
}
