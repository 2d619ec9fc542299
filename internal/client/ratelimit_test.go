package client

import (
	"context"
	"errors"
	"net/http"
	"reflect"
	"testing"
	"time"
)

func TestRateLimitIsAppliedToEveryRequest(t *testing.T) {
	f := newFakeAuth(t)
	c, _ := f.client(Config{ClientID: f.clientID, ClientSecret: f.secret, MaxRequestsPerSecond: 10})
	for range 4 {
		if _, err := c.Me(t.Context()); err != nil {
			t.Fatal(err)
		}
	}
	// The token request and four calls: the first goes at once, each other
	// waits a tenth of a second of the (fake) clock.
	want := []time.Duration{100 * time.Millisecond, 100 * time.Millisecond, 100 * time.Millisecond, 100 * time.Millisecond}
	if got := f.clock.slept(); !reflect.DeepEqual(got, want) {
		t.Errorf("waits %v, want %v", got, want)
	}
}

func TestRateLimitCountsRetries(t *testing.T) {
	url, hits := failing(t, http.StatusServiceUnavailable, http.Header{"Retry-After": {"0"}})
	c, clock, _ := newTestClient(t, url, Config{Token: "t", MaxRetries: 2, MaxRequestsPerSecond: 2})
	_ = callWith(c, http.MethodGet)
	if hits.Load() != 3 {
		t.Fatalf("%d attempts, want 3", hits.Load())
	}
	want := []time.Duration{500 * time.Millisecond, 500 * time.Millisecond}
	if got := clock.slept(); !reflect.DeepEqual(got, want) {
		t.Errorf("waits %v, want %v", got, want)
	}
}

func TestNoRateLimitByDefault(t *testing.T) {
	f := newFakeAuth(t)
	c, _ := f.client(Config{Token: "t"})
	for range 20 {
		_, _ = c.Me(t.Context())
	}
	if got := f.clock.slept(); len(got) != 0 {
		t.Errorf("waited %v without a rate limit", got)
	}
}

func TestRateLimitWaitEndsWithTheContext(t *testing.T) {
	url, hits := failing(t, 404, nil)
	c, _, _ := newTestClient(t, url, Config{Token: "t", MaxRequestsPerSecond: 0.001})
	c.sleep = sleepContext
	_ = callWith(c, http.MethodGet)
	ctx, cancel := context.WithTimeout(t.Context(), 50*time.Millisecond)
	defer cancel()
	if _, err := c.GetRole(ctx, "r"); !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("got %v, want the context's deadline", err)
	}
	if hits.Load() != 1 {
		t.Errorf("%d requests, want 1", hits.Load())
	}
}
