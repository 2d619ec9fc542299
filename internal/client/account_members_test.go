package client

import (
	"context"
	"net/http"
	"sync/atomic"
	"testing"

	"github.com/adminapi/terraform-provider-adminapi/internal/api"
)

// memberServer stands for the API: its first PUT adds the member but is
// answered firstStatus (as if the answer were lost to a failing proxy);
// any later PUT finds the member there and answers 412. GET answers the
// member with role stored.
func memberServer(t *testing.T, firstStatus int, stored string) (*Client, *atomic.Int32) {
	t.Helper()
	var puts atomic.Int32
	srv := serve(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.Method {
		case http.MethodPut:
			if r.Header.Get("If-None-Match") != "*" {
				t.Errorf("PUT without If-None-Match: *: %v", r.Header)
			}
			if puts.Add(1) == 1 && firstStatus != 0 {
				writeError(w, firstStatus, api.ErrUnexpected, "lost")
				return
			}
			writeError(w, http.StatusPreconditionFailed, api.ErrPreconditionFailed, "already a member")
		case http.MethodGet:
			writeJSON(w, http.StatusOK, `{"username":"alice","role":"`+stored+`"}`)
		}
	}))
	c, _, _ := newTestClient(t, srv.URL, Config{Token: "t", MaxRetries: 2, DisableSweep: true})
	return c, &puts
}

// A retried add whose first attempt was acted on meets its own member: with
// the role it asked for, that is its success.
func TestCreateAccountMemberRetryMeetsItsOwnAdd(t *testing.T) {
	c, puts := memberServer(t, http.StatusBadGateway, api.MemberRoleUser)
	m, err := c.CreateAccountMember(context.Background(), "acct", "alice", api.MemberRoleUser)
	if err != nil || m.Role != api.MemberRoleUser || puts.Load() != 2 {
		t.Errorf("CreateAccountMember: %+v, %v after %d PUTs; want the member after 2", m, err, puts.Load())
	}
}

// With another role, the member is not the call's own: the 412 stands.
func TestCreateAccountMemberRetryMeetsAnotherRole(t *testing.T) {
	c, _ := memberServer(t, http.StatusBadGateway, api.MemberRoleAdmin)
	if _, err := c.CreateAccountMember(context.Background(), "acct", "alice", api.MemberRoleUser); !IsPreconditionFailed(err) {
		t.Errorf("CreateAccountMember: %v, want 412 precondition-failed", err)
	}
}

// A 412 to a first attempt is someone else's member, even with the role
// asked for.
func TestCreateAccountMemberFirstAttempt412(t *testing.T) {
	c, puts := memberServer(t, 0, api.MemberRoleUser)
	if _, err := c.CreateAccountMember(context.Background(), "acct", "alice", api.MemberRoleUser); !IsPreconditionFailed(err) || puts.Load() != 1 {
		t.Errorf("CreateAccountMember: %v after %d PUTs, want 412 precondition-failed after 1", err, puts.Load())
	}
}

// A retry after a 429, which the server answers before acting, cannot meet
// its own add: the 412 stands.
func TestCreateAccountMemberRetryAfter429(t *testing.T) {
	c, _ := memberServer(t, http.StatusTooManyRequests, api.MemberRoleUser)
	if _, err := c.CreateAccountMember(context.Background(), "acct", "alice", api.MemberRoleUser); !IsPreconditionFailed(err) {
		t.Errorf("CreateAccountMember: %v, want 412 precondition-failed", err)
	}
}
