package client

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/google/uuid"

	"github.com/adminapi/terraform-provider-adminapi/internal/api"
)

// keyRecorder records the Idempotency-Key of every request ("" when none).
type keyRecorder struct {
	mu   sync.Mutex
	keys []string
}

func (k *keyRecorder) record(r *http.Request) {
	k.mu.Lock()
	defer k.mu.Unlock()
	k.keys = append(k.keys, r.Header.Get("Idempotency-Key"))
}

func (k *keyRecorder) all() []string {
	k.mu.Lock()
	defer k.mu.Unlock()
	return append([]string(nil), k.keys...)
}

func TestCreateKeepsItsIdempotencyKeyAcrossRetries(t *testing.T) {
	var keys keyRecorder
	srv := serve(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		keys.record(r)
		hijackAndClose(t, w)
	}))
	c, _, _ := newTestClient(t, srv.URL, Config{Token: "t", MaxRetries: 3})
	if _, err := c.CreateRole(t.Context(), api.CreateRole{Name: "r"}); err == nil {
		t.Fatal("no error from a server that resets every connection")
	}
	got := keys.all()
	if len(got) != 4 {
		t.Fatalf("%d attempts, want 4", len(got))
	}
	if _, err := uuid.Parse(got[0]); err != nil {
		t.Fatalf("Idempotency-Key %q is not a UUID: %v", got[0], err)
	}
	for i, k := range got {
		if k != got[0] {
			t.Errorf("attempt %d sent key %q, the first sent %q", i+1, k, got[0])
		}
	}
}

func TestEveryPostHasAFreshIdempotencyKey(t *testing.T) {
	var keys keyRecorder
	srv := serve(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		keys.record(r)
		switch r.Method {
		case http.MethodPost:
			writeJSON(w, 201, `{}`)
		case http.MethodDelete:
			w.WriteHeader(204)
		default:
			writeJSON(w, 200, `{}`)
		}
	}))
	c, _, _ := newTestClient(t, srv.URL, Config{Token: "t"})
	ctx := t.Context()
	posts := []func() error{
		func() error { _, err := c.CreateRole(ctx, api.CreateRole{Name: "r"}); return err },
		func() error { _, err := c.CreateRole(ctx, api.CreateRole{Name: "r"}); return err },
		func() error { _, err := c.Login(ctx, "u", "p"); return err },
		func() error { return c.Logout(ctx, "tok") },
		func() error { _, err := c.Notify(ctx, nil); return err },
		func() error { _, err := c.AssignRole(ctx, "u", "r"); return err },
	}
	for i, post := range posts {
		if err := post(); err != nil {
			t.Fatalf("POST %d: %v", i, err)
		}
	}
	seen := map[string]bool{}
	for i, k := range keys.all() {
		if k == "" || seen[k] {
			t.Errorf("POST %d sent key %q; want a fresh one", i, k)
		}
		seen[k] = true
	}

	for _, method := range []string{http.MethodGet, http.MethodPut, http.MethodPatch, http.MethodDelete} {
		keys = keyRecorder{}
		if err := callWith(c, method); err != nil {
			t.Fatalf("%s: %v", method, err)
		}
		if k := keys.all(); len(k) != 1 || k[0] != "" {
			t.Errorf("%s sent Idempotency-Key %q", method, k)
		}
	}
}

// The resend after a token renewal is the same call: a key the first
// attempts used may have created the object.
func TestCreateKeepsItsKeyAcrossATokenRenewal(t *testing.T) {
	var keys keyRecorder
	var logins atomic.Int32
	srv := serve(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/auth/login" {
			n := logins.Add(1)
			writeJSON(w, 200, fmt.Sprintf(`{"token":"tok-%d","refresh_token":"","expires_at":"2000-01-01T00:00:00Z"}`, n))
			return
		}
		keys.record(r)
		if bearer(r) == "tok-1" {
			writeError(w, 401, "invalid-access-token", "revoked")
			return
		}
		writeJSON(w, 201, `{"name":"r"}`)
	}))
	c, _, _ := newTestClient(t, srv.URL, Config{Username: "u", Password: "p"})
	if _, err := c.CreateRole(t.Context(), api.CreateRole{Name: "r"}); err != nil {
		t.Fatal(err)
	}
	if got := keys.all(); len(got) != 2 || got[0] == "" || got[0] != got[1] {
		t.Errorf("keys %q, want the same key twice", got)
	}
}

// A DELETE whose earlier attempt may have reached the server ends in 404
// when that attempt deleted the object: that is success. A 404 on the first
// attempt, or after attempts the server refused unseen, is not.
func TestDeleteGoneAfterARetryIsDone(t *testing.T) {
	tests := []struct {
		first   string // what the first attempt meets
		success bool
	}{
		{"reset", true},
		{"503", true},
		{"502", true},
		{"429", false},
		{"none", false},
	}
	for _, tt := range tests {
		t.Run(tt.first, func(t *testing.T) {
			var hits atomic.Int32
			srv := serve(t, http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
				if hits.Add(1) == 1 {
					if tt.first == "reset" {
						hijackAndClose(t, w)
						return
					}
					if status, err := strconv.Atoi(tt.first); err == nil {
						writeError(w, status, "some-id", "failed")
						return
					}
				}
				writeError(w, 404, "unknown-resource", "no such role")
			}))
			c, _, _ := newTestClient(t, srv.URL, Config{Token: "t", MaxRetries: 2})
			err := c.DeleteRole(t.Context(), "r")
			if tt.success && err != nil {
				t.Errorf("got %v, want success", err)
			}
			if !tt.success && !IsNotFound(err) {
				t.Errorf("got %v, want a 404", err)
			}
			// A GET's 404 is an answer, whatever came before.
			hits.Store(0)
			if _, err := c.GetRole(context.Background(), "r"); !IsNotFound(err) {
				t.Errorf("GET: got %v, want a 404", err)
			}
		})
	}
}

func TestRefusedAttemptsDidNotReachTheServer(t *testing.T) {
	c, _, _ := newTestClient(t, closedAddress(t), Config{Token: "t"})
	o := c.restAttempt(call{method: http.MethodDelete, path: "/roles/r"})(t.Context())
	if o.err == nil || mayHaveActed(o) {
		t.Errorf("a refused connection may have acted: %v", o.err)
	}
}

// A repeat that meets the first attempt still running (409 conflict) is
// retried until the first attempt's answer is stored; a 409 conflict to a
// first attempt is the API's answer.
func TestCreateRetriesWhileItsFirstAttemptRuns(t *testing.T) {
	var hits atomic.Int32
	srv := serve(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch hits.Add(1) {
		case 1:
			_, _ = io.Copy(io.Discard, r.Body)
			hijackAndClose(t, w)
		case 2, 3:
			writeError(w, 409, api.ErrConflict, "a request with this Idempotency-Key is still being handled")
		default:
			writeJSON(w, 201, `{"name":"r"}`)
		}
	}))
	c, _, _ := newTestClient(t, srv.URL, Config{Token: "t", MaxRetries: 4})
	if _, err := c.CreateRole(t.Context(), api.CreateRole{Name: "r"}); err != nil {
		t.Fatal(err)
	}
	if n := hits.Load(); n != 4 {
		t.Errorf("%d attempts, want 4", n)
	}

	hits.Store(1)
	if _, err := c.CreateRole(t.Context(), api.CreateRole{Name: "r"}); !IsConflict(err) {
		t.Fatalf("got %v, want the 409", err)
	}
	if n := hits.Load(); n != 2 {
		t.Errorf("%d attempts, want 1", n-1)
	}
}
