package server

import (
	"net/netip"
	"time"

	"golang.org/x/time/rate"

	"github.com/adminapi/terraform-provider-adminapi/internal/api"
)

// loginLimiter counts failed logins per username and per client address;
// either is nil when switched off.
type loginLimiter struct {
	byUsername, byAddress *limiter
}

func newLoginLimiter(cfg LoginLimit) *loginLimiter {
	buckets := func(failures int) *limiter {
		if failures < 0 {
			return nil
		}
		return newBuckets(rate.Every(cfg.Window/time.Duration(failures)), failures)
	}
	return &loginLimiter{byUsername: buckets(cfg.FailuresPerUsername), byAddress: buckets(cfg.FailuresPerAddress)}
}

// attempt sets a failure aside for a login of username from remoteIP
// before its password is checked, so that concurrent tries cannot overrun
// the limit, and answers what ends the attempt: done(true) counts the
// failure, done(false) forgets it. Past the limit of the username or the
// address it answers the Retry-After instead. A username that no admin user
// can have is not counted by name (the address still counts it), so that no
// one can fill memory with names.
func (l *loginLimiter) attempt(username, remoteIP string) (done func(failed bool), retry string, ok bool) {
	var ends []func(bool)
	var wait time.Duration
	hold := func(lim *limiter, key string) {
		if lim == nil {
			return
		}
		if end, w, ok := lim.hold(key); ok {
			ends = append(ends, end)
		} else {
			wait = max(wait, w)
		}
	}
	if api.AdminUsernamePattern.MatchString(username) {
		hold(l.byUsername, username)
	}
	hold(l.byAddress, addressKey(remoteIP))
	done = func(failed bool) {
		for _, end := range ends {
			end(failed)
		}
	}
	if wait > 0 {
		done(false)
		return nil, retryAfter(wait), false
	}
	return done, "", true
}

// addressKey answers the client an address stands for: an IPv6 address
// stands for its /64, which one subscriber usually holds whole.
func addressKey(ip string) string {
	addr, err := netip.ParseAddr(ip)
	if err != nil || !addr.Is6() || addr.Is4In6() {
		return ip
	}
	prefix, err := addr.Prefix(64)
	if err != nil {
		return ip
	}
	return prefix.String()
}
