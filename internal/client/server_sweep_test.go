package client

import (
	"fmt"
	"net/http"
	"reflect"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/adminapi/terraform-provider-adminapi/internal/api"
	"github.com/adminapi/terraform-provider-adminapi/internal/shard"
)

// countingTransport records every request a Client sends, as
// "METHOD /path", and calls onAnswer with each answered request before the
// Client sees the answer.
type countingTransport struct {
	base     http.RoundTripper
	onAnswer func(*http.Request)

	mu    sync.Mutex
	calls []string
}

func (t *countingTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	t.mu.Lock()
	t.calls = append(t.calls, req.Method+" "+req.URL.Path)
	t.mu.Unlock()
	resp, err := t.base.RoundTrip(req)
	if err == nil && t.onAnswer != nil {
		t.onAnswer(req)
	}
	return resp, err
}

// count tells how many requests were "METHOD path", or, with a path ending
// in "/", "METHOD path..." (a GET of one object).
func (t *countingTransport) count(method, path string) int {
	t.mu.Lock()
	defer t.mu.Unlock()
	n := 0
	for _, c := range t.calls {
		if c == method+" "+path || strings.HasSuffix(path, "/") && strings.HasPrefix(c, method+" "+path) {
			n++
		}
	}
	return n
}

// apiCalls are the requests other than the login.
func (t *countingTransport) apiCalls() []string {
	t.mu.Lock()
	defer t.mu.Unlock()
	var out []string
	for _, c := range t.calls {
		if !strings.HasPrefix(c, "POST /auth/") {
			out = append(out, c)
		}
	}
	return out
}

// countedClient logs in as the bootstrap admin, its requests counted.
func countedClient(t *testing.T, url string) (*Client, *countingTransport) {
	t.Helper()
	c := adminClient(t, url)
	counter := &countingTransport{base: c.http.Transport}
	c.http.Transport = counter
	return c, counter
}

// plainClient reads and writes without sweeps, behind the back of the
// client under test.
func plainClient(t *testing.T, url string) *Client {
	t.Helper()
	return must(New(Config{Endpoint: url, Username: "admin", Password: adminPassword, MaxRetries: 2, DisableSweep: true}))(t)
}

// sweepUsers creates n LDAP users named prefix-000..., 16 at a time, and
// answers their names.
func sweepUsers(t *testing.T, c *Client, prefix string, n int) []string {
	t.Helper()
	names := make([]string, n)
	for i := range names {
		names[i] = fmt.Sprintf("%s-%04d", prefix, i)
	}
	forAll(names, 16, func(name string) {
		if _, err := c.CreatePlatformUser(t.Context(), api.CreatePlatformUser{Username: name, Email: name + "@example.com", LDAP: ptr(true)}); err != nil {
			t.Error(err)
		}
	})
	if t.Failed() {
		t.FailNow()
	}
	return names
}

// forAll calls f for every item, at most parallel at a time.
func forAll[T any](items []T, parallel int, f func(T)) {
	slots := make(chan struct{}, parallel)
	var wg sync.WaitGroup
	for _, item := range items {
		slots <- struct{}{}
		wg.Go(func() {
			defer func() { <-slots }()
			f(item)
		})
	}
	wg.Wait()
}

// readAtOnce reads every user concurrently, all let go at the same moment,
// and answers what each read gave.
func readAtOnce(t *testing.T, c *Client, names []string) (map[string]*api.PlatformUser, map[string]error) {
	t.Helper()
	var mu sync.Mutex
	users, errs := map[string]*api.PlatformUser{}, map[string]error{}
	start := make(chan struct{})
	var wg sync.WaitGroup
	for _, name := range names {
		wg.Go(func() {
			<-start
			u, err := c.GetPlatformUser(t.Context(), name)
			mu.Lock()
			defer mu.Unlock()
			if err != nil {
				errs[name] = err
			} else {
				users[name] = u
			}
		})
	}
	close(start)
	wg.Wait()
	return users, errs
}

func TestServerSweepReadsManyUsersByPage(t *testing.T) {
	url := startServer(t, nil)
	plain := plainClient(t, url)
	names := sweepUsers(t, plain, "many", 300)
	must(plain.CreateRole(t.Context(), api.CreateRole{Name: "reader"}))(t)
	must(plain.AssignRole(t.Context(), names[7], "reader"))(t)

	c, counter := countedClient(t, url)
	got, errs := readAtOnce(t, c, names)
	if len(errs) > 0 {
		t.Fatalf("reads failed: %v", errs)
	}
	waitSwept(t, c.sweeps.users)
	// 300 users are 3 pages: the sweep is all the calls, no GET of a user.
	if calls := counter.apiCalls(); len(calls) != 3 || counter.count("GET", "/platform-users") != 3 {
		t.Errorf("%d calls, want the 3 pages of 300 users: %v", len(calls), calls)
	}
	want, _ := readAtOnce(t, plain, names)
	for _, name := range names {
		if !reflect.DeepEqual(got[name], want[name]) {
			t.Errorf("swept %s = %+v, its GET = %+v", name, got[name], want[name])
		}
	}
	if roles := got[names[7]].Roles; len(roles) != 1 || roles[0] != "reader" {
		t.Errorf("the swept user holds roles %v, want reader", roles)
	}
	// Each answer is the caller's own.
	got[names[7]].Roles[0] = "changed"
	if u := must(c.GetPlatformUser(t.Context(), names[7]))(t); u.Roles[0] != "reader" {
		t.Errorf("changing an answer changed the snapshot: %v", u.Roles)
	}

	// Without sweeps, one GET each, as before them.
	off := must(New(Config{Endpoint: url, Username: "admin", Password: adminPassword, DisableSweep: true}))(t)
	offCounter := &countingTransport{base: off.http.Transport}
	off.http.Transport = offCounter
	if _, errs := readAtOnce(t, off, names); len(errs) > 0 {
		t.Fatal(errs)
	}
	if calls := offCounter.apiCalls(); len(calls) != 300 || offCounter.count("GET", "/platform-users/") != 300 {
		t.Errorf("with DisableSweep: %d calls, want 300 GETs", len(calls))
	}
}

func TestServerSweepNeedsDemand(t *testing.T) {
	url := startServer(t, nil)
	names := sweepUsers(t, plainClient(t, url), "few", 2000)

	t.Run("5 at once among 2000", func(t *testing.T) {
		c, counter := countedClient(t, url)
		if _, errs := readAtOnce(t, c, names[500:505]); len(errs) > 0 {
			t.Fatal(errs)
		}
		if calls := counter.apiCalls(); len(calls) != 5 || counter.count("GET", "/platform-users/") != 5 {
			t.Errorf("calls %v, want 5 GETs", calls)
		}
	})
	t.Run("one fewer than the demand at once", func(t *testing.T) {
		c, counter := countedClient(t, url)
		if _, errs := readAtOnce(t, c, names[:sweepDemand-1]); len(errs) > 0 {
			t.Fatal(errs)
		}
		if calls := counter.apiCalls(); len(calls) != sweepDemand-1 || counter.count("GET", "/platform-users") != 0 {
			t.Errorf("calls %v, want %d GETs", calls, sweepDemand-1)
		}
	})
	t.Run("many one after the other", func(t *testing.T) {
		c, counter := countedClient(t, url)
		for _, name := range names[:2*sweepDemand] {
			must(c.GetPlatformUser(t.Context(), name))(t)
		}
		if calls := counter.apiCalls(); len(calls) != 2*sweepDemand || counter.count("GET", "/platform-users") != 0 {
			t.Errorf("calls %v, want %d GETs", calls, 2*sweepDemand)
		}
	})
	t.Run("demand among more than the bound", func(t *testing.T) {
		c, counter := countedClient(t, url)
		c.sweeps.maxTotal = 1000
		// Users past page 1: the page read to learn the total holds none.
		if _, errs := readAtOnce(t, c, names[1000:1010]); len(errs) > 0 {
			t.Fatal(errs)
		}
		waitSwept(t, c.sweeps.users)
		if calls := counter.apiCalls(); len(calls) != 11 || counter.count("GET", "/platform-users") != 1 {
			t.Errorf("calls %v, want page 1 and 10 GETs", calls)
		}
	})
	t.Run("demand within the bound", func(t *testing.T) {
		c, counter := countedClient(t, url)
		if _, errs := readAtOnce(t, c, names[1000:1010]); len(errs) > 0 {
			t.Fatal(errs)
		}
		waitSwept(t, c.sweeps.users)
		if calls := counter.apiCalls(); len(calls) != 20 || counter.count("GET", "/platform-users") != 20 {
			t.Errorf("calls %v, want the 20 pages of 2000 users", calls)
		}
	})
}

// A shard's refresh costs the smaller of its GETs and the list's pages:
// the sweep reads every page for a shard of 1/10 of the users even above
// the bound, and none for a shard of 1/150, whose users are fewer than the
// pages.
func TestServerSweepShard(t *testing.T) {
	url := startServer(t, nil)
	names := sweepUsers(t, plainClient(t, url), "shard", 2000)
	of := func(k, i int64) []string {
		return slices.DeleteFunc(slices.Clone(names), func(n string) bool { return shard.Of(n, k) != i })
	}

	t.Run("a tenth of the users, above the bound", func(t *testing.T) {
		c, counter := countedClient(t, url)
		c.sweeps.maxTotal = 1000
		users := of(10, 3)
		got, errs := readAtOnce(t, c, users)
		if len(errs) > 0 {
			t.Fatal(errs)
		}
		waitSwept(t, c.sweeps.users)
		if calls := counter.apiCalls(); len(calls) != 20 || counter.count("GET", "/platform-users") != 20 {
			t.Errorf("%d calls for the %d users of shard 3 of 10, want the 20 pages of 2000 users: %v", len(calls), len(users), calls)
		}
		if len(got) != len(users) {
			t.Errorf("%d users read, want %d", len(got), len(users))
		}
	})
	t.Run("a shard with fewer users than pages", func(t *testing.T) {
		c, counter := countedClient(t, url)
		users := of(150, 7)
		if len(users) < sweepDemand || len(users) >= 20 {
			t.Fatalf("shard 7 of 150 holds %d users, want from %d to 19", len(users), sweepDemand)
		}
		got, errs := readAtOnce(t, c, users)
		if len(errs) > 0 {
			t.Fatal(errs)
		}
		if calls := counter.apiCalls(); len(calls) != len(users) || counter.count("GET", "/platform-users") != 0 {
			t.Errorf("%d calls, want a GET of each of the shard's %d users and no list page: %v", len(calls), len(users), calls)
		}
		for _, u := range users {
			if got[u] == nil || got[u].Username != u {
				t.Errorf("read %s: %+v", u, got[u])
			}
		}
	})
}

// waitSwept waits for the end of sw's sweep.
func waitSwept(t *testing.T, sw *sweeper) {
	t.Helper()
	sw.mu.Lock()
	defer sw.mu.Unlock()
	for !sw.finished {
		if !sw.wait(t.Context(), nil) {
			t.Fatal(t.Context().Err())
		}
	}
}

// onFirstPage runs f once, when the answer to the first page of path comes
// back, before the client reads it.
func onFirstPage(counter *countingTransport, path string, f func()) {
	var once sync.Once
	counter.onAnswer = func(req *http.Request) {
		if req.Method == http.MethodGet && req.URL.Path == path && req.URL.Query().Get("offset") == "0" {
			once.Do(f)
		}
	}
}

func TestServerSweepConfirmsWhatItLacks(t *testing.T) {
	url := startServer(t, nil)
	plain := plainClient(t, url)
	names := sweepUsers(t, plain, "lacks", 300)
	c, counter := countedClient(t, url)
	// Once page 1 is read, names[10] (on it) and names[250] (on page 3) are
	// deleted: page 2, read by offset, starts at names[101], so names[100]
	// is in no page.
	deleted, skipped := names[250], names[100]
	onFirstPage(counter, "/platform-users", func() {
		for _, name := range []string{names[10], deleted} {
			if err := plain.DeletePlatformUser(t.Context(), name); err != nil {
				t.Error(err)
			}
		}
	})
	read := append(append([]string{}, names[:10]...), names[11:]...)
	got, errs := readAtOnce(t, c, read)
	waitSwept(t, c.sweeps.users)
	if len(errs) != 1 || !IsNotFound(errs[deleted]) {
		t.Errorf("errors %v, want a 404 for %s alone", errs, deleted)
	}
	if got[skipped] == nil || got[skipped].Username != skipped {
		t.Errorf("the user no page held: %+v", got[skipped])
	}
	if calls := counter.apiCalls(); len(calls) != 5 || counter.count("GET", "/platform-users/"+deleted) != 1 ||
		counter.count("GET", "/platform-users/"+skipped) != 1 {
		t.Errorf("calls %v, want 3 pages and a GET of %s and of %s", calls, deleted, skipped)
	}
}

func TestServerSweepNeverAnswersAfterAWrite(t *testing.T) {
	url := startServer(t, nil)
	plain := plainClient(t, url)
	names := sweepUsers(t, plain, "written", 299)
	withPassword := must(plain.CreatePlatformUser(t.Context(), api.CreatePlatformUser{
		Username: "written-password", Email: "password@example.com", Password: ptr("a-password-1"),
	}))(t).Username
	names = append(names, withPassword)
	must(plain.CreateRole(t.Context(), api.CreateRole{Name: "reader"}))(t)
	c, counter := countedClient(t, url)
	// A write begun once page 1 is read: that page holds the user as it was.
	during := names[20]
	onFirstPage(counter, "/platform-users", func() {
		if _, err := c.UpdatePlatformUser(t.Context(), during, api.UpdatePlatformUser{Name: ptr("during")}); err != nil {
			t.Error(err)
		}
	})
	got, errs := readAtOnce(t, c, names)
	if len(errs) > 0 {
		t.Fatal(errs)
	}
	waitSwept(t, c.sweeps.users)
	if got[during].Name != "during" || counter.count("GET", "/platform-users/") != 1 {
		t.Errorf("the user written while page 1 was read: %+v, by %d GETs", got[during], counter.count("GET", "/platform-users/"))
	}

	ctx := t.Context()
	writes := map[string]func(name string) error{
		"update": func(name string) error {
			_, err := c.UpdatePlatformUser(ctx, name, api.UpdatePlatformUser{Name: ptr("after")})
			return err
		},
		"disable": func(name string) error {
			_, err := c.DisablePlatformUser(ctx, name)
			return err
		},
		"enable": func(name string) error {
			_, err := c.EnablePlatformUser(ctx, name)
			return err
		},
		"password": func(string) error { return c.SetPlatformUserPassword(ctx, withPassword, "a-new-password-2") },
		"assign": func(name string) error {
			_, err := c.AssignRole(ctx, name, "reader")
			return err
		},
		"delete": func(name string) error { return c.DeletePlatformUser(ctx, name) },
	}
	i := 30
	for what, write := range writes {
		name := names[i]
		if what == "password" {
			name = withPassword
		}
		i++
		if err := write(name); err != nil {
			t.Fatalf("%s %s: %v", what, name, err)
		}
		before := counter.count("GET", "/platform-users/"+name)
		u, err := c.GetPlatformUser(ctx, name)
		if counter.count("GET", "/platform-users/"+name) != before+1 {
			t.Errorf("after %s, %s was not read by a GET", what, name)
		}
		fresh, freshErr := plain.GetPlatformUser(ctx, name)
		if !reflect.DeepEqual(u, fresh) || (err == nil) != (freshErr == nil) {
			t.Errorf("after %s: read %+v (%v), the server holds %+v (%v)", what, u, err, fresh, freshErr)
		}
	}
	// An unassignment, after the assignment above.
	must(c.AssignRole(ctx, names[40], "reader"))(t)
	if err := c.UnassignRole(ctx, names[40], "reader"); err != nil {
		t.Fatal(err)
	}
	if u := must(c.GetPlatformUser(ctx, names[40]))(t); len(u.Roles) != 0 {
		t.Errorf("after the unassignment, roles %v", u.Roles)
	}
	// A create: the user was absent from the snapshot, now it is not.
	created := must(c.CreatePlatformUser(ctx, api.CreatePlatformUser{Username: "created-late", Email: "late@example.com", LDAP: ptr(true)}))(t)
	if u := must(c.GetPlatformUser(ctx, created.Username))(t); u.Username != created.Username {
		t.Errorf("the created user: %+v", u)
	}
	// Users not written are still answered by the snapshot.
	before := len(counter.apiCalls())
	must(c.GetPlatformUser(ctx, names[298]))(t)
	if after := len(counter.apiCalls()); after != before {
		t.Errorf("a user not written cost %d calls", after-before)
	}
}

func TestServerSweepAccountMembers(t *testing.T) {
	url := startServer(t, nil)
	ctx := t.Context()
	plain := plainClient(t, url)
	names := sweepUsers(t, plain, "member", 300)
	acme := must(plain.CreateAccount(ctx, api.AccountInput{Name: "acme"}))(t).ID
	other := must(plain.CreateAccount(ctx, api.AccountInput{Name: "other"}))(t).ID
	forAll(names, 16, func(name string) {
		for _, id := range []string{acme, other} {
			if _, err := plain.SetAccountMember(ctx, id, name, api.MemberRoleUser); err != nil {
				t.Error(err)
			}
		}
	})

	c, counter := countedClient(t, url)
	readMembers := func(id string) map[string]error {
		errs := map[string]error{}
		var mu sync.Mutex
		start := make(chan struct{})
		var wg sync.WaitGroup
		for _, name := range names {
			wg.Go(func() {
				<-start
				m, err := c.GetAccountMember(ctx, id, name)
				if err == nil && (m.Username != name || m.Role != api.MemberRoleUser) {
					err = fmt.Errorf("got %+v", m)
				}
				mu.Lock()
				defer mu.Unlock()
				if err != nil {
					errs[name] = err
				}
			})
		}
		close(start)
		wg.Wait()
		return errs
	}
	if errs := readMembers(acme); len(errs) > 0 {
		t.Fatal(errs)
	}
	waitSwept(t, c.sweeps.members[acme])
	if calls := counter.apiCalls(); len(calls) != 3 || counter.count("GET", "/accounts/"+acme+"/users") != 3 {
		t.Errorf("calls %v, want the 3 pages of acme's members", calls)
	}

	memberGETs := func(id, name string) int { return counter.count("GET", "/accounts/"+id+"/users/"+name) }
	must(c.SetAccountMember(ctx, acme, names[1], api.MemberRoleAdmin))(t)
	if m := must(c.GetAccountMember(ctx, acme, names[1]))(t); m.Role != api.MemberRoleAdmin || memberGETs(acme, names[1]) != 1 {
		t.Errorf("after a set, %+v by %d GETs", m, memberGETs(acme, names[1]))
	}
	if err := c.RemoveAccountMember(ctx, acme, names[2]); err != nil {
		t.Fatal(err)
	}
	if _, err := c.GetAccountMember(ctx, acme, names[2]); !IsNotFound(err) || memberGETs(acme, names[2]) != 1 {
		t.Errorf("after a removal: %v, by %d GETs", err, memberGETs(acme, names[2]))
	}
	if err := c.DeletePlatformUser(ctx, names[3]); err != nil {
		t.Fatal(err)
	}
	if _, err := c.GetAccountMember(ctx, acme, names[3]); !IsNotFound(err) || memberGETs(acme, names[3]) != 1 {
		t.Errorf("after the user's deletion: %v, by %d GETs", err, memberGETs(acme, names[3]))
	}
	if _, err := c.GetAccountMember(ctx, acme, names[4]); err != nil || memberGETs(acme, names[4]) != 0 {
		t.Errorf("a member not written: %v, by %d GETs", err, memberGETs(acme, names[4]))
	}

	// Each account is swept on its own demand.
	if errs := readMembers(other); len(errs) != 1 || !IsNotFound(errs[names[3]]) {
		t.Errorf("other's members: %v, want a 404 for the deleted user alone", errs)
	}
	waitSwept(t, c.sweeps.members[other])
	if n := counter.count("GET", "/accounts/"+other+"/users"); n != 3 {
		t.Errorf("%d pages of other's members, want 3", n)
	}
	if err := c.DeleteAccount(ctx, other); err != nil {
		t.Fatal(err)
	}
	if _, err := c.GetAccountMember(ctx, other, names[5]); !IsNotFound(err) || memberGETs(other, names[5]) != 1 {
		t.Errorf("after the account's deletion: %v, by %d GETs", err, memberGETs(other, names[5]))
	}
}
