package client

import (
	"context"
	"errors"
	"sync"
	"time"

	"golang.org/x/time/rate"
)

const (
	// rateIncrease is what each second without a 429 adds to a reduced rate,
	// in requests per second.
	rateIncrease = 1.0
	// minRate is the lowest rate a 429 can bring the client down to, unless
	// the ceiling is lower.
	minRate = 1.0
)

// pacer holds back the requests of one Client, every attempt and token
// request included. A 429 slows the whole process, not one request: its
// Retry-After closes a gate that every request waits at, and it halves the
// request rate (additive increase, multiplicative decrease), starting from
// the rate actually observed. Each second without a 429 adds rateIncrease,
// up to the ceiling (max_requests_per_second; none when 0).
type pacer struct {
	limiter *rate.Limiter // burst 1; rate.Inf while nothing holds it back
	ceiling rate.Limit

	mu sync.Mutex
	// closedUntil is the latest end of a Retry-After received.
	closedUntil time.Time
	// sent numbers the requests let through; a 429 to a request numbered at
	// most halvedAt was sent before the last halving and does not halve again.
	sent, halvedAt uint64
	// raisedAt is when the rate was last raised or halved.
	raisedAt time.Time
	window   sendWindow
}

func newPacer(ceiling float64) *pacer {
	limit := rate.Inf
	if ceiling > 0 {
		limit = rate.Limit(ceiling)
	}
	return &pacer{limiter: rate.NewLimiter(limit, 1), ceiling: limit}
}

// wait holds a request until it may be sent: past any Retry-After, then at
// the current rate. It returns the request's number, for throttled.
func (p *pacer) wait(ctx context.Context, now func() time.Time, sleep func(context.Context, time.Duration) error) (uint64, error) {
	if err := p.waitGate(ctx, now, sleep); err != nil {
		return 0, err
	}
	t := now()
	r := p.limiter.ReserveN(t, 1)
	if !r.OK() {
		return 0, errors.New("rate limit: a request can never be sent")
	}
	if d := r.DelayFrom(t); d > 0 {
		if err := sleep(ctx, d); err != nil {
			r.CancelAt(now())
			return 0, err
		}
	}
	// A 429 may have closed the gate during the wait for the rate.
	if err := p.waitGate(ctx, now, sleep); err != nil {
		return 0, err
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	p.sent++
	p.window.add(now())
	return p.sent, nil
}

func (p *pacer) waitGate(ctx context.Context, now func() time.Time, sleep func(context.Context, time.Duration) error) error {
	for {
		p.mu.Lock()
		d := p.closedUntil.Sub(now())
		p.mu.Unlock()
		if d <= 0 {
			return ctx.Err()
		}
		if err := sleep(ctx, d); err != nil {
			return err
		}
	}
}

// throttled takes a 429 to request number n, received at t: every request
// waits until t+retryAfter (0: no Retry-After to honour), and the rate is
// halved unless n was sent before the last halving.
func (p *pacer) throttled(n uint64, t time.Time, retryAfter time.Duration) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if until := t.Add(retryAfter); until.After(p.closedUntil) {
		p.closedUntil = until
	}
	if n <= p.halvedAt {
		return
	}
	observed := rate.Limit(p.window.rate(t))
	halved := min(p.limiter.Limit(), observed) / 2
	p.limiter.SetLimitAt(t, max(halved, min(minRate, p.ceiling)))
	p.halvedAt = p.sent
	p.raisedAt = t
}

// accepted takes an answer other than 429, received at t: a reduced rate
// grows by rateIncrease for each second since it last changed.
func (p *pacer) accepted(t time.Time) {
	p.mu.Lock()
	defer p.mu.Unlock()
	cur := p.limiter.Limit()
	if cur >= p.ceiling {
		return
	}
	elapsed := t.Sub(p.raisedAt).Seconds()
	if elapsed <= 0 {
		return
	}
	p.limiter.SetLimitAt(t, min(p.ceiling, cur+rate.Limit(rateIncrease*elapsed)))
	p.raisedAt = t
}

// sendWindow estimates the requests sent in the last second from the counts
// of the current and the previous whole second.
type sendWindow struct {
	start     time.Time // of the current second
	cur, prev int
}

func (w *sendWindow) add(t time.Time) {
	w.roll(t)
	w.cur++
}

// rate is the estimated number of requests sent in the second before t.
func (w *sendWindow) rate(t time.Time) float64 {
	w.roll(t)
	elapsed := t.Sub(w.start).Seconds()
	return float64(w.prev)*(1-elapsed) + float64(w.cur)
}

func (w *sendWindow) roll(t time.Time) {
	switch d := t.Sub(w.start); {
	case d >= 2*time.Second || d < 0:
		w.start, w.cur, w.prev = t, 0, 0
	case d >= time.Second:
		w.start, w.cur, w.prev = w.start.Add(time.Second), 0, w.cur
	}
}
