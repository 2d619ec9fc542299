package client

import (
	"errors"
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/adminapi/terraform-provider-adminapi/internal/api"
)

func TestAPIErrorReadsWell(t *testing.T) {
	srv := serve(t, http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		writeJSON(w, 409, `{"error":{"id":"item-already-exists","message":"username \"alice\" is taken","data":{"username":"already exists","b":"x"}}}`)
	}))
	c, _, _ := newTestClient(t, srv.URL, Config{Token: "t"})
	_, err := c.CreateAdminUser(t.Context(), api.CreateAdminUser{Username: "alice", Password: "password1"})
	const want = `POST /users: 409 item-already-exists: username "alice" is taken (b: x, username: already exists)`
	if err == nil || err.Error() != want {
		t.Fatalf("error %v\nwant  %s", err, want)
	}
	e, ok := AsAPIError(err)
	if !ok || e.Status != 409 || e.ID != api.ErrItemAlreadyExists || e.Data["username"] != "already exists" || e.Method != "POST" || e.Path != "/users" {
		t.Errorf("APIError %+v", e)
	}
}

func TestNonEnvelopeAnswersStillGiveAPIError(t *testing.T) {
	tests := []struct {
		name, contentType, body string
		status                  int
		want                    string
	}{
		{"proxy HTML", "text/html; charset=utf-8", "<html><body><h1>502 Bad Gateway</h1></body></html>", 502,
			"POST /roles: 502: Bad Gateway (not the API's error envelope: text/html, 50 bytes)"},
		{"plain text", "text/plain", "upstream   connect error\n", 500, "POST /roles: 500: upstream connect error"},
		{"long plain text", "text/plain", strings.Repeat("é", 300), 500, "POST /roles: 500: " + strings.Repeat("é", 100) + "…"},
		{"empty", "", "", 418, "POST /roles: 418: I'm a teapot"},
		{"JSON without the envelope", "application/json", `{"oops":true}`, 500,
			"POST /roles: 500: Internal Server Error (not the API's error envelope: application/json, 13 bytes)"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := serve(t, http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
				if tt.contentType != "" {
					w.Header().Set("Content-Type", tt.contentType)
				}
				w.WriteHeader(tt.status)
				_, _ = w.Write([]byte(tt.body))
			}))
			c, _, _ := newTestClient(t, srv.URL, Config{Token: "t"})
			_, err := c.CreateRole(t.Context(), api.CreateRole{Name: "r"})
			e, ok := AsAPIError(err)
			if !ok {
				t.Fatalf("got %v, want an *APIError", err)
			}
			if e.Status != tt.status || e.ID != "" {
				t.Errorf("status %d id %q", e.Status, e.ID)
			}
			if err.Error() != tt.want {
				t.Errorf("error %q\nwant  %q", err, tt.want)
			}
		})
	}
}

func TestErrorPredicates(t *testing.T) {
	mk := func(status int, id string) error {
		return fmt.Errorf("wrapped: %w", &APIError{Status: status, ID: id})
	}
	preds := map[string]func(error) bool{
		"IsNotFound": IsNotFound, "IsConflict": IsConflict, "IsAlreadyExists": IsAlreadyExists,
		"IsDeletionDisabled": IsDeletionDisabled, "IsForbidden": IsForbidden, "IsUnauthorized": IsUnauthorized,
	}
	tests := []struct {
		err  error
		true []string
	}{
		{mk(404, api.ErrUnknownResource), []string{"IsNotFound"}},
		{mk(409, api.ErrItemAlreadyExists), []string{"IsConflict", "IsAlreadyExists"}},
		{mk(409, api.ErrConflict), []string{"IsConflict"}},
		{mk(403, api.ErrDeletionDisabled), []string{"IsForbidden", "IsDeletionDisabled"}},
		{mk(403, api.ErrForbidden), []string{"IsForbidden"}},
		{mk(401, api.ErrInvalidAccessToken), []string{"IsUnauthorized"}},
		{mk(500, api.ErrUnexpected), nil},
		{errors.New("not found"), nil},
		{nil, nil},
	}
	for _, tt := range tests {
		for name, pred := range preds {
			want := false
			for _, n := range tt.true {
				want = want || n == name
			}
			if got := pred(tt.err); got != want {
				t.Errorf("%s(%v) = %v, want %v", name, tt.err, got, want)
			}
		}
	}
}

// A 429 or a 503 that outlasts the retries names max_retries,
// max_requests_per_second and how fast the client was sending.
func TestRetriesOutlastedNameTheSettings(t *testing.T) {
	tests := []struct {
		name   string
		status int
		cfg    Config
		want   string
	}{
		{"429 without a ceiling", 429, Config{MaxRetries: 3},
			"GET /roles/r: 429 some-id: failed (gave up after 4 attempts to %s: max_retries = 3, max_requests_per_second unset, " +
				"and the client had slowed to 1 request a second; raise max_retries to wait longer, or set max_requests_per_second under the server's limit)"},
		{"429 under a ceiling", 429, Config{MaxRetries: 2, MaxRequestsPerSecond: 20},
			"GET /roles/r: 429 some-id: failed (gave up after 3 attempts to %s: max_retries = 2, max_requests_per_second = 20, " +
				"and the client had slowed to 1 request a second; raise max_retries to wait longer, or lower max_requests_per_second under the server's limit)"},
		{"503 without a ceiling", 503, Config{MaxRetries: 3},
			"GET /roles/r: 503 some-id: failed (gave up after 4 attempts to %s: max_retries = 3, max_requests_per_second unset, " +
				"and no 429 had slowed the client down; raise max_retries to wait longer, or if the server is overloaded, set max_requests_per_second to ease its load)"},
		{"503 under a ceiling", 503, Config{MaxRetries: 3, MaxRequestsPerSecond: 12.5},
			"GET /roles/r: 503 some-id: failed (gave up after 4 attempts to %s: max_retries = 3, max_requests_per_second = 12.5, " +
				"and the client was sending up to 12.5 requests a second; raise max_retries to wait longer, or if the server is overloaded, lower max_requests_per_second to ease its load)"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			url, _ := failing(t, tt.status, nil)
			tt.cfg.Token = "t"
			c, _, _ := newTestClient(t, url, tt.cfg)
			_, err := c.GetRole(t.Context(), "r")
			if want := fmt.Sprintf(tt.want, url); err == nil || err.Error() != want {
				t.Errorf("got  %v\nwant %s", err, want)
			}
			if e, ok := AsAPIError(err); !ok || e.Status != tt.status {
				t.Errorf("the error does not unwrap to the %d answer: %v", tt.status, err)
			}
		})
	}
}
