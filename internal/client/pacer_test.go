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

func TestPacerHalvesOnceAWindowFromTheObservedRate(t *testing.T) {
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
	// Requests sent after the halving, answered 429 within its window (a
	// second, without Retry-After), do not halve it again.
	for range 5 {
		p.throttled(sendAll(t, p, clock, 1, 150*time.Millisecond), clock.now(), 0)
	}
	if got := p.limiter.Limit(); got != 15 || p.halvings != 1 {
		t.Errorf("rate %v after %d halvings, 429s within the window of the first, want 15 after 1", got, p.halvings)
	}

	// Past the window, a 429 to a request sent after the halving halves
	// again, from what was sent.
	clock.advance(time.Second)
	last = sendAll(t, p, clock, 10, time.Second)
	p.throttled(last, clock.now(), 0)
	if got := p.limiter.Limit(); got < 4 || got > 5.5 || p.halvings != 2 {
		t.Errorf("rate %v after %d halvings, want about half the 10 requests of the last second after 2", got, p.halvings)
	}
}

// Each answer other than a 429 adds a request a second to a reduced rate:
// a rate halved from 20 is back after 10 answers, and never above the
// ceiling.
func TestPacerRecoversAsAnswersSucceed(t *testing.T) {
	clock := newFakeClock()
	p := newPacer(20)
	p.throttled(sendAll(t, p, clock, 20, time.Second), clock.now(), time.Second)
	if got := p.limiter.Limit(); got != 10 {
		t.Fatalf("rate %v after a 429, want half the ceiling of 20", got)
	}
	// No answer, no recovery: time alone, gate closed, does not raise it.
	clock.advance(time.Minute)
	if got := p.limiter.Limit(); got != 10 {
		t.Errorf("rate %v a minute later with no answer, want 10", got)
	}
	for i := range 10 {
		p.accepted(clock.now())
		if got, want := p.limiter.Limit(), rate.Limit(11+i); got != want {
			t.Fatalf("rate %v after %d answers, want %v", got, i+1, want)
		}
	}
	p.accepted(clock.now())
	if got := p.limiter.Limit(); got != 20 {
		t.Errorf("rate %v after 11 answers, want the ceiling of 20", got)
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
	for range 100 {
		p.accepted(clock.now())
	}
	if got := p.limiter.Limit(); got != 8 {
		t.Errorf("rate %v after 100 answers, want the ceiling of 8", got)
	}

	p = newPacer(0)
	for range 5 {
		p.throttled(sendAll(t, p, clock, 1, 0), clock.now(), 0)
		clock.advance(minDecreaseWindow)
	}
	if got := p.limiter.Limit(); got != minRate || p.halvings != 5 {
		t.Errorf("rate %v after %d halvings, 5 429s each past the window of the last, want the floor %v after 5", got, p.halvings, minRate)
	}
	p = newPacer(0.5)
	p.throttled(sendAll(t, p, clock, 1, 0), clock.now(), 0)
	if got := p.limiter.Limit(); got != 0.5 {
		t.Errorf("rate %v, want the ceiling of 0.5 when it is under the floor", got)
	}
}

// The rate a 429 halves is that of the last second the gate was open: the
// second of a Retry-After just waited out is not read as a slow rate.
func TestPacerObservedRateLeavesOutTheClosedGate(t *testing.T) {
	clock := newFakeClock()
	p := newPacer(0)
	start := clock.now()
	// 20 requests in 0.2 s, then a 429 with Retry-After 1 s: rate 10, the
	// gate closed until 1.2 s.
	p.throttled(sendAll(t, p, clock, 20, 200*time.Millisecond), clock.now(), time.Second)
	if got := p.limiter.Limit(); got != 10 {
		t.Fatalf("rate %v, want 10", got)
	}
	// Two requests at the reopened gate, and a 429 to the second 0.15 s
	// later: 0.35 s of open gate in the last second, 22 requests in the
	// second of open gate before it.
	sendAll(t, p, clock, 2, 0)
	if opened := clock.now().Sub(start); opened != 1300*time.Millisecond {
		t.Fatalf("the second request went at %s, want 1.3s (the gate, then a tenth of a second)", opened)
	}
	clock.advance(50 * time.Millisecond)
	p.throttled(p.sent, clock.now(), 0)
	if got := p.limiter.Limit(); got != 5 {
		t.Errorf("rate %v, want 5: half the rate before, not half the 2 requests sent since the gate opened", got)
	}
}

func TestSendLog(t *testing.T) {
	t0 := newFakeClock().now()
	var l sendLog
	for i := range sendLogSize + 10 {
		l.add(t0.Add(time.Duration(i) * time.Millisecond))
	}
	last := t0.Add(time.Duration(sendLogSize+9) * time.Millisecond)
	tests := []struct {
		from time.Time
		want int
	}{
		{last.Add(time.Millisecond), 0},
		{last, 1},
		{last.Add(-99 * time.Millisecond), 100},
		{t0, sendLogSize}, // as many as are kept
	}
	for _, tt := range tests {
		if got := l.since(tt.from); got != tt.want {
			t.Errorf("since %v = %d, want %d", tt.from.Sub(t0), got, tt.want)
		}
	}
}

// 20 concurrent requests answered 429 with Retry-After 1 are one window:
// one halving of the rate and one closing of the gate, not 20, and every
// call succeeds on its retry.
func TestConcurrent429sOfOneWindowCountOnce(t *testing.T) {
	const n = 20
	var hits, held atomic.Int32
	all := make(chan struct{})
	srv := serve(t, http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		if hits.Add(1) > n {
			writeJSON(w, 200, `{"name":"r"}`)
			return
		}
		// Hold each of the first n until all have arrived: all were sent
		// before any 429 was received.
		if held.Add(1) == n {
			close(all)
		}
		<-all
		w.Header().Set("Retry-After", "1")
		writeError(w, 429, api.ErrTooManyRequests, "slow down")
	}))
	c, clock, _ := newTestClient(t, srv.URL, Config{Token: "t", MaxRetries: 1})
	var wg sync.WaitGroup
	for range n {
		wg.Go(func() {
			if _, err := c.GetRole(t.Context(), "r"); err != nil {
				t.Error(err)
			}
		})
	}
	wg.Wait()
	p := c.pacer
	if p.halvings != 1 || p.closings != 1 {
		t.Errorf("%d halvings and %d closings of the gate, want 1 and 1", p.halvings, p.closings)
	}
	// The fake clock moves on at every wait of every call, so a gate that
	// each 429 moved would have ended seconds after the first one.
	if d := p.closedUntil.Sub(p.closedAt); d != time.Second {
		t.Errorf("the gate was closed for %s, want the Retry-After of 1s", d)
	}
	if got := hits.Load(); got != 2*n {
		t.Errorf("%d requests, want %d", got, 2*n)
	}
	t.Logf("rate %v after the retries; waits %v", p.limiter.Limit(), clock.slept())
}

// 429s that come whatever the rate (one answer in ten, with Retry-After 1,
// as a proxy's or a shared quota's would) do not starve the client: each
// window halves the rate once, the answers between them bring it back, and
// the client keeps sending several requests a second, counting the seconds
// it waits at the gate.
func TestPacerRateIndependent429sDoNotStarveIt(t *testing.T) {
	clock := newFakeClock()
	p := newPacer(0)
	start := clock.now()
	const attempts = 2000
	lowest := rate.Inf
	for i := range attempts {
		n, err := p.wait(t.Context(), clock.now, clock.sleep)
		if err != nil {
			t.Fatal(err)
		}
		clock.advance(10 * time.Millisecond) // the answer takes 10 ms
		if i%10 == 9 {
			p.throttled(n, clock.now(), time.Second)
		} else {
			p.accepted(clock.now())
		}
		if i >= attempts/2 {
			lowest = min(lowest, p.limiter.Limit())
		}
	}
	sent := float64(attempts) / clock.now().Sub(start).Seconds()
	t.Logf("%.1f requests a second over %s, the rate at least %v in the second half; %d halvings, %d closings",
		sent, clock.now().Sub(start).Round(time.Second), lowest, p.halvings, p.closings)
	// One 429 in ten, each closing the gate for a second: at most 10 a
	// second with an unlimited rate. Halved once a window, from the 11 or so
	// requests of the last second of open gate, and raised by the 9 answers
	// between, the rate goes from 5.5 to 14.5 and back. (Halved on every 429
	// and raised by the second, it would fall to 2.5.)
	if lowest < 5 {
		t.Errorf("the rate fell to %v, want at least 5", lowest)
	}
	if sent < 4.5 {
		t.Errorf("%.1f requests a second, want at least 4.5", sent)
	}
	if p.halvings != attempts/10 || p.closings != attempts/10 {
		t.Errorf("%d halvings and %d closings, want one of each per 429 (%d): each came after the window of the last",
			p.halvings, p.closings, attempts/10)
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
// all succeed, with the retries the provider allows by default (10), and the
// client soon sends no faster than the server accepts.
func TestManyCreatesAgainstARateLimitedServer(t *testing.T) {
	if testing.Short() {
		t.Skip("takes about 15 s")
	}
	t.Parallel()
	const creates, workers = 300, 10
	url, created, throttled := tokenBucketServer(t, 20)
	c, err := New(Config{Endpoint: url, Token: "t", MaxRetries: 10})
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
