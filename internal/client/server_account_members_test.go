package client

import (
	"context"
	"sync"
	"testing"

	"github.com/adminapi/terraform-provider-adminapi/internal/api"
)

// CreateAccountMember only adds: a member that exists, whatever its role,
// is 412 and is left as it is; of concurrent adds exactly one succeeds.
func TestServerCreateAccountMember(t *testing.T) {
	url := startServer(t, nil)
	c := adminClient(t, url)
	ctx := context.Background()
	acc := must(c.CreateAccount(ctx, api.AccountInput{Name: "acme"}))(t)
	must(c.CreatePlatformUser(ctx, api.CreatePlatformUser{Username: "hanna", Email: "hanna@example.com", Password: ptr("password")}))(t)

	if m := must(c.CreateAccountMember(ctx, acc.ID, "hanna", api.MemberRoleAdmin))(t); *m != (api.AccountMember{Username: "hanna", Role: api.MemberRoleAdmin}) {
		t.Errorf("CreateAccountMember(hanna, admin): %+v", m)
	}
	for _, role := range []string{api.MemberRoleAdmin, api.MemberRoleUser} {
		if _, err := c.CreateAccountMember(ctx, acc.ID, "hanna", role); !IsPreconditionFailed(err) || MayHaveActed(err) {
			t.Errorf("CreateAccountMember(hanna, %s) again: %v, want 412 precondition-failed", role, err)
		}
	}
	if m := must(c.GetAccountMember(ctx, acc.ID, "hanna"))(t); m.Role != api.MemberRoleAdmin {
		t.Errorf("after refused adds: %+v", m)
	}
	if _, err := c.CreateAccountMember(ctx, acc.ID, "nobody", api.MemberRoleUser); !IsNotFound(err) {
		t.Errorf("adding an unknown user: %v", err)
	}

	must(c.CreatePlatformUser(ctx, api.CreatePlatformUser{Username: "irene", Email: "irene@example.com", Password: ptr("password")}))(t)
	const n = 6
	errs := make([]error, n)
	var wg sync.WaitGroup
	for i := range n {
		wg.Go(func() { _, errs[i] = c.CreateAccountMember(ctx, acc.ID, "irene", api.MemberRoleUser) })
	}
	wg.Wait()
	var ok, refused int
	for _, err := range errs {
		switch {
		case err == nil:
			ok++
		case IsPreconditionFailed(err):
			refused++
		default:
			t.Errorf("concurrent add: %v", err)
		}
	}
	if ok != 1 || refused != n-1 {
		t.Errorf("concurrent adds: %d succeeded, %d refused; want 1 and %d", ok, refused, n-1)
	}
}
