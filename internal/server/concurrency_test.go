package server

import (
	"fmt"
	"net/http"
	"sync"
	"testing"

	"github.com/adminapi/terraform-provider-adminapi/internal/api"
)

// parallel runs n calls of fn at once and answers their statuses.
func parallel(n int, fn func(i int) int) []int {
	statuses := make([]int, n)
	start := make(chan struct{})
	var wg sync.WaitGroup
	for i := range n {
		wg.Go(func() {
			<-start
			statuses[i] = fn(i)
		})
	}
	close(start)
	wg.Wait()
	return statuses
}

func countStatuses(statuses []int) map[int]int {
	out := map[int]int{}
	for _, s := range statuses {
		out[s]++
	}
	return out
}

func TestParallelCreatesOfOneName(t *testing.T) {
	a := newTestAPI(t)
	for _, c := range []struct {
		name string
		req  func(i int) req
	}{
		{"platform user", func(i int) req {
			return req{method: "POST", path: "/platform-users", token: a.root, body: api.CreatePlatformUser{
				Username: "same-name", Email: fmt.Sprintf("u%d@example.com", i), Password: ptr("secret")}}
		}},
		{"admin user", func(i int) req {
			return req{method: "POST", path: "/users", token: a.root, body: api.CreateAdminUser{
				Username: "same-name", Password: "password1", Permissions: normalized(api.Permissions{})}}
		}},
		{"role", func(i int) req {
			return req{method: "POST", path: "/roles", token: a.root, body: api.CreateRole{Name: "same-name"}}
		}},
		{"platform user e-mail", func(i int) req {
			return req{method: "POST", path: "/platform-users", token: a.root, body: api.CreatePlatformUser{
				Username: fmt.Sprintf("user-%d", i), Email: "same@example.com", Password: ptr("secret")}}
		}},
	} {
		got := countStatuses(parallel(20, func(i int) int { return a.do(c.req(i)).status }))
		if got[http.StatusCreated] != 1 || got[http.StatusConflict] != 19 {
			t.Errorf("%s: 20 parallel creates answered %v, want one 201 and nineteen 409", c.name, got)
		}
	}
}

func TestParallelMixedWritesLoseNothing(t *testing.T) {
	a := newTestAPI(t)
	const n = 200
	var acctMu sync.Mutex
	accounts := map[string]bool{}
	statuses := parallel(n, func(i int) int {
		switch i % 4 {
		case 0:
			return a.do(req{method: "POST", path: "/platform-users", token: a.root, body: api.CreatePlatformUser{
				Username: fmt.Sprintf("user-%03d", i), Email: fmt.Sprintf("u%d@example.com", i), Password: ptr("secret"), Tags: []string{"bulk"}}}).status
		case 1:
			return a.do(req{method: "POST", path: "/roles", token: a.root, body: api.CreateRole{Name: fmt.Sprintf("role-%03d", i)}}).status
		case 2:
			var acct api.Account
			r := a.do(req{method: "POST", path: "/accounts", token: a.root, body: api.AccountInput{Name: "bulk", DataRetention: ptr(int64(i))}})
			if r.status == http.StatusCreated {
				acct = decodeInto[api.Account](t, r)
				acctMu.Lock()
				accounts[acct.ID] = true
				acctMu.Unlock()
			}
			return r.status
		default:
			return a.do(req{method: "PUT", path: "/admin/settings", token: a.root, body: update("TOKEN_SETTINGS", "ACCESS_TOKEN_TTL_SECONDS", fmt.Sprint(i))}).status
		}
	})
	for i, s := range statuses {
		want := http.StatusCreated
		if i%4 == 3 {
			want = http.StatusOK
		}
		if s != want {
			t.Errorf("write %d answered %d, want %d", i, s, want)
		}
	}
	var users api.PlatformUserList
	a.ok(req{method: "GET", path: "/platform-users?tag=bulk&limit=100", token: a.root}, 200, &users)
	var roles api.RoleList
	a.ok(req{method: "GET", path: "/roles?limit=100", token: a.root}, 200, &roles)
	if users.Total != n/4 || roles.Total != n/4 {
		t.Errorf("read back %d users and %d roles, want %d each", users.Total, roles.Total, n/4)
	}
	for offset := 0; offset < n/4; offset += 10 {
		var l api.AccountList
		a.ok(req{method: "GET", path: fmt.Sprintf("/accounts?name=bulk&offset=%d", offset), token: a.root}, 200, &l)
		for _, acct := range l.Accounts {
			if !accounts[acct.ID] {
				t.Errorf("account %s was not created by the test", acct.ID)
			}
			delete(accounts, acct.ID)
		}
	}
	if len(accounts) != 0 {
		t.Errorf("%d created accounts not read back", len(accounts))
	}
}
