package server

import (
	"strings"
	"sync"
	"testing"

	"github.com/adminapi/terraform-provider-adminapi/internal/api"
)

// TestContractMemberIfNoneMatch: PUT /accounts/{id}/users/{username} with
// If-None-Match: * only adds a member; it answers 412 precondition-failed,
// changing nothing, when the platform user is already a member.
func TestContractMemberIfNoneMatch(t *testing.T) {
	f := newFixture(t)
	acct := "/accounts/" + f.account
	onlyAdd := map[string]string{"If-None-Match": "*"}
	runContract(t, f.testAPI, []contractCase{
		{name: "add with If-None-Match", req: req{method: "PUT", path: acct + "/users/alice", token: f.root, header: onlyAdd,
			body: api.SetMemberRole{Role: "admin"}}, status: 200, check: func(t *testing.T, r resp) {
			if m := decodeInto[api.AccountMember](t, r); m != (api.AccountMember{Username: "alice", Role: "admin"}) {
				t.Errorf("member %+v", m)
			}
		}},
		{name: "add again with If-None-Match, same role", req: req{method: "PUT", path: acct + "/users/alice", token: f.root, header: onlyAdd,
			body: api.SetMemberRole{Role: "admin"}}, status: 412, errID: api.ErrPreconditionFailed, check: func(t *testing.T, r resp) {
			e := decodeInto[api.ErrorEnvelope](t, r)
			if !strings.Contains(e.Error.Message, "alice is already a member of account "+f.account) ||
				!strings.Contains(e.Error.Message, `role "admin"`) {
				t.Errorf("message %q", e.Error.Message)
			}
		}},
		{name: "add again with If-None-Match, other role", req: req{method: "PUT", path: acct + "/users/alice", token: f.root, header: onlyAdd,
			body: api.SetMemberRole{Role: "user"}}, status: 412, errID: api.ErrPreconditionFailed},
		{name: "unchanged", req: req{method: "GET", path: acct + "/users/alice", token: f.reader}, status: 200,
			check: func(t *testing.T, r resp) {
				if m := decodeInto[api.AccountMember](t, r); m.Role != "admin" {
					t.Errorf("member %+v after a refused add", m)
				}
			}},
		{name: "unknown platform user first", req: req{method: "PUT", path: acct + "/users/ghost", token: f.root, header: onlyAdd,
			body: api.SetMemberRole{Role: "user"}}, status: 404, errID: api.ErrUnknownResource},
		{name: "unknown account first", req: req{method: "PUT", path: "/accounts/ghost/users/alice", token: f.root, header: onlyAdd,
			body: api.SetMemberRole{Role: "user"}}, status: 404, errID: api.ErrUnknownResource},
		{name: "an entity tag", req: req{method: "PUT", path: acct + "/users/bobby", token: f.root, invalid: true,
			header: map[string]string{"If-None-Match": `"abc"`}, body: api.SetMemberRole{Role: "user"}},
			status: 400, errID: api.ErrInvalidParametersFormat, data: []string{"If-None-Match"}},
		{name: "without the header it still changes the role", req: req{method: "PUT", path: acct + "/users/bobby", token: f.root,
			body: api.SetMemberRole{Role: "user"}}, status: 200},
	})
}

// TestMemberIfNoneMatchRace: of many concurrent adds of one membership with
// If-None-Match: *, exactly one succeeds; the others answer 412.
func TestMemberIfNoneMatchRace(t *testing.T) {
	f := newFixture(t)
	const n = 8
	statuses := make([]int, n)
	var wg sync.WaitGroup
	for i := range n {
		wg.Go(func() {
			statuses[i] = f.do(req{method: "PUT", path: "/accounts/" + f.account + "/users/alice", token: f.root,
				header: map[string]string{"If-None-Match": "*"}, body: api.SetMemberRole{Role: "user"}}).status
		})
	}
	wg.Wait()
	counts := map[int]int{}
	for _, s := range statuses {
		counts[s]++
	}
	if counts[200] != 1 || counts[412] != n-1 {
		t.Errorf("statuses %v, want one 200 and %d 412", statuses, n-1)
	}
}
