package client

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"math/rand/v2"
	"net"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/adminapi/terraform-provider-adminapi/internal/api"
)

// outcome is what one HTTP attempt gave: a status with its header and body,
// or a transport error.
type outcome struct {
	status int
	header http.Header
	body   []byte
	err    error
	// attempts is how many attempts of the call were made, this one included.
	attempts int
	// gaveUp tells that this outcome would have been retried but the
	// attempts ran out.
	gaveUp bool
	// reached tells that an earlier attempt of the call may have been acted
	// on (see mayHaveActed).
	reached bool
	// keyed tells that the attempt carried an Idempotency-Key.
	keyed bool
	// wrote tells that the attempt's request was written whole to a
	// connection, maybe more than once: Go's transport sends a request with
	// an Idempotency-Key again by itself when a reused connection breaks, and
	// answers the error of that second try.
	wrote bool
	// token is the token the attempt was sent with; tokenErr is set when no
	// token could be had, and nothing was sent.
	token    string
	tokenErr error
	// unanswered tells that the attempt failed to connect while nothing
	// had ever answered the client at its endpoint (see unansweredRetries).
	unanswered bool
}

// unansweredRetries is how many times a call retries a failure to connect
// (a refused connection, say) while nothing has ever answered the client at
// its endpoint, whatever max_retries: a wrong endpoint, or a server that is
// not running, fails within seconds (waits of 0.25 to 0.5, 0.5 to 1 and 1 to
// 2 s) instead of after every retry. Once the endpoint has answered, such a
// failure is a server restarting, and gets every retry.
const unansweredRetries = 3

// send runs attempt until it gives an answer that is not retried, or the
// call has made max_retries+1 attempts, and returns the last outcome. prev is
// the outcome of the call so far (zero for a new call): after a token
// renewal, the call goes on with the attempts it has left, at least one.
// Every attempt waits for the pacer and is logged. The error is set only
// when ctx ends first.
func (c *Client) send(ctx context.Context, method, path string, prev outcome, attempt func(context.Context) outcome) (outcome, error) {
	last := max(c.maxRetries+1, prev.attempts+1)
	reached := prev.reached
	for n := prev.attempts + 1; ; n++ {
		ticket, err := c.pacer.wait(ctx, c.now, c.sleep)
		if err != nil {
			return outcome{reached: reached}, err
		}
		start := c.now()
		o := attempt(ctx)
		o.attempts, o.reached = n, reached
		c.logAttempt(ctx, method, path, n, start, o)
		if o.err != nil && ctx.Err() != nil {
			return o, ctx.Err()
		}
		if o.err == nil && o.status != 0 {
			c.answered.Store(true)
		}
		c.pace(ticket, o)
		wait, retry := c.retryDelay(o, n)
		if retry && notConnected(o.err) && !c.answered.Load() {
			o.unanswered = true
			last = min(last, max(unansweredRetries+1, prev.attempts+1))
		}
		if !retry || n >= last {
			o.gaveUp = retry
			return o, nil
		}
		reached = reached || mayHaveActed(o)
		c.debug(ctx, "adminapi retry", map[string]any{
			"method": method, "path": path, "attempt": n, "wait_ms": wait.Milliseconds(),
		})
		if err := c.sleep(ctx, wait); err != nil {
			return o, err
		}
	}
}

// retryDelay tells whether the outcome of attempt n may be retried and after
// how long. Every method is retried on the same faults: 429, 502, 503, 504
// and transient transport errors. PUT, PATCH and DELETE are idempotent, and
// every POST carries an Idempotency-Key, so that the server answers a repeat
// with its first answer (or 409 conflict while it still handles the first,
// which is retried too). A failure to get a token is not retried: the token
// request has made its own attempts.
func (c *Client) retryDelay(o outcome, n int) (time.Duration, bool) {
	if o.tokenErr != nil {
		return 0, false
	}
	if o.err != nil {
		return c.backoff(n), transient(o.err)
	}
	switch o.status {
	case http.StatusTooManyRequests, http.StatusBadGateway, http.StatusServiceUnavailable, http.StatusGatewayTimeout:
	case http.StatusConflict:
		if !stillRunning(o) {
			return 0, false
		}
	default:
		return 0, false
	}
	if d, ok := parseRetryAfter(o.header.Get("Retry-After"), c.now()); ok {
		return d, d <= c.maxRetryAfter
	}
	return c.backoff(n), true
}

// transient tells whether a transport error may not recur: any failure to
// reach the server or to get its answer (refused, reset, EOF, timeout), but
// not a TLS failure (a certificate the client refuses, a server that does not
// speak TLS, or answers in plain HTTP, or refuses the handshake), an unknown
// host, or an error in making the request.
func transient(err error) bool {
	var urlErr *url.Error
	if !errors.As(err, &urlErr) {
		return false
	}
	return tlsProblem(err) == nil && !hostNotFound(err)
}

// tlsProblem returns the TLS failure in err, nil when there is none.
func tlsProblem(err error) error {
	var (
		verify   *tls.CertificateVerificationError
		unknown  x509.UnknownAuthorityError
		hostname x509.HostnameError
		invalid  x509.CertificateInvalidError
		header   tls.RecordHeaderError
		alert    tls.AlertError
		op       *net.OpError
	)
	switch {
	case errors.Is(err, http.ErrSchemeMismatch):
		return http.ErrSchemeMismatch
	case errors.As(err, &unknown):
		return unknown
	case errors.As(err, &hostname):
		return hostname
	case errors.As(err, &invalid):
		return invalid
	case errors.As(err, &verify):
		return verify
	case errors.As(err, &header):
		return header
	case errors.As(err, &alert):
		return alert
	case errors.As(err, &op) && op.Op == "remote error":
		// An alert the server sent during the handshake.
		return op
	}
	return nil
}

// hostNotFound tells whether err is DNS answering that the host does not
// exist.
func hostNotFound(err error) bool {
	var dnsErr *net.DNSError
	return errors.As(err, &dnsErr) && dnsErr.IsNotFound
}

// notConnected tells whether err is a failure to connect to the server: the
// request was not sent.
func notConnected(err error) bool {
	var op *net.OpError
	return err != nil && errors.As(err, &op) && op.Op == "dial"
}

// mayHaveActed tells whether the server may have acted on an attempt that
// is retried: it was answered with a 5xx, or its answer was lost after its
// request was sent.
func mayHaveActed(o outcome) bool {
	if o.err != nil {
		return o.wrote
	}
	return o.status >= 500
}

// stillRunning tells whether a 409 is the server's answer to a repeated
// Idempotency-Key while it still handles the first request with that key.
func stillRunning(o outcome) bool {
	return o.keyed && o.reached && o.status == http.StatusConflict &&
		newAPIError("", "", o.status, o.header, o.body).ID == api.ErrConflict
}

// goneAfterRetry tells whether the 404 of a DELETE means it is done: an
// earlier attempt of the call may have deleted the object.
func goneAfterRetry(method string, o outcome) bool {
	return method == http.MethodDelete && o.err == nil && o.status == http.StatusNotFound && o.reached
}

// pace tells the pacer how attempt number ticket was answered.
func (c *Client) pace(ticket uint64, o outcome) {
	switch {
	case o.err != nil:
	case o.status == http.StatusTooManyRequests:
		wait, ok := parseRetryAfter(o.header.Get("Retry-After"), c.now())
		if !ok || wait > c.maxRetryAfter {
			wait = 0
		}
		c.pacer.throttled(ticket, c.now(), wait)
	case o.status < 500:
		c.pacer.accepted(c.now())
	}
}

// backoff is the wait after attempt n: exponential from backoffBase, capped at
// backoffCap, with its upper half random.
func (c *Client) backoff(n int) time.Duration {
	d := c.backoffBase
	for i := 1; i < n && d < c.backoffCap; i++ {
		d *= 2
	}
	d = min(d, c.backoffCap)
	if d <= 0 {
		return 0
	}
	half := d / 2
	return half + rand.N(d-half+1)
}

// parseRetryAfter reads a Retry-After value, delay-seconds or an HTTP date.
func parseRetryAfter(v string, now time.Time) (time.Duration, bool) {
	v = strings.TrimSpace(v)
	if v == "" {
		return 0, false
	}
	if secs, err := strconv.ParseInt(v, 10, 64); err == nil {
		if secs < 0 {
			return 0, false
		}
		if secs > int64(24*time.Hour/time.Second) {
			secs = int64(24 * time.Hour / time.Second)
		}
		return time.Duration(secs) * time.Second, true
	}
	t, err := http.ParseTime(v)
	if err != nil {
		return 0, false
	}
	return max(t.Sub(now), 0), true
}

const maxLoggedBody = 2048

func (c *Client) logAttempt(ctx context.Context, method, path string, n int, start time.Time, o outcome) {
	if c.logger == nil || o.tokenErr != nil {
		return
	}
	fields := map[string]any{
		"method":      method,
		"path":        path,
		"attempt":     n,
		"duration_ms": c.now().Sub(start).Milliseconds(),
	}
	if o.err != nil {
		fields["error"] = o.err.Error()
	} else {
		fields["status"] = o.status
	}
	if o.status >= 400 && len(o.body) > 0 {
		body := maskJSON(o.body)
		if len(body) > maxLoggedBody {
			body = body[:maxLoggedBody] + "…"
		}
		fields["body"] = body
	}
	c.logger.Debug(ctx, "adminapi request", fields)
}

func (c *Client) debug(ctx context.Context, msg string, fields map[string]any) {
	if c.logger != nil {
		c.logger.Debug(ctx, msg, fields)
	}
}
