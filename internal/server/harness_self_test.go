package server

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

// TestValidatorCatchesDrift: the validating wrapper reports an error id
// under a status that does not carry it, and a request marked valid that
// breaks the document; it lets the right pairings through.
func TestValidatorCatchesDrift(t *testing.T) {
	const deletionDisabled = `{"error":{"id":"deletion-disabled","message":"m"}}`
	cases := []struct {
		name         string
		method, path string
		body         string
		status       int
		answer       string
		rejected     bool
	}{
		{"404 unknown-resource", "GET", "/users/root", "", 404, `{"error":{"id":"unknown-resource","message":"m"}}`, false},
		{"404 forbidden", "GET", "/users/root", "", 404, `{"error":{"id":"forbidden","message":"m"}}`, true},
		{"400 conflict", "POST", "/roles", `{"name":"x"}`, 400, `{"error":{"id":"conflict","message":"m"}}`, true},
		{"401 forbidden", "GET", "/auth/me", "", 401, `{"error":{"id":"forbidden","message":"m"}}`, true},
		{"500 invalid-parameters-format", "GET", "/roles", "", 500, `{"error":{"id":"invalid-parameters-format","message":"m"}}`, true},
		{"403 deletion-disabled on a platform user", "DELETE", "/platform-users/alice", "", 403, deletionDisabled, false},
		{"403 deletion-disabled on an admin user", "DELETE", "/users/alice", "", 403, deletionDisabled, true},
		{"unknown route answering 404 forbidden", "GET", "/nope", "", 404, `{"error":{"id":"forbidden","message":"m"}}`, true},
		{"valid-marked request with a null", "PATCH", "/platform-users/alice", `{"tags":null}`, 404,
			`{"error":{"id":"unknown-resource","message":"m"}}`, true},
	}
	for _, c := range cases {
		rec := &recordingTB{TB: t}
		answer := http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
			w.Header().Set("Content-Type", "application/json")
			w.WriteHeader(c.status)
			_, _ = w.Write([]byte(c.answer))
		})
		r := httptest.NewRequestWithContext(t.Context(), c.method, c.path, strings.NewReader(c.body))
		r.Header.Set("Authorization", "Bearer x")
		if c.body != "" {
			r.Header.Set("Content-Type", "application/json")
		}
		newOpenAPIValidator(rec, answer).ServeHTTP(httptest.NewRecorder(), r)
		if rejected := len(rec.errs) > 0; rejected != c.rejected {
			t.Errorf("%s: rejected %v, want %v: %v", c.name, rejected, c.rejected, rec.errs)
		}
	}
}
