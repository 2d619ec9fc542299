package client

import (
	"slices"
	"strings"
	"testing"
	"time"
)

// A token is taken when the request is sent, after the client-side rate
// limit's wait, so a token that expires in the queue is renewed first
// instead of being sent stale (and refused).
func TestTokenTakenAfterTheRateLimitWait(t *testing.T) {
	f := newFakeAuth(t)
	f.lifetime = 10 * time.Second
	c, _ := f.client(Config{Username: f.username, Password: f.password, MaxRequestsPerSecond: 1.0 / 6})
	for range 4 {
		if _, err := c.Me(t.Context()); err != nil {
			t.Fatal(err)
		}
	}
	events := f.log()
	if i := slices.IndexFunc(events, func(e string) bool { return strings.HasPrefix(e, "expired ") }); i >= 0 {
		t.Errorf("a token was sent after it expired: %v", events)
	}
	if !slices.Contains(events, "refresh") {
		t.Errorf("the token was never renewed although it expired: %v", events)
	}
}
