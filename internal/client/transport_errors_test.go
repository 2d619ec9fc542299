package client

import (
	"crypto/x509"
	"encoding/pem"
	"errors"
	"net"
	"net/http"
	"strings"
	"sync/atomic"
	"testing"
)

// callOnce makes one GET /auth/me with max_retries = 10 and returns the
// number of attempts it made and its error.
func callOnce(t *testing.T, endpoint string, cfg Config) (int, error) {
	t.Helper()
	cfg.Token, cfg.MaxRetries = "t", 10
	c, _, logger := newTestClient(t, endpoint, cfg)
	_, err := c.Me(t.Context())
	return len(logger.requests()), err
}

// expectHint checks that err ends with the hint, in parentheses, after the
// error of the only attempt.
func expectHint(t *testing.T, err error, attempts int, hint string) {
	t.Helper()
	if attempts != 1 {
		t.Errorf("%d attempts, want 1: it cannot succeed", attempts)
	}
	if err == nil || !strings.HasSuffix(err.Error(), " ("+hint+")") || strings.Contains(err.Error(), "attempts") {
		t.Errorf("got %v\nwant it to end with (%s)", err, hint)
	}
}

// An https:// endpoint pointed at a plain-HTTP server: the server answers
// the TLS handshake in HTTP.
func TestHTTPAnswerToHTTPSIsNotRetried(t *testing.T) {
	var hits atomic.Int32
	srv := serve(t, http.HandlerFunc(func(http.ResponseWriter, *http.Request) { hits.Add(1) }))
	endpoint := "https://" + strings.TrimPrefix(srv.URL, "http://")
	attempts, err := callOnce(t, endpoint, Config{})
	if !errors.Is(err, http.ErrSchemeMismatch) {
		t.Fatalf("got %v, want http.ErrSchemeMismatch", err)
	}
	expectHint(t, err, attempts, endpoint+" answered an HTTPS request in plain HTTP: if the server has no TLS, set endpoint to "+srv.URL+"; else check its port")
	if hits.Load() != 0 {
		t.Errorf("%d requests reached the handler", hits.Load())
	}
}

// A server that answers neither in TLS nor in HTTP.
func TestNoTLSAnswerIsNotRetried(t *testing.T) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = l.Close() })
	go func() {
		for {
			conn, err := l.Accept()
			if err != nil {
				return
			}
			_, _ = conn.Write([]byte("SSH-2.0-OpenSSH_9.6\r\n"))
			_ = conn.Close()
		}
	}()
	endpoint := "https://" + l.Addr().String()
	attempts, err := callOnce(t, endpoint, Config{})
	expectHint(t, err, attempts, endpoint+" does not answer in TLS: check the scheme of endpoint (http:// or https://), and its port")
}

func TestCertificateOfAnUnknownAuthorityIsNotRetried(t *testing.T) {
	srv := httptestTLS(t)
	attempts, err := callOnce(t, srv.URL, Config{})
	var unknown x509.UnknownAuthorityError
	if !errors.As(err, &unknown) {
		t.Fatalf("got %v, want an unknown-authority error", err)
	}
	expectHint(t, err, attempts, "the certificate of "+srv.URL+" is signed by an authority this machine does not trust: "+
		"give that authority's certificate in ca_cert_pem (or ADMINAPI_CA_CERT_PEM), or, for testing only, set insecure_skip_verify = true")

	// With its authority given, the same server is trusted.
	c, _, _ := newTestClient(t, srv.URL, Config{Token: "t", CACertPEM: certPEM(srv.Certificate())})
	if _, err := c.Me(t.Context()); err != nil {
		t.Errorf("with ca_cert_pem: %v", err)
	}
}

// The test server's certificate names 127.0.0.1 and example.com, not
// localhost.
func TestCertificateForAnotherHostIsNotRetried(t *testing.T) {
	srv := httptestTLS(t)
	endpoint := strings.Replace(srv.URL, "127.0.0.1", "localhost", 1)
	attempts, err := callOnce(t, endpoint, Config{CACertPEM: certPEM(srv.Certificate())})
	var hostname x509.HostnameError
	if !errors.As(err, &hostname) {
		t.Fatalf("got %v, want a host name error", err)
	}
	expectHint(t, err, attempts, "the certificate of "+endpoint+` is not for the host name "localhost": `+
		`set endpoint to a host name the certificate holds, or give the server a certificate for "localhost"`)
}

// A host under .invalid (RFC 6761) never exists.
func TestUnknownHostIsNotRetried(t *testing.T) {
	const host = "adminapi-test.invalid"
	var dnsErr *net.DNSError
	if _, err := net.LookupHost(host); !errors.As(err, &dnsErr) || !dnsErr.IsNotFound {
		t.Skipf("this machine's resolver does not say that %s does not exist: %v", host, err)
	}
	endpoint := "https://" + host + ":8443"
	attempts, err := callOnce(t, endpoint, Config{})
	if !errors.As(err, &dnsErr) {
		t.Fatalf("got %v, want a DNS error", err)
	}
	expectHint(t, err, attempts, "DNS knows no such host: check the host name in endpoint "+endpoint)
}

func certPEM(cert *x509.Certificate) string {
	return string(pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: cert.Raw}))
}
