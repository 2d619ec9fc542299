package client

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"

	"github.com/adminapi/terraform-provider-adminapi/internal/api"
)

func TestMaskJSON(t *testing.T) {
	in := `{"username":"alice","password":"p1","nested":{"refresh_token":"r1","list":[{"client_secret":"s1","access_token":"a1","keep":1.50}]},` +
		`"token":{"deep":"t1"},"Authorization":"Bearer b1","invitationToken":"i1","REGISTER_ADMIN_KEY":"k1","error":{"id":"x","data":{"email":"bad"}}}`
	got := maskJSON([]byte(in))
	var v map[string]any
	if err := json.Unmarshal([]byte(got), &v); err != nil {
		t.Fatalf("masked body is not JSON: %s", got)
	}
	for _, secret := range []string{"p1", "r1", "s1", "a1", "t1", "b1", "i1", "k1"} {
		if strings.Contains(got, secret) {
			t.Errorf("masked body still holds %q: %s", secret, got)
		}
	}
	for _, kept := range []string{`"username":"alice"`, `"keep":1.50`, `"email":"bad"`, `"id":"x"`} {
		if !strings.Contains(got, kept) {
			t.Errorf("masked body lost %s: %s", kept, got)
		}
	}
	for _, body := range []string{"<html>password=p1</html>", `{"password":"p1"} trailing`, ""} {
		if got := maskJSON([]byte(body)); strings.Contains(got, "p1") || !strings.Contains(got, "not JSON") {
			t.Errorf("maskJSON(%q) = %q", body, got)
		}
	}
}

// TestLogsNeverHoldSecrets goes through every way to authenticate, renewals
// and error answers that echo secrets, and looks for the secrets in the log.
func TestLogsNeverHoldSecrets(t *testing.T) {
	f := newFakeAuth(t)
	const static = "static-token-Secret-3"
	const userPassword = "platform-user-Password-4"
	echo := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/platform-users" {
			writeJSON(w, 400, `{"error":{"id":"invalid-parameters-format","message":"bad","data":{"password":"`+userPassword+`","token":"`+bearer(r)+`"}}}`)
			return
		}
		f.ServeHTTP(w, r)
	})
	srv := serve(t, echo)
	var loggers []*recordingLogger
	for _, cfg := range []Config{f.loginConfig(), f.clientConfig(), {Token: static}} {
		c, _, logger := newTestClient(t, srv.URL, cfg)
		loggers = append(loggers, logger)
		if _, err := c.Me(t.Context()); err != nil && cfg.Token == "" {
			t.Fatal(err)
		}
		f.revokeAll()
		_, _ = c.Me(t.Context())
		pw := userPassword
		_, _ = c.CreatePlatformUser(t.Context(), api.CreatePlatformUser{Username: "bob1", Email: "b@example.com", Password: &pw})
		if cfg.Username != "" {
			pair, err := c.Login(t.Context(), f.username, f.password)
			if err != nil {
				t.Fatal(err)
			}
			_, _ = c.Login(t.Context(), f.username, "wrong-"+f.password)
			_ = c.Logout(t.Context(), pair.Token)
		}
	}
	var all strings.Builder
	for _, l := range loggers {
		all.WriteString(l.String())
	}
	out := all.String()
	if !strings.Contains(out, "status=400") || !strings.Contains(out, "body=") || !strings.Contains(out, "/auth/refresh") {
		t.Fatalf("the log misses the lines looked at:\n%s", out)
	}
	secrets := []string{f.password, f.secret, static, userPassword, "login-access-", "cc-access-", "refreshed-access-", "login-refresh-", "refreshed-refresh-"}
	for _, s := range secrets {
		if strings.Contains(out, s) {
			t.Errorf("the log holds %q:\n%s", s, out)
		}
	}
	for _, line := range loggers[0].requests() {
		keys := make([]string, 0, len(line.fields))
		for k := range line.fields {
			keys = append(keys, k)
		}
		for _, want := range []string{"method", "path", "attempt", "duration_ms"} {
			if _, ok := line.fields[want]; !ok {
				t.Errorf("a request line has no %s: %v", want, keys)
			}
		}
	}
}
