package client

import (
	"context"
	"errors"
	"math/rand/v2"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// outcome is what one HTTP attempt gave: a status with its header and body,
// or a transport error.
type outcome struct {
	status int
	header http.Header
	body   []byte
	err    error
	// attempts is how many attempts gave this outcome, the last included.
	attempts int
	// token is the token the attempt was sent with; tokenErr is set when no
	// token could be had, and nothing was sent.
	token    string
	tokenErr error
}

// send runs attempt until it gives an answer that is not retried, or the
// retries run out, and returns the last outcome. It waits for the rate limit
// before every attempt and logs every attempt. The error is set only when
// ctx ends first.
func (c *Client) send(ctx context.Context, method, path string, attempt func(context.Context) outcome) (outcome, error) {
	for n := 1; ; n++ {
		if err := c.waitRateLimit(ctx); err != nil {
			return outcome{}, err
		}
		start := c.now()
		o := attempt(ctx)
		o.attempts = n
		c.logAttempt(ctx, method, path, n, start, o)
		if o.err != nil && ctx.Err() != nil {
			return o, ctx.Err()
		}
		wait, retry := c.retryDelay(method, o, n)
		if !retry || n > c.maxRetries {
			return o, nil
		}
		c.debug(ctx, "adminapi retry", map[string]any{
			"method": method, "path": path, "attempt": n, "wait_ms": wait.Milliseconds(),
		})
		if err := c.sleep(ctx, wait); err != nil {
			return o, err
		}
	}
}

// retryDelay tells whether the outcome of attempt n may be retried and after
// how long. Refused connections, 429 and 503 are retried for every method
// (the server cannot have acted); 502 and 504 only for idempotent methods,
// which here are all but POST.
func (c *Client) retryDelay(method string, o outcome, n int) (time.Duration, bool) {
	if o.err != nil {
		return c.backoff(n), isConnRefused(o.err)
	}
	switch o.status {
	case http.StatusTooManyRequests, http.StatusServiceUnavailable:
	case http.StatusBadGateway, http.StatusGatewayTimeout:
		if method == http.MethodPost {
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

// waitRateLimit waits for the client-side rate limit, if any.
func (c *Client) waitRateLimit(ctx context.Context) error {
	if c.limiter == nil {
		return nil
	}
	now := c.now()
	r := c.limiter.ReserveN(now, 1)
	if !r.OK() {
		return errors.New("rate limit: a request can never be sent")
	}
	if err := c.sleep(ctx, r.DelayFrom(now)); err != nil {
		r.CancelAt(c.now())
		return err
	}
	return nil
}

const maxLoggedBody = 2048

func (c *Client) logAttempt(ctx context.Context, method, path string, n int, start time.Time, o outcome) {
	if c.logger == nil {
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
