package common

import (
	"testing"
	"time"
)

func TestPendingCreateID(t *testing.T) {
	p := NewPendingCreate(time.Date(2030, 1, 2, 3, 4, 5, 600, time.FixedZone("x", 3600)))
	if other := NewPendingCreate(p.SentAt); other.Key == p.Key || p.Key == "" {
		t.Errorf("keys %q and %q, want two fresh keys", p.Key, other.Key)
	}
	id := p.ID()
	if want := "pending-create/" + p.Key + "/1893549845"; id != want {
		t.Errorf("ID() = %q, want %q", id, want)
	}
	got, ok := ParsePendingCreate(id)
	if !ok || got != p {
		t.Errorf("ParsePendingCreate(%q) = %+v, %v; want %+v", id, got, ok, p)
	}
	for _, other := range []string{"", "0b9f1c2e-5d4a-4e8b-9c3f-2a1b0c9d8e7f", "pending-create/", "pending-create/k",
		"pending-create//1", "pending-create/k/x", "x/pending-create/k/1"} {
		if p, ok := ParsePendingCreate(other); ok {
			t.Errorf("ParsePendingCreate(%q) = %+v, want no pending create", other, p)
		}
	}
}

func TestPendingCreateExpiresBeforeTheAPIForgetsIt(t *testing.T) {
	sent := time.Date(2030, 1, 2, 3, 4, 5, 0, time.UTC)
	p := PendingCreate{Key: "k", SentAt: sent}
	for _, c := range []struct {
		after   time.Duration
		expired bool
	}{{0, false}, {23 * time.Hour, false}, {23*time.Hour + time.Second, true}, {25 * time.Hour, true}} {
		if got := p.Expired(sent.Add(c.after)); got != c.expired {
			t.Errorf("after %s: expired = %v, want %v", c.after, got, c.expired)
		}
	}
}
