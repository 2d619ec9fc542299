package client

import (
	"crypto/x509"
	"encoding/pem"
	"errors"
	"math"
	"net/http"
	"strings"
	"sync"
	"testing"

	"golang.org/x/time/rate"
)

func TestNewRejectsBadConfig(t *testing.T) {
	const ep = "http://127.0.0.1:8080"
	tests := []struct {
		name string
		cfg  Config
		want []string
	}{
		{"no auth", Config{Endpoint: ep}, []string{"authentication", "none is set"}},
		{"token and login", Config{Endpoint: ep, Token: "t", Username: "u", Password: "p"}, []string{"token and username/password are set"}},
		{"all three", Config{Endpoint: ep, Token: "t", Username: "u", Password: "p", ClientID: "c", ClientSecret: "s"}, []string{"token and username/password and client_id/client_secret"}},
		{"username alone", Config{Endpoint: ep, Username: "u"}, []string{"username and password: must be set together"}},
		{"secret alone", Config{Endpoint: ep, ClientSecret: "s"}, []string{"client_id and client_secret: must be set together"}},
		{"no endpoint", Config{Token: "t"}, []string{"endpoint: must be set"}},
		{"ftp endpoint", Config{Endpoint: "ftp://host", Token: "t"}, []string{"endpoint: must be an http:// or https:// URL"}},
		{"no host", Config{Endpoint: "http://", Token: "t"}, []string{"endpoint: must be an http:// or https:// URL"}},
		{"not a URL", Config{Endpoint: "127.0.0.1:8080", Token: "t"}, []string{"endpoint:"}},
		{"query", Config{Endpoint: ep + "?a=b", Token: "t"}, []string{"endpoint: must not have a query"}},
		{"bad PEM", Config{Endpoint: ep, Token: "t", CACertPEM: "not a certificate"}, []string{"ca_cert_pem"}},
		{"negative retries", Config{Endpoint: ep, Token: "t", MaxRetries: -1}, []string{"max_retries"}},
		{"negative timeout", Config{Endpoint: ep, Token: "t", RequestTimeout: -1}, []string{"request_timeout"}},
		{"negative rate", Config{Endpoint: ep, Token: "t", MaxRequestsPerSecond: -1}, []string{"max_requests_per_second"}},
		{"NaN rate", Config{Endpoint: ep, Token: "t", MaxRequestsPerSecond: math.NaN()}, []string{"max_requests_per_second"}},
		{"scopes without client", Config{Endpoint: ep, Token: "t", Scopes: []string{"a"}}, []string{"scopes"}},
		{"two faults at once", Config{Endpoint: "x", MaxRetries: -2}, []string{"endpoint:", "authentication", "max_retries"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, err := New(tt.cfg)
			if err == nil {
				t.Fatalf("New accepted %+v", tt.cfg)
			}
			if c != nil {
				t.Errorf("New returned a client with an error")
			}
			for _, w := range tt.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q does not say %q", err, w)
				}
			}
		})
	}
}

func TestNewAcceptsEachAuthMethod(t *testing.T) {
	for _, cfg := range []Config{
		{Endpoint: "http://127.0.0.1:1", Token: "t"},
		{Endpoint: "https://example.test/prefix/", Username: "u", Password: "p"},
		{Endpoint: "http://[::1]:8080", ClientID: "c", ClientSecret: "s", Scopes: []string{"admin"}},
	} {
		c, err := New(cfg)
		if err != nil {
			t.Fatalf("New(%+v): %v", cfg, err)
		}
		if c.http.Timeout != DefaultRequestTimeout {
			t.Errorf("request timeout %s, want the default %s", c.http.Timeout, DefaultRequestTimeout)
		}
		if c.userAgent != DefaultUserAgent {
			t.Errorf("user agent %q, want %q", c.userAgent, DefaultUserAgent)
		}
		if c.pacer.ceiling != rate.Inf || c.pacer.limiter.Limit() != rate.Inf {
			t.Errorf("a rate ceiling without MaxRequestsPerSecond")
		}
	}
}

func TestEndpointPathPrefixIsKept(t *testing.T) {
	var got string
	srv := serve(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		got = r.URL.Path
		writeJSON(w, 200, `{"kind":"client","name":"x","permissions":{}}`)
	}))
	c, _, _ := newTestClient(t, srv.URL+"/base/", Config{Token: "t"})
	if _, err := c.Me(t.Context()); err != nil {
		t.Fatal(err)
	}
	if got != "/base/auth/me" {
		t.Errorf("path %q, want /base/auth/me", got)
	}
}

func TestUserAgentOnEveryRequest(t *testing.T) {
	var mu sync.Mutex
	agents := map[string]string{}
	srv := serve(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		agents[r.URL.Path] = r.UserAgent()
		mu.Unlock()
		if r.URL.Path == "/oauth/token" {
			writeJSON(w, 200, `{"access_token":"a","token_type":"Bearer","expires_in":3600}`)
			return
		}
		writeJSON(w, 200, `{"kind":"client","name":"x","permissions":{}}`)
	}))
	const ua = "terraform-provider-adminapi/1.2.3 terraform/1.11.0"
	c, _, _ := newTestClient(t, srv.URL, Config{ClientID: "c", ClientSecret: "s", UserAgent: ua})
	if _, err := c.Me(t.Context()); err != nil {
		t.Fatal(err)
	}
	for _, p := range []string{"/oauth/token", "/auth/me"} {
		if agents[p] != ua {
			t.Errorf("User-Agent of %s = %q, want %q", p, agents[p], ua)
		}
	}
}

func TestCACertAndInsecureSkipVerify(t *testing.T) {
	srv := httptestTLS(t)
	caPEM := string(pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: srv.Certificate().Raw}))

	c, _, _ := newTestClient(t, srv.URL, Config{Token: "t", MaxRetries: 3})
	_, err := c.Me(t.Context())
	var unknown x509.UnknownAuthorityError
	if !errors.As(err, &unknown) {
		t.Fatalf("without the CA: got %v, want an unknown-authority error", err)
	}

	c, _, _ = newTestClient(t, srv.URL, Config{Token: "t", CACertPEM: caPEM})
	if _, err := c.Me(t.Context()); err != nil {
		t.Errorf("with the CA: %v", err)
	}

	c, _, _ = newTestClient(t, srv.URL, Config{Token: "t", InsecureSkipVerify: true})
	if _, err := c.Me(t.Context()); err != nil {
		t.Errorf("with insecure_skip_verify: %v", err)
	}
}
