package client

import (
	"context"
	"encoding/json"
	"net/http"
	"slices"
	"sync"
	"time"

	"github.com/adminapi/terraform-provider-adminapi/internal/api"
	"github.com/adminapi/terraform-provider-adminapi/internal/shard"
)

// A sweep answers GetPlatformUser and GetAccountMember from the paged list
// (GET /platform-users, GET /accounts/{id}/users), 100 objects a call,
// when many of them are read at once: Terraform refreshes every managed
// platform user (adminapi_platform_user, and adminapi_user_role, whose
// roles the user holds) and every membership (adminapi_account_user) on
// each plan, one GET each without sweeps.
//
// The client is not told how many reads will come (Terraform does not say
// how many resources it refreshes), so it judges from the reads it sees, and
// must judge at once for a sweep to pay:
//
//   - A GET of a list that has not been swept waits up to sweepWindow. When
//     sweepDemand GETs of the same list (the platform users; one account's
//     members) arrive within sweepWindow, the sweep starts and they wait for
//     it; otherwise each goes out when its own wait ends, as without sweeps.
//     Terraform refreshes sweepDemand or more resources at once (parallelism
//     10) when its state holds many, and a handful of resources never reach
//     it: they pay the wait, not a call. Sequential GETs never start one.
//   - The usernames of those GETs tell whether the reads are one shard's
//     (package shard: a workspace per shard manages each user, its roles
//     and its memberships): those of shard i among K all have hashes equal
//     modulo K, and their Modulus is a multiple of K. Such a shard holds
//     about T/K of the list's T objects, while the list is T/100 pages. From
//     a modulus of api.MaxLimit (100) up the sweep declines without a call:
//     one GET per object costs no more than the pages.
//   - Otherwise the sweep reads page 1 and learns the list's total T. Above
//     sweepMaxTotal, unless the reads are a shard's (a modulus of 2 or
//     more), it stops there, since the other pages could cost far more than
//     the GETs: a few users among many cost at most one list page more than
//     without sweeps. Otherwise it reads the other pages, sweepPages at a
//     time, and answers each waiting GET as soon as the page holding its
//     object arrives.
//   - A GET that the snapshot cannot answer goes to the server: an object
//     absent from it (gone, or skipped because a row was deleted while the
//     pages were read by offset) is confirmed by its own GET before it is
//     reported gone, and so is an object of which this client has begun a
//     write, for the rest of the client's life: a user created, updated,
//     enabled, disabled, given a password, a role or none, or deleted; a
//     membership set or removed, or its user written, or its account
//     deleted. A sweep that fails leaves its reads to GETs.
//
// So a refresh of N objects of a list of T costs ⌈T/100⌉ list calls when it
// sweeps, plus one GET per object the snapshot lacks; without a sweep, N
// GETs plus at most one list call. A shard's refresh costs the smaller of
// the two: ⌈T/100⌉ for a shard of 1/K of the users, K < 100; N GETs from
// K = 100 up. The price of judging at once: from sweepDemand objects up,
// a sweep of objects that are no shard costs ⌈T/100⌉ (at most 200) calls
// however few of the T objects are read. There is one sweep per list per Client,
// and the provider makes a Client per Terraform command, so a snapshot never
// answers for a later run; a change made before the run is in it.
const (
	sweepDemand   = 8
	sweepWindow   = 50 * time.Millisecond
	sweepMaxTotal = 20_000
	sweepPages    = 4
)

// sweeps holds a Client's sweeps and what it has written.
type sweeps struct {
	client   *Client
	maxTotal int // sweepMaxTotal; tests lower it

	mu      sync.Mutex
	written map[string]bool // userKey, memberKey, accountKey
	users   *sweeper
	members map[string]*sweeper // by account id
}

func newSweeps(c *Client) *sweeps {
	s := &sweeps{client: c, maxTotal: sweepMaxTotal, written: map[string]bool{}, members: map[string]*sweeper{}}
	s.users = newSweeper(s, "/platform-users")
	return s
}

func userKey(username string) string              { return "user " + username }
func accountKey(accountID string) string          { return "account " + accountID }
func memberKey(accountID, username string) string { return "member " + accountID + " " + username }

// write records that a write of each of keys begins: the sweeps no longer
// answer for them.
func (s *sweeps) write(keys ...string) {
	if s == nil {
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, k := range keys {
		s.written[k] = true
	}
}

func (s *sweeps) wrote(keys ...string) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	return slices.ContainsFunc(keys, func(k string) bool { return s.written[k] })
}

// platformUser answers GET /platform-users/{username} from the sweep, if it can.
func (s *sweeps) platformUser(ctx context.Context, username string) (*api.PlatformUser, bool) {
	if s == nil {
		return nil, false
	}
	return decodeSwept[api.PlatformUser](s.find(ctx, s.users, username, userKey(username)))
}

// accountMember answers GET /accounts/{id}/users/{username} from the sweep of
// the account's members, if it can.
func (s *sweeps) accountMember(ctx context.Context, accountID, username string) (*api.AccountMember, bool) {
	if s == nil {
		return nil, false
	}
	s.mu.Lock()
	sw := s.members[accountID]
	if sw == nil {
		sw = newSweeper(s, pathOf("accounts", accountID, "users"))
		s.members[accountID] = sw
	}
	s.mu.Unlock()
	return decodeSwept[api.AccountMember](s.find(ctx, sw, username,
		userKey(username), accountKey(accountID), memberKey(accountID, username)))
}

// find answers username from sw unless a write of any of keys has begun,
// before or while it waited.
func (s *sweeps) find(ctx context.Context, sw *sweeper, username string, keys ...string) (json.RawMessage, bool) {
	if s.wrote(keys...) {
		return nil, false
	}
	raw, ok := sw.find(ctx, username)
	return raw, ok && !s.wrote(keys...)
}

// decodeSwept decodes an object of a list page afresh for each answer, as a
// GET would.
func decodeSwept[T any](raw json.RawMessage, ok bool) (*T, bool) {
	var v T
	if !ok || json.Unmarshal(raw, &v) != nil {
		return nil, false
	}
	return &v, true
}

// sweeper is the sweep of one list, whose objects are named by "username".
type sweeper struct {
	sweeps *sweeps
	path   string

	mu       sync.Mutex
	started  bool
	finished bool
	arrivals []arrival // the GETs within sweepWindow, until started
	modulus  uint64    // of the usernames of the GETs that started the sweep
	entries  map[string]json.RawMessage
	changed  chan struct{} // closed and replaced when the sweep starts, stores a page or ends
}

type arrival struct {
	at       time.Time
	username string
}

func newSweeper(s *sweeps, path string) *sweeper {
	return &sweeper{sweeps: s, path: path, entries: map[string]json.RawMessage{}, changed: make(chan struct{})}
}

// find answers username from the sweep, waiting for it when it runs or may
// start; false when the sweep does not start or does not hold username.
func (sw *sweeper) find(ctx context.Context, username string) (json.RawMessage, bool) {
	sw.mu.Lock()
	defer sw.mu.Unlock()
	if !sw.started && !sw.demand(ctx, username) {
		return nil, false
	}
	for {
		if raw, ok := sw.entries[username]; ok {
			return raw, true
		}
		if sw.finished || !sw.wait(ctx, nil) {
			return nil, false
		}
	}
}

// demand counts a GET, starts the sweep when it makes sweepDemand within
// sweepWindow (or declines it for a shard's reads), else waits up to
// sweepWindow for others to start it, and tells whether the sweep has
// started.
func (sw *sweeper) demand(ctx context.Context, username string) bool {
	now := time.Now()
	sw.arrivals = append(slices.DeleteFunc(sw.arrivals, func(a arrival) bool { return now.Sub(a.at) >= sweepWindow }), arrival{now, username})
	if len(sw.arrivals) >= sweepDemand {
		usernames := make([]string, len(sw.arrivals))
		for i, a := range sw.arrivals {
			usernames[i] = a.username
		}
		sw.started, sw.arrivals, sw.modulus = true, nil, shard.Modulus(usernames)
		if sw.modulus >= api.MaxLimit {
			sw.finished = true
			sw.sweeps.client.debug(ctx, "adminapi sweep", map[string]any{"path": sw.path, "swept": false, "shard_modulus": sw.modulus})
		} else {
			go sw.run(context.WithoutCancel(ctx))
		}
		sw.notify()
		return !sw.finished
	}
	timer := time.NewTimer(sweepWindow)
	defer timer.Stop()
	for !sw.started {
		if !sw.wait(ctx, timer.C) {
			break
		}
	}
	return sw.started
}

// wait lets go of sw.mu until the sweep changes, ctx ends or timeout fires,
// and tells whether the sweep changed.
func (sw *sweeper) wait(ctx context.Context, timeout <-chan time.Time) bool {
	changed := sw.changed
	sw.mu.Unlock()
	defer sw.mu.Lock()
	select {
	case <-changed:
		return true
	case <-timeout:
		return false
	case <-ctx.Done():
		return false
	}
}

func (sw *sweeper) notify() {
	close(sw.changed)
	sw.changed = make(chan struct{})
}

// run reads page 1, then, unless the list's total is above the bound and
// the reads are no shard's, the other pages.
func (sw *sweeper) run(ctx context.Context) {
	total, err := sw.fetch(ctx, 0)
	declined := err == nil && total > sw.sweeps.maxTotal && sw.modulus < 2
	if err == nil && !declined {
		err = sw.fetchRest(ctx, total)
	}
	sw.mu.Lock()
	sw.finished = true
	fields := map[string]any{"path": sw.path, "total": total, "objects": len(sw.entries), "swept": err == nil && !declined, "shard_modulus": sw.modulus}
	sw.notify()
	sw.mu.Unlock()
	if err != nil {
		fields["error"] = err.Error()
	}
	sw.sweeps.client.debug(ctx, "adminapi sweep", fields)
}

// fetchRest reads the pages after the first up to total, sweepPages at a
// time, and stops at the first error, which it answers.
func (sw *sweeper) fetchRest(ctx context.Context, total int) error {
	ctx, cancel := context.WithCancelCause(ctx)
	defer cancel(nil)
	slots := make(chan struct{}, sweepPages)
	var wg sync.WaitGroup
	for offset := api.MaxLimit; offset < total && ctx.Err() == nil; offset += api.MaxLimit {
		slots <- struct{}{}
		wg.Go(func() {
			defer func() { <-slots }()
			if _, err := sw.fetch(ctx, offset); err != nil {
				cancel(err)
			}
		})
	}
	wg.Wait()
	return context.Cause(ctx)
}

// sweptPage is a page of either list, its objects kept as they came.
type sweptPage struct {
	api.ListMeta
	Users []json.RawMessage `json:"users"`
}

// fetch reads the page at offset into the snapshot and answers the list's
// total.
func (sw *sweeper) fetch(ctx context.Context, offset int) (int, error) {
	page, err := result[sweptPage](ctx, sw.sweeps.client, call{method: http.MethodGet, path: sw.path, query: pageQuery(offset, api.MaxLimit)})
	if err != nil {
		return 0, err
	}
	sw.mu.Lock()
	defer sw.mu.Unlock()
	for _, raw := range page.Users {
		var named struct {
			Username string `json:"username"`
		}
		if json.Unmarshal(raw, &named) == nil && named.Username != "" {
			sw.entries[named.Username] = raw
		}
	}
	sw.notify()
	return page.Total, nil
}
