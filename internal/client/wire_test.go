package client

import (
	"io"
	"net/http"
	"sync"
	"testing"

	"github.com/adminapi/terraform-provider-adminapi/internal/api"
)

// seen is one request as the server saw it.
type seen struct {
	method, escapedPath, query, contentType, body, auth string
}

// recorder answers 200 {} to everything and keeps each request.
type recorder struct {
	mu   sync.Mutex
	reqs []seen
}

func (rec *recorder) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	body, _ := io.ReadAll(r.Body)
	rec.mu.Lock()
	rec.reqs = append(rec.reqs, seen{r.Method, r.URL.EscapedPath(), r.URL.RawQuery, r.Header.Get("Content-Type"), string(body), r.Header.Get("Authorization")})
	rec.mu.Unlock()
	writeJSON(w, 200, `{}`)
}

func (rec *recorder) last() seen {
	rec.mu.Lock()
	defer rec.mu.Unlock()
	return rec.reqs[len(rec.reqs)-1]
}

func TestRequestsOnTheWire(t *testing.T) {
	rec := &recorder{}
	c, _, _ := newTestClient(t, serve(t, rec).URL, Config{Token: "tok"})
	ctx := t.Context()
	pw := "new-password"
	tests := []struct {
		name string
		do   func() error
		want seen
	}{
		{"path segments are escaped", func() error { _, err := c.GetAdminUser(ctx, "a/b c?d"); return err },
			seen{method: "GET", escapedPath: "/users/a%2Fb%20c%3Fd", auth: "Bearer tok"}},
		{"member path", func() error { _, err := c.GetAccountMember(ctx, "id 1", "u/2"); return err },
			seen{method: "GET", escapedPath: "/accounts/id%201/users/u%2F2", auth: "Bearer tok"}},
		{"notify without services", func() error { _, err := c.Notify(ctx, nil); return err },
			seen{method: "POST", escapedPath: "/admin/notify", contentType: "application/json", body: `{}`, auth: "Bearer tok"}},
		{"notify with services", func() error { _, err := c.Notify(ctx, []string{"core"}); return err },
			seen{method: "POST", escapedPath: "/admin/notify", contentType: "application/json", body: `{"services":["core"]}`, auth: "Bearer tok"}},
		{"random password has no body", func() error { _, err := c.ResetAdminUserPassword(ctx, "ann", nil); return err },
			seen{method: "POST", escapedPath: "/users/ann/reset-password", auth: "Bearer tok"}},
		{"given password", func() error { _, err := c.ResetAdminUserPassword(ctx, "ann", &pw); return err },
			seen{method: "POST", escapedPath: "/users/ann/reset-password", contentType: "application/json", body: `{"password":"new-password"}`, auth: "Bearer tok"}},
		{"platform user filters", func() error {
			_, err := c.ListPlatformUsers(ctx, api.PlatformUserFilter{Email: "a+b@x.org", Status: "enabled", Tag: "t", Role: "r", ExternalID: "e", Name: "N N"}, 5, 50)
			return err
		}, seen{method: "GET", escapedPath: "/platform-users", query: "email=a%2Bb%40x.org&external_id=e&limit=50&name=N+N&offset=5&role=r&status=enabled&tag=t", auth: "Bearer tok"}},
		{"accounts by name", func() error { _, err := c.ListAccounts(ctx, "acme", 0, 0); return err },
			seen{method: "GET", escapedPath: "/accounts", query: "name=acme&offset=0", auth: "Bearer tok"}},
		{"enable", func() error { _, err := c.EnablePlatformUser(ctx, "bob1"); return err },
			seen{method: "POST", escapedPath: "/platform-users/bob1/enable", auth: "Bearer tok"}},
		{"login sends no token", func() error { _, err := c.Login(ctx, "u", "p"); return err },
			seen{method: "POST", escapedPath: "/auth/login", contentType: "application/json", body: `{"username":"u","password":"p"}`}},
		{"logout sends the given token", func() error { return c.Logout(ctx, "other") },
			seen{method: "POST", escapedPath: "/auth/logout", auth: "Bearer other"}},
		{"refresh activation code", func() error { _, err := c.RefreshActivationCode(ctx, "acc"); return err },
			seen{method: "PUT", escapedPath: "/accounts/acc/activationcode/refresh", auth: "Bearer tok"}},
	}
	for _, tt := range tests {
		if err := tt.do(); err != nil {
			t.Errorf("%s: %v", tt.name, err)
			continue
		}
		if got := rec.last(); got != tt.want {
			t.Errorf("%s:\n got %+v\nwant %+v", tt.name, got, tt.want)
		}
	}
}

func TestEmptyPathSegmentIsRefusedWithoutARequest(t *testing.T) {
	rec := &recorder{}
	c, _, _ := newTestClient(t, serve(t, rec).URL, Config{Token: "tok"})
	if _, err := c.GetAdminUser(t.Context(), ""); err == nil {
		t.Error("GetAdminUser(\"\") sent")
	}
	if err := c.RemoveAccountMember(t.Context(), "", "bob"); err == nil {
		t.Error("RemoveAccountMember(\"\", bob) sent")
	}
	if len(rec.reqs) != 0 {
		t.Errorf("requests sent: %+v", rec.reqs)
	}
}

func TestUndecodableAnswerIsAnError(t *testing.T) {
	srv := serve(t, http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		writeJSON(w, 200, `not json`)
	}))
	c, _, _ := newTestClient(t, srv.URL, Config{Token: "tok"})
	if _, err := c.GetRole(t.Context(), "r"); err == nil {
		t.Error("no error")
	}
}
