package client

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/adminapi/terraform-provider-adminapi/internal/api"
)

// failing answers status to every request and counts them.
func failing(t *testing.T, status int, header http.Header) (string, *atomic.Int32) {
	var hits atomic.Int32
	srv := serve(t, http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		hits.Add(1)
		for k, v := range header {
			w.Header()[k] = v
		}
		writeError(w, status, "some-id", "failed")
	}))
	return srv.URL, &hits
}

// callWith performs one request of the given method through a typed method.
func callWith(c *Client, method string) error {
	ctx := context.Background()
	var err error
	switch method {
	case http.MethodGet:
		_, err = c.GetRole(ctx, "r")
	case http.MethodPost:
		_, err = c.CreateRole(ctx, api.CreateRole{Name: "r"})
	case http.MethodPut:
		_, err = c.UpdateAccount(ctx, "id", api.AccountInput{Name: "n"})
	case http.MethodPatch:
		_, err = c.UpdateRole(ctx, "r", "d")
	case http.MethodDelete:
		err = c.DeleteRole(ctx, "r")
	}
	return err
}

func TestRetriesPerStatusAndMethod(t *testing.T) {
	const maxRetries = 3
	retried := []int{429, 502, 503, 504}
	type test struct {
		method   string
		status   int
		attempts int32
	}
	var tests []test
	for _, method := range []string{http.MethodGet, http.MethodPost, http.MethodPut, http.MethodPatch, http.MethodDelete} {
		for _, status := range retried {
			tests = append(tests, test{method, status, maxRetries + 1})
		}
		for _, status := range []int{400, 404, 409, 500} {
			tests = append(tests, test{method, status, 1})
		}
	}
	for _, tt := range tests {
		t.Run(tt.method+" "+strconv.Itoa(tt.status), func(t *testing.T) {
			url, hits := failing(t, tt.status, nil)
			c, _, logger := newTestClient(t, url, Config{Token: "t", MaxRetries: maxRetries})
			err := callWith(c, tt.method)
			e, ok := AsAPIError(err)
			if !ok || e.Status != tt.status {
				t.Fatalf("got %v, want an APIError with status %d", err, tt.status)
			}
			if got := hits.Load(); got != tt.attempts {
				t.Errorf("%d attempts, want %d", got, tt.attempts)
			}
			if got := len(logger.retries()); got != int(tt.attempts-1) {
				t.Errorf("%d waits, want %d", got, tt.attempts-1)
			}
			if tt.attempts > 1 && !gaveUpAfter(err, int(tt.attempts), url) {
				t.Errorf("the error does not say how many attempts went where: %v", err)
			}
			// A 429 or 503 that outlasted the retries names the settings
			// that bound them; the others end there.
			named := strings.Contains(err.Error(), fmt.Sprintf("max_retries = %d, max_requests_per_second unset", maxRetries))
			if want := tt.status == 429 || tt.status == 503; named != want {
				t.Errorf("the error names the settings: %v, want %v: %v", named, want, err)
			}
		})
	}
}

func TestNoRetryWhenMaxRetriesIsZero(t *testing.T) {
	url, hits := failing(t, 503, nil)
	c, clock, _ := newTestClient(t, url, Config{Token: "t"})
	if err := callWith(c, http.MethodGet); err == nil {
		t.Fatal("no error")
	}
	if hits.Load() != 1 || len(clock.slept()) != 0 {
		t.Errorf("%d attempts and %d waits, want 1 and 0", hits.Load(), len(clock.slept()))
	}
}

func TestRetryThenSuccess(t *testing.T) {
	var hits atomic.Int32
	srv := serve(t, http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		if hits.Add(1) <= 2 {
			writeError(w, 503, "unavailable", "try later")
			return
		}
		writeJSON(w, 201, `{"name":"r","description":"","created_at":"2030-01-01T00:00:00Z"}`)
	}))
	c, _, logger := newTestClient(t, srv.URL, Config{Token: "t", MaxRetries: 4})
	role, err := c.CreateRole(t.Context(), api.CreateRole{Name: "r"})
	if err != nil || role.Name != "r" {
		t.Fatalf("CreateRole: %v %+v", err, role)
	}
	lines := logger.requests()
	if len(lines) != 3 {
		t.Fatalf("%d request log lines, want 3:\n%s", len(lines), logger)
	}
	for i, line := range lines {
		wantStatus := 503
		if i == 2 {
			wantStatus = 201
		}
		if line.fields["attempt"] != i+1 || line.fields["status"] != wantStatus || line.fields["method"] != "POST" || line.fields["path"] != "/roles" {
			t.Errorf("line %d: %v", i, line.fields)
		}
		if _, ok := line.fields["duration_ms"].(int64); !ok {
			t.Errorf("line %d has no duration_ms: %v", i, line.fields)
		}
	}
}

func TestBackoffGrowsWithJitterUpToTheCap(t *testing.T) {
	url, _ := failing(t, 503, nil)
	c, clock, _ := newTestClient(t, url, Config{Token: "t", MaxRetries: 6})
	_ = callWith(c, http.MethodGet)
	slept := clock.slept()
	if len(slept) != 6 {
		t.Fatalf("waits %v, want 6", slept)
	}
	// base 100ms, cap 1s: 100, 200, 400, 800, 1000, 1000 ms, each in [d/2, d].
	for i, ms := range []int{100, 200, 400, 800, 1000, 1000} {
		d := time.Duration(ms) * time.Millisecond
		if slept[i] < d/2 || slept[i] > d {
			t.Errorf("wait %d = %s, want within [%s, %s]", i+1, slept[i], d/2, d)
		}
	}
}

func TestRetryAfterSecondsIsHonoured(t *testing.T) {
	url, hits := failing(t, 429, http.Header{"Retry-After": {"7"}})
	c, clock, _ := newTestClient(t, url, Config{Token: "t", MaxRetries: 2})
	_ = callWith(c, http.MethodPost)
	if hits.Load() != 3 {
		t.Errorf("%d attempts, want 3", hits.Load())
	}
	for _, d := range clock.slept() {
		if d != 7*time.Second {
			t.Errorf("waited %v, want 7s each time", clock.slept())
		}
	}
}

func TestRetryAfterHTTPDateIsHonoured(t *testing.T) {
	clock := newFakeClock()
	date := clock.now().Add(90 * time.Second).Format(http.TimeFormat)
	url, _ := failing(t, 503, http.Header{"Retry-After": {date}})
	c, _, _ := newTestClient(t, url, Config{Token: "t", MaxRetries: 1})
	c.now, c.sleep = clock.now, clock.sleep
	_ = callWith(c, http.MethodGet)
	if got := clock.slept(); len(got) != 1 || got[0] != 90*time.Second {
		t.Errorf("waited %v, want [1m30s]", got)
	}
}

func TestRetryAfterTooLongIsNotWaitedFor(t *testing.T) {
	url, hits := failing(t, 429, http.Header{"Retry-After": {"3600"}})
	c, clock, _ := newTestClient(t, url, Config{Token: "t", MaxRetries: 4})
	err := callWith(c, http.MethodGet)
	if e, ok := AsAPIError(err); !ok || e.Status != 429 {
		t.Fatalf("got %v, want the 429", err)
	}
	if hits.Load() != 1 || len(clock.slept()) != 0 {
		t.Errorf("%d attempts, waits %v; want 1 and none", hits.Load(), clock.slept())
	}
}

func TestParseRetryAfter(t *testing.T) {
	now := time.Date(2030, 1, 1, 0, 0, 0, 0, time.UTC)
	tests := []struct {
		in   string
		want time.Duration
		ok   bool
	}{
		{"0", 0, true},
		{" 12 ", 12 * time.Second, true},
		{"-1", 0, false},
		{"", 0, false},
		{"soon", 0, false},
		{now.Add(time.Minute).Format(http.TimeFormat), time.Minute, true},
		{now.Add(-time.Minute).Format(http.TimeFormat), 0, true},
		{"999999999999", 24 * time.Hour, true},
	}
	for _, tt := range tests {
		got, ok := parseRetryAfter(tt.in, now)
		if got != tt.want || ok != tt.ok {
			t.Errorf("parseRetryAfter(%q) = %v, %v; want %v, %v", tt.in, got, ok, tt.want, tt.ok)
		}
	}
}

// closedAddress returns the address of a listener that has been closed, so
// that connecting to it is refused.
func closedAddress(t *testing.T) string {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := l.Addr().String()
	if err := l.Close(); err != nil {
		t.Fatal(err)
	}
	return "http://" + addr
}

func TestRefusedConnectionsAreRetriedForEveryMethod(t *testing.T) {
	for _, method := range []string{http.MethodGet, http.MethodPost, http.MethodDelete} {
		t.Run(method, func(t *testing.T) {
			endpoint := closedAddress(t)
			c, _, logger := newTestClient(t, endpoint, Config{Token: "t", MaxRetries: 2})
			err := callWith(c, method)
			if !errors.Is(err, syscall.ECONNREFUSED) || !gaveUpAfter(err, 3, endpoint) {
				t.Fatalf("got %v, want a refused connection after 3 attempts", err)
			}
			if n := len(logger.requests()); n != 3 {
				t.Errorf("%d attempts, want 3", n)
			}
			if n := len(logger.retries()); n != 2 {
				t.Errorf("%d waits, want 2", n)
			}
		})
	}
}

// resetting closes the connection of every request after reading it, and
// counts them.
func resetting(t *testing.T) (string, *atomic.Int32) {
	var hits atomic.Int32
	srv := serve(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hits.Add(1)
		_, _ = io.Copy(io.Discard, r.Body)
		hijackAndClose(t, w)
	}))
	return srv.URL, &hits
}

func hijackAndClose(t *testing.T, w http.ResponseWriter) {
	hj, ok := w.(http.Hijacker)
	if !ok {
		t.Error("no hijacker")
		return
	}
	conn, _, err := hj.Hijack()
	if err != nil {
		t.Error(err)
		return
	}
	_ = conn.Close()
}

func TestLostAnswersAreRetriedForEveryMethod(t *testing.T) {
	for _, method := range []string{http.MethodGet, http.MethodPost, http.MethodPut, http.MethodPatch, http.MethodDelete} {
		t.Run(method, func(t *testing.T) {
			url, hits := resetting(t)
			c, _, _ := newTestClient(t, url, Config{Token: "t", MaxRetries: 3})
			err := callWith(c, method)
			if !errors.Is(err, io.EOF) || !strings.HasSuffix(err.Error(), "(gave up after 4 attempts to "+url+")") {
				t.Fatalf("got %v, want an EOF after 4 attempts", err)
			}
			if n := hits.Load(); n != 4 {
				t.Errorf("%d attempts reached the server, want 4", n)
			}
		})
	}
}

func TestTransient(t *testing.T) {
	wrap := func(err error) error { return &url.Error{Op: "Get", URL: "http://h", Err: err} }
	tests := []struct {
		name string
		err  error
		want bool
	}{
		{"refused", wrap(syscall.ECONNREFUSED), true},
		{"reset", wrap(syscall.ECONNRESET), true},
		{"EOF", wrap(io.EOF), true},
		{"timeout", wrap(context.DeadlineExceeded), true},
		{"DNS failure", wrap(&net.DNSError{Err: "server misbehaving", Name: "h", IsTemporary: true}), true},
		{"unknown host", wrap(&net.DNSError{Err: "no such host", Name: "h", IsNotFound: true}), false},
		{"unknown authority", wrap(x509.UnknownAuthorityError{}), false},
		{"wrong host name", wrap(x509.HostnameError{Host: "h"}), false},
		{"HTTP answer to HTTPS", wrap(http.ErrSchemeMismatch), false},
		{"not TLS", wrap(tls.RecordHeaderError{Msg: "tls: first record does not look like a TLS handshake"}), false},
		{"TLS alert", wrap(tls.AlertError(40)), false},
		{"handshake refused by the server", wrap(&net.OpError{Op: "remote error", Err: errors.New("tls: handshake failure")}), false},
		{"refused at dial", wrap(&net.OpError{Op: "dial", Net: "tcp", Err: syscall.ECONNREFUSED}), true},
		{"not a transport error", errors.New("json: unsupported value"), false},
	}
	for _, tt := range tests {
		if got := transient(tt.err); got != tt.want {
			t.Errorf("%s: transient = %v, want %v", tt.name, got, tt.want)
		}
	}
}

func TestCancelWhileWaitingToRetry(t *testing.T) {
	ctx, cancel := context.WithCancel(t.Context())
	srv := serve(t, http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		cancel()
		writeError(w, 503, "unavailable", "later")
	}))
	c, _, _ := newTestClient(t, srv.URL, Config{Token: "t", MaxRetries: 4})
	c.sleep = sleepContext
	c.backoffBase, c.backoffCap = time.Hour, time.Hour
	done := make(chan error, 1)
	go func() {
		_, err := c.GetRole(ctx, "r")
		done <- err
	}()
	select {
	case err := <-done:
		if !errors.Is(err, context.Canceled) {
			t.Errorf("got %v, want context.Canceled", err)
		}
	case <-time.After(30 * time.Second):
		t.Fatal("the retry wait did not end with the context")
	}
}

func TestSleepContext(t *testing.T) {
	if err := sleepContext(t.Context(), time.Millisecond); err != nil {
		t.Errorf("sleep: %v", err)
	}
	ctx, cancel := context.WithCancel(t.Context())
	cancel()
	if err := sleepContext(ctx, time.Hour); !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled sleep: %v", err)
	}
	if err := sleepContext(ctx, 0); !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled zero sleep: %v", err)
	}
}

func TestRequestTimeoutBoundsEachAttempt(t *testing.T) {
	srv := serve(t, http.HandlerFunc(func(_ http.ResponseWriter, r *http.Request) {
		// Reading the body lets the server notice the client hanging up.
		_, _ = io.Copy(io.Discard, r.Body)
		<-r.Context().Done()
	}))
	c, _, logger := newTestClient(t, srv.URL, Config{Token: "t", MaxRetries: 3, RequestTimeout: 50 * time.Millisecond})
	err := callWith(c, http.MethodPost)
	var timeout interface{ Timeout() bool }
	if !errors.As(err, &timeout) || !timeout.Timeout() {
		t.Fatalf("got %v, want a timeout", err)
	}
	if n := len(logger.requests()); n != 4 {
		t.Errorf("%d attempts, want 4: a timeout is retried", n)
	}
}
