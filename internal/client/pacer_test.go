package client

import (
	"context"
	"fmt"
	"math"
	"net/http"
	"reflect"
	"strconv"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"golang.org/x/time/rate"

	"github.com/adminapi/terraform-provider-adminapi/internal/api"
)

// sendAll lets n requests through p, spread evenly over d of clock's time,
// and returns the number of the last.
func sendAll(t *testing.T, p *pacer, clock *fakeClock, n int, d time.Duration) uint64 {
	t.Helper()
	var last uint64
	for range n {
		var err error
		if last, err = p.wait(t.Context(), clock.now, clock.sleep); err != nil {
			t.Fatal(err)
		}
		clock.advance(d / time.Duration(n))
	}
	return last
}

func TestPacerHalvesOnceFromTheObservedRateAndGrowsBack(t *testing.T) {
	clock := newFakeClock()
	p := newPacer(0)
	// 30 requests in half a second, unlimited, then a 429 to the last two.
	last := sendAll(t, p, clock, 30, 500*time.Millisecond)
	p.throttled(last, clock.now(), 0)
	if got := p.limiter.Limit(); got != 15 {
		t.Fatalf("rate %v after a 429, want half the 30 requests of the last second", got)
	}
	p.throttled(last-1, clock.now(), 0)
	if got := p.limiter.Limit(); got != 15 {
		t.Errorf("rate %v after a second 429 to a request sent before the halving, want 15", got)
	}

	clock.advance(3 * time.Second)
	p.accepted(clock.now())
	if got := p.limiter.Limit(); got != 18 {
		t.Errorf("rate %v 3 s later, want 15 + 3", got)
	}

	// A request sent after the halving halves again, from what was sent.
	last = sendAll(t, p, clock, 10, time.Second)
	p.throttled(last, clock.now(), 0)
	if got := p.limiter.Limit(); got < 4.5 || got > 5.5 {
		t.Errorf("rate %v, want about half the 10 requests of the last second", got)
	}
}

func TestPacerStaysWithinTheCeilingAndAboveTheFloor(t *testing.T) {
	clock := newFakeClock()
	p := newPacer(8)
	last := sendAll(t, p, clock, 8, time.Second)
	p.throttled(last, clock.now(), 0)
	if got := p.limiter.Limit(); got != 4 {
		t.Errorf("rate %v, want half the ceiling of 8", got)
	}
	clock.advance(time.Hour)
	p.accepted(clock.now())
	if got := p.limiter.Limit(); got != 8 {
		t.Errorf("rate %v an hour later, want the ceiling of 8", got)
	}

	p = newPacer(0)
	for range 5 {
		p.throttled(sendAll(t, p, clock, 1, 0), clock.now(), 0)
	}
	if got := p.limiter.Limit(); got != minRate {
		t.Errorf("rate %v after 5 429s, want the floor %v", got, minRate)
	}
	p = newPacer(0.5)
	p.throttled(sendAll(t, p, clock, 1, 0), clock.now(), 0)
	if got := p.limiter.Limit(); got != 0.5 {
		t.Errorf("rate %v, want the ceiling of 0.5 when it is under the floor", got)
	}
}

func TestSendWindow(t *testing.T) {
	t0 := newFakeClock().now()
	var w sendWindow
	for i := range 10 {
		w.add(t0.Add(time.Duration(i) * 100 * time.Millisecond))
	}
	tests := []struct {
		at   time.Duration
		want float64
	}{
		{900 * time.Millisecond, 10},
		{1500 * time.Millisecond, 5}, // half of the previous second
		{2500 * time.Millisecond, 0},
	}
	for _, tt := range tests {
		if got := w.rate(t0.Add(tt.at)); math.Abs(got-tt.want) > 1e-9 {
			t.Errorf("rate at %v = %v, want %v", tt.at, got, tt.want)
		}
	}
}

// A Retry-After that one request received holds back every other request,
// for what remains of it.
func TestRetryAfterHoldsBackEveryRequest(t *testing.T) {
	var hits atomic.Int32
	srv := serve(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hits.Add(1)
		if r.URL.Path == "/roles/a" {
			w.Header().Set("Retry-After", "30")
			writeError(w, 429, api.ErrTooManyRequests, "slow down")
			return
		}
		writeJSON(w, 200, `{"name":"b"}`)
	}))
	c, clock, _ := newTestClient(t, srv.URL, Config{Token: "t"})
	if _, err := c.GetRole(t.Context(), "a"); err == nil {
		t.Fatal("no 429")
	}
	clock.advance(10 * time.Second)
	var wg sync.WaitGroup
	for range 3 {
		wg.Go(func() {
			if _, err := c.GetRole(t.Context(), "b"); err != nil {
				t.Error(err)
			}
		})
	}
	wg.Wait()
	// The first of the three to wait waits out the 20 s left (the fake clock
	// moves on at once, so the others need not).
	if got := clock.slept(); len(got) == 0 || got[0] != 20*time.Second {
		t.Errorf("waits %v, want 20s first", got)
	}
	if hits.Load() != 4 {
		t.Errorf("%d requests, want 4", hits.Load())
	}
}

// tokenBucketServer creates roles at most perSecond a second (burst as many),
// answering 429 with Retry-After past that, and counts both.
func tokenBucketServer(t *testing.T, perSecond int) (url string, created, throttled *atomic.Int32) {
	created, throttled = new(atomic.Int32), new(atomic.Int32)
	lim := rate.NewLimiter(rate.Limit(perSecond), perSecond)
	var mu sync.Mutex
	srv := serve(t, http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		now := time.Now()
		mu.Lock()
		res := lim.ReserveN(now, 1)
		delay := res.DelayFrom(now)
		if delay > 0 {
			res.CancelAt(now)
		}
		mu.Unlock()
		if delay > 0 {
			throttled.Add(1)
			w.Header().Set("Retry-After", strconv.Itoa(int(math.Ceil(delay.Seconds()))))
			writeError(w, 429, api.ErrTooManyRequests, "rate limit")
			return
		}
		n := created.Add(1)
		writeJSON(w, 201, fmt.Sprintf(`{"name":"r%d"}`, n))
	}))
	return srv.URL, created, throttled
}

// 300 creates from 10 goroutines against a server that accepts 20 a second
// all succeed, with the retries the provider allows by default (4), and the
// client soon sends no faster than the server accepts.
func TestManyCreatesAgainstARateLimitedServer(t *testing.T) {
	if testing.Short() {
		t.Skip("takes about 15 s")
	}
	t.Parallel()
	const creates, workers = 300, 10
	url, created, throttled := tokenBucketServer(t, 20)
	c, err := New(Config{Endpoint: url, Token: "t", MaxRetries: 4})
	if err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	var failed atomic.Int32
	for w := range workers {
		wg.Go(func() {
			for i := range creates / workers {
				if _, err := c.CreateRole(t.Context(), api.CreateRole{Name: fmt.Sprintf("r-%d-%d", w, i)}); err != nil {
					failed.Add(1)
					t.Errorf("create: %v", err)
				}
			}
		})
	}
	wg.Wait()
	if failed.Load() != 0 || created.Load() != creates {
		t.Errorf("%d creates failed, %d made, want none and %d", failed.Load(), created.Load(), creates)
	}
	if n := throttled.Load(); n > 40 {
		t.Errorf("%d answers were 429, want at most 40", n)
	}
	t.Logf("%d answers were 429", throttled.Load())
}

func TestPacerWaitEndsWithTheContext(t *testing.T) {
	p := newPacer(0)
	clock := newFakeClock()
	p.throttled(0, clock.now(), time.Hour)
	ctx, cancel := context.WithCancel(t.Context())
	cancel()
	if _, err := p.wait(ctx, clock.now, clock.sleep); err == nil {
		t.Error("the wait at the gate did not end with the context")
	}
	if got := clock.slept(); !reflect.DeepEqual(got, []time.Duration(nil)) {
		t.Errorf("waited %v", got)
	}
}
