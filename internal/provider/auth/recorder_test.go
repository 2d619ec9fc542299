package auth_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"maps"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-testing/echoprovider"

	"github.com/adminapi/terraform-provider-adminapi/internal/acctest"
	"github.com/adminapi/terraform-provider-adminapi/internal/server"
)

// tokenRecorder sits in front of the reference server and notes every token
// the server issues (POST /auth/login, POST /oauth/token) with whom it was
// issued to, and the answer to every request that presented a bearer token.
type tokenRecorder struct {
	mu     sync.Mutex
	issued map[string]string // token (access or refresh) -> username or client id
	// attempts counts the logins asked for, by username, whatever the answer.
	attempts map[string]int
	uses     []tokenUse
}

type tokenUse struct {
	token, method, path string
	status              int
}

// startRecordedServer starts a reference server reached through a
// tokenRecorder: the returned server's URL (and so its Config) goes through it.
func startRecordedServer(t *testing.T, opts ...func(*server.Config)) (*acctest.Server, *tokenRecorder) {
	t.Helper()
	srv := acctest.StartServer(t, opts...)
	rec := &tokenRecorder{issued: map[string]string{}, attempts: map[string]int{}}
	ts := httptest.NewServer(rec.wrap(srv.Server.Handler()))
	t.Cleanup(ts.Close)
	recorded := *srv
	recorded.URL = ts.URL
	return &recorded, rec
}

// providerFactories serve adminapi and the echo provider, which copies an
// ephemeral value into its state for the test to read.
func providerFactories() map[string]func() (tfprotov6.ProviderServer, error) {
	f := maps.Clone(acctest.ProviderFactories)
	f["echo"] = echoprovider.NewProviderServer()
	return f
}

type capturingWriter struct {
	http.ResponseWriter
	status int
	body   bytes.Buffer
}

func (w *capturingWriter) WriteHeader(status int) {
	w.status = status
	w.ResponseWriter.WriteHeader(status)
}

func (w *capturingWriter) Write(b []byte) (int, error) {
	if w.status == 0 {
		w.status = http.StatusOK
	}
	w.body.Write(b)
	return w.ResponseWriter.Write(b)
}

func (rec *tokenRecorder) wrap(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		issuing := r.Method == http.MethodPost && (r.URL.Path == "/auth/login" || r.URL.Path == "/oauth/token")
		var reqBody []byte
		if issuing {
			reqBody, _ = io.ReadAll(r.Body)
			r.Body = io.NopCloser(bytes.NewReader(reqBody))
		}
		cw := &capturingWriter{ResponseWriter: w}
		next.ServeHTTP(cw, r)
		rec.mu.Lock()
		defer rec.mu.Unlock()
		if bearer, ok := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer "); ok {
			rec.uses = append(rec.uses, tokenUse{token: bearer, method: r.Method, path: r.URL.Path, status: cw.status})
		}
		if !issuing {
			return
		}
		who := requester(r, reqBody)
		if r.URL.Path == "/auth/login" {
			rec.attempts[who]++
		}
		if cw.status == http.StatusOK {
			rec.noteIssued(who, cw.body.Bytes())
		}
	})
}

// requester answers the username of a login, the client id of a token request.
func requester(r *http.Request, body []byte) string {
	if r.URL.Path == "/auth/login" {
		var in struct{ Username string }
		_ = json.Unmarshal(body, &in)
		return in.Username
	}
	form, _ := url.ParseQuery(string(body))
	return form.Get("client_id")
}

func (rec *tokenRecorder) noteIssued(who string, respBody []byte) {
	var out struct {
		Token        string `json:"token"`
		RefreshToken string `json:"refresh_token"`
		AccessToken  string `json:"access_token"`
	}
	_ = json.Unmarshal(respBody, &out)
	for _, tok := range []string{out.Token, out.RefreshToken, out.AccessToken} {
		if tok != "" {
			rec.issued[tok] = who
		}
	}
}

// issuedTo answers whom the server issued token to.
func (rec *tokenRecorder) issuedTo(token string) (string, bool) {
	rec.mu.Lock()
	defer rec.mu.Unlock()
	who, ok := rec.issued[token]
	return who, ok
}

// issuedTokens answers every token the server issued so far.
func (rec *tokenRecorder) issuedTokens() []string {
	rec.mu.Lock()
	defer rec.mu.Unlock()
	out := make([]string, 0, len(rec.issued))
	for tok := range rec.issued {
		out = append(out, tok)
	}
	return out
}

// answered checks that a request presenting token got the given status.
func (rec *tokenRecorder) answered(token, method, path string, status int) error {
	rec.mu.Lock()
	defer rec.mu.Unlock()
	var seen []string
	for _, u := range rec.uses {
		if u.token != token {
			continue
		}
		if u.method == method && u.path == path && u.status == status {
			return nil
		}
		seen = append(seen, fmt.Sprintf("%s %s: %d", u.method, u.path, u.status))
	}
	return fmt.Errorf("no %s %s presenting the token answered %d; requests with it: %v", method, path, status, seen)
}

// loginAttempts counts the logins as username the server was asked for.
func (rec *tokenRecorder) loginAttempts(username string) int {
	rec.mu.Lock()
	defer rec.mu.Unlock()
	return rec.attempts[username]
}
