package client

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptrace"
	"net/url"
	"strconv"
	"strings"
	"sync/atomic"

	"github.com/google/uuid"
)

type authMode int

const (
	// authCached sends the client's token, renewed once on a 401.
	authCached authMode = iota
	// authNone sends no Authorization header.
	authNone
	// authGiven sends call.token as it is.
	authGiven
)

// call is one API operation.
type call struct {
	method string
	path   string // escaped, without the endpoint
	query  url.Values
	body   any // nil: no body
	auth   authMode
	token  string // with authGiven
	// idempotencyKey is sent as Idempotency-Key when set; do sets it for POST.
	idempotencyKey string
	// ifNoneMatch is sent as If-None-Match when set.
	ifNoneMatch string
}

// do performs cl and decodes a 2xx answer's JSON into out (nil: ignore the
// body). Any other answer is an *APIError. A POST carries an
// Idempotency-Key, the same on every attempt of the call: the one given with
// WithIdempotencyKey, else a fresh one. An error of a call that may have
// acted is marked for MayHaveActed.
func (c *Client) do(ctx context.Context, cl call, out any) error {
	o, err := c.exchange(ctx, cl)
	if err != nil {
		return err
	}
	if goneAfterRetry(cl.method, o) {
		return nil
	}
	return unsettled(o, c.decode(cl.method, cl.path, o, out))
}

// exchange sends cl, with its retries and at most one token renewal, and
// answers the last attempt's outcome; the error is set when no answer can
// be decoded (a bad path, the context ended, no token).
func (c *Client) exchange(ctx context.Context, cl call) (outcome, error) {
	if strings.HasSuffix(cl.path, "/") || strings.Contains(cl.path, "//") {
		return outcome{}, fmt.Errorf("%s %s: a name or id in the path is empty", cl.method, cl.path)
	}
	if cl.method == http.MethodPost {
		cl.idempotencyKey = idempotencyKey(ctx, uuid.NewString)
	}
	o, err := c.send(ctx, cl.method, cl.path, outcome{}, c.restAttempt(cl))
	if err != nil {
		return o, unsettled(o, fmt.Errorf("%s %s: %w", cl.method, cl.path, err))
	}
	if o.err == nil && o.status == http.StatusUnauthorized && cl.auth == authCached && c.auth.renewable() {
		if _, err = c.auth.renew(ctx, o.token); err != nil {
			return o, unsettled(o, err)
		}
		if o, err = c.send(ctx, cl.method, cl.path, o, c.restAttempt(cl)); err != nil {
			return o, unsettled(o, fmt.Errorf("%s %s: %w", cl.method, cl.path, err))
		}
	}
	if o.tokenErr != nil {
		return o, unsettled(o, o.tokenErr)
	}
	return o, nil
}

// restAttempt sends cl once. The cached token is taken at the moment of
// sending, after any rate-limit or retry wait, so that it cannot expire in
// the queue.
func (c *Client) restAttempt(cl call) func(context.Context) outcome {
	return func(ctx context.Context) outcome {
		token := cl.token
		if cl.auth == authCached {
			var err error
			if token, err = c.auth.token(ctx); err != nil {
				return outcome{err: err, tokenErr: err}
			}
		}
		var wrote atomic.Bool
		req := c.rest.R().SetContext(httptrace.WithClientTrace(ctx, &httptrace.ClientTrace{
			WroteRequest: func(info httptrace.WroteRequestInfo) {
				if info.Err == nil {
					wrote.Store(true)
				}
			},
		})).SetHeader("Accept", "application/json")
		if token != "" {
			req.SetHeader("Authorization", "Bearer "+token)
		}
		if cl.idempotencyKey != "" {
			req.SetHeader("Idempotency-Key", cl.idempotencyKey)
		}
		if cl.ifNoneMatch != "" {
			req.SetHeader("If-None-Match", cl.ifNoneMatch)
		}
		if len(cl.query) > 0 {
			req.SetQueryParamsFromValues(cl.query)
		}
		if cl.body != nil {
			req.SetHeader("Content-Type", "application/json").SetBody(cl.body)
		}
		keyed := cl.idempotencyKey != ""
		resp, err := req.Execute(cl.method, cl.path)
		if err != nil {
			return outcome{err: err, keyed: keyed, wrote: wrote.Load()}
		}
		return outcome{status: resp.StatusCode(), header: resp.Header(), body: resp.Body(), token: token, keyed: keyed}
	}
}

// decode turns o into an error, or decodes its 2xx answer into out. An
// error after more than one attempt says how many, and where they went; an
// error a setting can fix says which (see hint).
func (c *Client) decode(method, path string, o outcome, out any) error {
	var err error
	switch {
	case o.err != nil:
		err = fmt.Errorf("%s %s: %w", method, path, o.err)
	case o.status < 200 || o.status > 299:
		err = newAPIError(method, path, o.status, o.header, o.body)
	case out == nil:
		return nil
	default:
		if err := json.Unmarshal(o.body, out); err != nil {
			return fmt.Errorf("%s %s: decoding the %d answer: %w", method, path, o.status, err)
		}
		return nil
	}
	hint := c.hint(o)
	if o.attempts > 1 {
		return &retriedError{err: err, attempts: o.attempts, gaveUp: o.gaveUp, endpoint: c.endpoint, hint: hint}
	}
	if hint != "" {
		return &hintedError{err: err, hint: hint}
	}
	return err
}

// retriedError is the last error of a call that made several attempts.
type retriedError struct {
	err      error
	attempts int
	gaveUp   bool
	endpoint string
	hint     string // what to check or change; may be empty
}

func (e *retriedError) Error() string {
	var b strings.Builder
	if e.gaveUp {
		fmt.Fprintf(&b, "%v (gave up after %d attempts to %s", e.err, e.attempts, e.endpoint)
	} else {
		fmt.Fprintf(&b, "%v (after %d attempts to %s", e.err, e.attempts, e.endpoint)
	}
	if e.hint != "" {
		b.WriteString(": " + e.hint)
	}
	b.WriteString(")")
	return b.String()
}

func (e *retriedError) Unwrap() error { return e.err }

// hintedError is the error of a call's only attempt, with what to check.
type hintedError struct {
	err  error
	hint string
}

func (e *hintedError) Error() string { return fmt.Sprintf("%v (%s)", e.err, e.hint) }

func (e *hintedError) Unwrap() error { return e.err }

// pathOf joins escaped path segments: pathOf("users", name) is /users/<name>.
func pathOf(segments ...string) string {
	var b strings.Builder
	for _, s := range segments {
		b.WriteByte('/')
		b.WriteString(url.PathEscape(s))
	}
	return b.String()
}

// pageQuery holds offset and limit; a limit of 0 leaves the server's default.
func pageQuery(offset, limit int) url.Values {
	q := url.Values{"offset": {strconv.Itoa(offset)}}
	if limit > 0 {
		q.Set("limit", strconv.Itoa(limit))
	}
	return q
}
