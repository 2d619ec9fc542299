package server

import (
	"context"
	"net/netip"
	"time"

	"golang.org/x/time/rate"

	"github.com/adminapi/terraform-provider-adminapi/internal/api"
)

// loginLimiter counts failed logins per username, failed client
// authentications at POST /oauth/token per client_id, and both together
// per client address; any of them is nil when switched off.
type loginLimiter struct {
	byUsername, byAddress *limiter
	byClient              *limiter
}

func newLoginLimiter(cfg LoginLimit) *loginLimiter {
	buckets := func(failures int) *limiter {
		if failures < 0 {
			return nil
		}
		return newBuckets(rate.Every(cfg.Window/time.Duration(failures)), failures)
	}
	return &loginLimiter{byUsername: buckets(cfg.FailuresPerUsername), byAddress: buckets(cfg.FailuresPerAddress),
		byClient: buckets(cfg.FailuresPerClient)}
}

// login sets a failure aside for a login of username from remoteIP before
// its password is checked: see attempt. A username that no admin user can
// have is not counted by name (the address still counts it), so that no
// one can fill memory with names.
func (l *loginLimiter) login(ctx context.Context, username, remoteIP string) (done func(failed bool), retry string, ok bool) {
	if !api.AdminUsernamePattern.MatchString(username) {
		username = ""
	}
	return l.attempt(ctx, l.byUsername, username, remoteIP)
}

// client does the same for a client authentication of clientID at POST
// /oauth/token; only a configured client is counted by its id.
func (l *loginLimiter) client(ctx context.Context, clientID string, known bool, remoteIP string) (done func(failed bool), retry string, ok bool) {
	if !known {
		clientID = ""
	}
	return l.attempt(ctx, l.byClient, clientID, remoteIP)
}

// attempt sets a failure aside, in byName under name (unless name is
// empty) and in byAddress under remoteIP's client, before the credentials
// are checked, and answers what ends the attempt: done(true) counts the
// failure, done(false) forgets it. Only failures count: a correct try, one
// of many at once included, succeeds while the limit is not reached,
// because a try finding every remaining failure set aside by tries in
// flight waits for them to end (see limiter.hold) rather than being
// refused. That also bounds the guesses exactly: no more tries are checked
// than the limit has failures left, however many come at once. Past the
// limit of the name or the address it answers the Retry-After instead
// (1 s when ctx ends while it waits). The name is held before
// the address, which a try holds only while checking, so waits end.
func (l *loginLimiter) attempt(ctx context.Context, byName *limiter, name, remoteIP string) (done func(failed bool), retry string, ok bool) {
	var ends []func(bool)
	done = func(failed bool) {
		for _, end := range ends {
			end(failed)
		}
	}
	hold := func(lim *limiter, key string) (time.Duration, bool) {
		if lim == nil {
			return 0, true
		}
		end, wait, err := lim.hold(ctx, key)
		switch {
		case err != nil:
			return time.Second, false
		case end == nil:
			return wait, false
		}
		ends = append(ends, end)
		return 0, true
	}
	if name != "" {
		if wait, ok := hold(byName, name); !ok {
			if l.byAddress != nil { // say the longer wait when the address is spent too
				wait = max(wait, l.byAddress.spentFor(addressKey(remoteIP)))
			}
			return nil, retryAfter(wait), false
		}
	}
	if wait, ok := hold(l.byAddress, addressKey(remoteIP)); !ok {
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
