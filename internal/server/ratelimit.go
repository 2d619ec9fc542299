package server

import (
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
// at its end, and answers what ends it: spending the token or giving it
// back. When no token is free it answers how long until one is.
func (l *limiter) hold(key string) (end func(spend bool), wait time.Duration, ok bool) {
	l.mu.Lock()
	defer l.mu.Unlock()
	now := l.now()
	b := l.bucket(key, now)
	if free := b.lim.TokensAt(now) - float64(b.held); free < 1 {
		return nil, time.Duration((1 - free) / float64(l.limit) * float64(time.Second)), false
	}
	b.held++
	return func(spend bool) {
		l.mu.Lock()
		defer l.mu.Unlock()
		b.held--
		if spend {
			b.lim.AllowN(l.now(), 1)
		}
	}, 0, true
}

// retryAfter answers a wait as Retry-After says it: whole seconds, at least 1.
func retryAfter(wait time.Duration) string {
	return strconv.Itoa(max(1, int(math.Ceil(wait.Seconds()))))
}
