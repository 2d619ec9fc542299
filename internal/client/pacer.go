package client

import (
	"context"
	"errors"
	"fmt"
	"math"
	"sync"
	"time"

	"golang.org/x/time/rate"
)

const (
	// rateIncrease is what each answer other than a 429 or a 5xx adds to a
	// reduced rate, in requests per second: a rate halved from r is back
	// after r/2 answers.
	rateIncrease = 1.0
	// minRate is the lowest rate a 429 can bring the client down to, unless
	// the ceiling is lower.
	minRate = 1.0
	// minDecreaseWindow is the shortest window of one decrease: the 429s
	// received within it, after the one that halved the rate, do not halve it
	// again. A 429's Retry-After, when longer, is its window.
	minDecreaseWindow = time.Second
	// sendLogSize is how many of the latest send times the pacer keeps to
	// estimate the rate actually sent.
	sendLogSize = 256
)

// pacer holds back the requests of one Client, every attempt and token
// request included. A 429 slows the whole process, not one request: its
// Retry-After closes a gate that every request waits at, and it halves the
// request rate (additive increase, multiplicative decrease), starting from
// the rate actually sent while the gate was open. A window of 429s counts
// once: the 429s to requests sent before the gate closed leave it as it is,
// and the rate is halved at most once per window (the Retry-After, at least
// minDecreaseWindow) and only by a request sent after the last halving, so
// that 429s that come whatever the rate (a proxy's, a shared quota's) cannot
// starve the client. Each answer other than a 429 or a 5xx adds
// rateIncrease, up to the ceiling (max_requests_per_second; none when 0).
type pacer struct {
	limiter *rate.Limiter // burst 1; rate.Inf while nothing holds it back
	ceiling rate.Limit

	mu sync.Mutex
	// closedAt and closedUntil are the last closing of the gate: from the
	// 429 that closed it to the end of its Retry-After.
	closedAt, closedUntil time.Time
	// sent numbers the requests let through. A 429 to a request numbered at
	// most closedSent was sent before the gate last closed and does not move
	// it; one to a request numbered at most halvedSent was sent before the
	// last halving and does not halve again.
	sent, closedSent, halvedSent uint64
	// windowEnd is the end of the last halving's window: no 429 received
	// before it halves again.
	windowEnd time.Time
	// halvings and closings count the halvings and the closings of the
	// gate, for tests.
	halvings, closings int
	sends              sendLog
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
	if _, err := p.waitGate(ctx, now, sleep, false); err != nil {
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
	return p.waitGate(ctx, now, sleep, true)
}

// waitGate returns once the gate is open. With send, the request passes it:
// it is numbered and its time logged under the lock that closes the gate,
// so that a request numbered after a closing was sent after it.
func (p *pacer) waitGate(ctx context.Context, now func() time.Time, sleep func(context.Context, time.Duration) error, send bool) (uint64, error) {
	for {
		p.mu.Lock()
		t := now()
		d := p.closedUntil.Sub(t)
		if d <= 0 {
			var n uint64
			err := ctx.Err()
			if err == nil && send {
				p.sent++
				p.sends.add(t)
				n = p.sent
			}
			p.mu.Unlock()
			return n, err
		}
		p.mu.Unlock()
		if err := sleep(ctx, d); err != nil {
			return 0, err
		}
	}
}

// throttled takes a 429 to request number n, received at t, with its
// Retry-After (0: none to honour). A request sent after the gate last closed
// closes it until t+retryAfter; one sent before leaves it: the 429s of one
// window set one gate. The rate is halved when n was sent after the last
// halving and t is past that halving's window.
func (p *pacer) throttled(n uint64, t time.Time, retryAfter time.Duration) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if n > p.halvedSent && !t.Before(p.windowEnd) {
		from := p.limiter.Limit()
		if observed := rate.Limit(p.observed(t)); observed < from {
			from = observed
		}
		p.limiter.SetLimitAt(t, max(from/2, min(minRate, p.ceiling)))
		p.halvedSent = p.sent
		p.windowEnd = t.Add(max(retryAfter, minDecreaseWindow))
		p.halvings++
	}
	if until := t.Add(retryAfter); retryAfter > 0 && n > p.closedSent && until.After(p.closedUntil) {
		p.closedAt, p.closedUntil, p.closedSent = t, until, p.sent
		p.closings++
	}
}

// accepted takes an answer other than a 429 or a 5xx, received at t: a
// reduced rate grows by rateIncrease, up to the ceiling.
func (p *pacer) accepted(t time.Time) {
	p.mu.Lock()
	defer p.mu.Unlock()
	cur := p.limiter.Limit()
	if cur >= p.ceiling {
		return
	}
	p.limiter.SetLimitAt(t, min(p.ceiling, cur+rateIncrease))
}

// observed is the number of requests sent in the last second of open gate
// before t: when the gate was closed within the last second, the count
// reaches back by the time it was closed, so that the second after a
// Retry-After is not read as a slow rate.
func (p *pacer) observed(t time.Time) float64 {
	from := t.Add(-time.Second)
	if p.closedUntil.After(from) && p.closedAt.Before(t) {
		end := p.closedUntil
		if end.After(t) {
			end = t
		}
		from = from.Add(-end.Sub(p.closedAt))
	}
	return float64(p.sends.since(from))
}

// limit is the rate the client sends at most, in requests per second;
// +Inf when nothing holds it back.
func (p *pacer) limit() float64 {
	l := p.limiter.Limit()
	if l == rate.Inf {
		return math.Inf(1)
	}
	return float64(l)
}

// describe tells how fast the client was sending, for an error: what the
// 429s had brought it down to, or its ceiling.
func (p *pacer) describe() string {
	cur := p.limit()
	switch {
	case math.IsInf(cur, 1):
		return "no 429 had slowed the client down"
	case rate.Limit(cur) >= p.ceiling:
		return fmt.Sprintf("the client was sending up to %s", perSecond(cur))
	default:
		return fmt.Sprintf("the client had slowed to %s", perSecond(cur))
	}
}

// perSecond reads like "2.5 requests a second".
func perSecond(r float64) string {
	r = math.Round(r*10) / 10
	if r == 1 {
		return "1 request a second"
	}
	return fmt.Sprintf("%g requests a second", r)
}

// sendLog keeps the times of the latest sendLogSize requests sent.
type sendLog struct {
	times [sendLogSize]time.Time
	next  int // where the next time goes
	n     int // how many are kept
}

func (l *sendLog) add(t time.Time) {
	l.times[l.next] = t
	l.next = (l.next + 1) % sendLogSize
	l.n = min(l.n+1, sendLogSize)
}

// since counts the requests sent at from or after (sendLogSize at most).
func (l *sendLog) since(from time.Time) int {
	count := 0
	for i := 1; i <= l.n; i++ {
		if l.times[(l.next-i+sendLogSize)%sendLogSize].Before(from) {
			break
		}
		count++
	}
	return count
}
