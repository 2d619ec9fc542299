package server

import (
	"math"
	"strconv"
	"sync"
	"time"

	"golang.org/x/time/rate"
)

// limiter is a token bucket per caller key; idle buckets are dropped.
type limiter struct {
	cfg     RateLimit
	mu      sync.Mutex
	buckets map[string]*bucket
	swept   time.Time
}

type bucket struct {
	lim  *rate.Limiter
	seen time.Time
}

const bucketIdle = 10 * time.Minute

func newLimiter(cfg RateLimit) *limiter {
	if cfg.Burst < 1 {
		cfg.Burst = max(1, int(math.Ceil(cfg.RequestsPerSecond)))
	}
	return &limiter{cfg: cfg, buckets: map[string]*bucket{}, swept: time.Now()}
}

// allow takes one token for key, or answers the whole seconds (at least 1)
// to wait, as Retry-After says it.
func (l *limiter) allow(key string) (string, bool) {
	now := time.Now()
	l.mu.Lock()
	defer l.mu.Unlock()
	if now.Sub(l.swept) > bucketIdle {
		for k, b := range l.buckets {
			if now.Sub(b.seen) > bucketIdle {
				delete(l.buckets, k)
			}
		}
		l.swept = now
	}
	b, ok := l.buckets[key]
	if !ok {
		b = &bucket{lim: rate.NewLimiter(rate.Limit(l.cfg.RequestsPerSecond), l.cfg.Burst)}
		l.buckets[key] = b
	}
	b.seen = now
	res := b.lim.ReserveN(now, 1)
	if !res.OK() {
		return "1", false
	}
	delay := res.DelayFrom(now)
	if delay == 0 {
		return "", true
	}
	res.CancelAt(now)
	return strconv.Itoa(max(1, int(math.Ceil(delay.Seconds())))), false
}
