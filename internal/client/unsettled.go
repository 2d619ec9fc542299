package client

import (
	"context"
	"errors"
	"net/http"
)

// MayHaveActed reports whether the call that failed with err may all the
// same have acted on the server: an attempt of it may have reached the
// server (its answer was lost, or was a 5xx), and the call ended without an
// answer that settles what happened (it gave up on a transport error, a
// 5xx, a 429, or a repeat still being handled, or its context ended). A
// create that may have acted may have made its object.
func MayHaveActed(err error) bool {
	var u *unsettledError
	return errors.As(err, &u)
}

// unsettledError is the error of a call that may have acted.
type unsettledError struct{ err error }

func (e *unsettledError) Error() string { return e.err.Error() }

func (e *unsettledError) Unwrap() error { return e.err }

// unsettled marks err, the error of a call whose last outcome is o, when the
// call may have acted (see MayHaveActed).
func unsettled(o outcome, err error) error {
	if err == nil || settles(o) {
		return err
	}
	if o.reached || mayHaveActed(o) {
		return &unsettledError{err: err}
	}
	return err
}

// settles tells whether o is an answer from the server that tells what
// became of the call: not one given before the server looks at the request
// (401, 403, 429), nor a 409 for a repeat while the first is still handled.
func settles(o outcome) bool {
	if o.err != nil || o.tokenErr != nil || o.status == 0 || o.status >= 500 {
		return false
	}
	switch o.status {
	case http.StatusUnauthorized, http.StatusForbidden, http.StatusTooManyRequests:
		return false
	}
	return !stillRunning(o)
}

type idempotencyKeyContext struct{}

// WithIdempotencyKey makes the POST made with ctx send key as its
// Idempotency-Key instead of a fresh one. Repeating a create with the key and
// body of an earlier one gets its answer from the server (for 24 hours, to
// the same caller) instead of a second object.
func WithIdempotencyKey(ctx context.Context, key string) context.Context {
	return context.WithValue(ctx, idempotencyKeyContext{}, key)
}

// idempotencyKey is the key given with WithIdempotencyKey, else a fresh one.
func idempotencyKey(ctx context.Context, fresh func() string) string {
	if key, ok := ctx.Value(idempotencyKeyContext{}).(string); ok {
		return key
	}
	return fresh()
}
