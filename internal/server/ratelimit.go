package server

import (
	"context"
	"math"
	"strconv"
	"sync"
	"time"

	"golang.org/x/time/rate"
)

// limiter is a token bucket per key; a bucket left idle long enough to be
// full again is dropped.
type limiter struct {
	limit   rate.Limit
	burst   int
	idle    time.Duration
	now     func() time.Time
	mu      sync.Mutex
	buckets map[string]*bucket
	swept   time.Time
}

type bucket struct {
	lim  *rate.Limiter
	held int // tokens set aside by hold and not yet spent or released
	seen time.Time
	// released, when not nil, is closed at the next end of a hold: attempts
	// waiting for a token wait on it.
	released chan struct{}
}

// minBucketIdle is how long a bucket is kept at least after its last use.
const minBucketIdle = 10 * time.Minute

func newLimiter(cfg RateLimit) *limiter {
	burst := cfg.Burst
	if burst < 1 {
		burst = max(1, int(math.Ceil(cfg.RequestsPerSecond)))
	}
	return newBuckets(rate.Limit(cfg.RequestsPerSecond), burst)
}

// newBuckets answers a limiter whose buckets hold burst tokens and gain
// limit tokens a second.
func newBuckets(limit rate.Limit, burst int) *limiter {
	refill := time.Duration(float64(burst) / float64(limit) * float64(time.Second))
	return &limiter{limit: limit, burst: burst, idle: max(minBucketIdle, refill), now: time.Now,
		buckets: map[string]*bucket{}, swept: time.Now()}
}

// bucket answers the bucket of key, made on first use; l.mu is held.
func (l *limiter) bucket(key string, now time.Time) *bucket {
	if now.Sub(l.swept) > l.idle {
		for k, b := range l.buckets {
			if b.held == 0 && now.Sub(b.seen) > l.idle {
				delete(l.buckets, k)
			}
		}
		l.swept = now
	}
	b, ok := l.buckets[key]
	if !ok {
		b = &bucket{lim: rate.NewLimiter(l.limit, l.burst)}
		l.buckets[key] = b
	}
	b.seen = now
	return b
}

// allow takes one token for key, or answers the Retry-After to wait.
func (l *limiter) allow(key string) (string, bool) {
	l.mu.Lock()
	defer l.mu.Unlock()
	now := l.now()
	res := l.bucket(key, now).lim.ReserveN(now, 1)
	if !res.OK() {
		return "1", false
	}
	if wait := res.DelayFrom(now); wait > 0 {
		res.CancelAt(now)
		return retryAfter(wait), false
	}
	return "", true
}

// hold sets one token of key aside for an attempt whose cost is known only
// at its end, and answers what ends it: spending the token (a failure) or
// giving it back (a success). While every free token is held by attempts
// in flight, it waits until one of them ends, then looks again; it answers
// how long until a token is free only when none is left even if every
// attempt in flight gives its token back. So attempts in flight never
// outnumber the tokens, and the failures counted never exceed the bucket,
// however many come at once, while a success is never refused because
// other attempts are in flight. It answers ctx's error when ctx ends first.
func (l *limiter) hold(ctx context.Context, key string) (end func(spend bool), wait time.Duration, err error) {
	for {
		l.mu.Lock()
		now := l.now()
		b := l.bucket(key, now)
		tokens := b.lim.TokensAt(now)
		if tokens < 1 {
			l.mu.Unlock()
			return nil, time.Duration((1 - tokens) / float64(l.limit) * float64(time.Second)), nil
		}
		if tokens-float64(b.held) >= 1 {
			b.held++
			l.mu.Unlock()
			return func(spend bool) { l.release(b, spend) }, 0, nil
		}
		if b.released == nil {
			b.released = make(chan struct{})
		}
		released := b.released
		l.mu.Unlock()
		select {
		case <-released:
		case <-ctx.Done():
			return nil, 0, ctx.Err()
		}
	}
}

// spentFor answers how long until key has a token, counting none as held:
// zero when it has one now.
func (l *limiter) spentFor(key string) time.Duration {
	l.mu.Lock()
	defer l.mu.Unlock()
	now := l.now()
	if tokens := l.bucket(key, now).lim.TokensAt(now); tokens < 1 {
		return time.Duration((1 - tokens) / float64(l.limit) * float64(time.Second))
	}
	return 0
}

// release ends a hold of b: spend takes the held token for good. It wakes
// the attempts waiting for a token of b.
func (l *limiter) release(b *bucket, spend bool) {
	l.mu.Lock()
	defer l.mu.Unlock()
	b.held--
	if spend {
		// Tokens never fall below the held count, so this one is there.
		b.lim.AllowN(l.now(), 1)
	}
	if b.released != nil {
		close(b.released)
		b.released = nil
	}
}

// retryAfter answers a wait as Retry-After says it: whole seconds, at least 1.
func retryAfter(wait time.Duration) string {
	return strconv.Itoa(max(1, int(math.Ceil(wait.Seconds()))))
}
