package acctest

import (
	"sync"
	"testing"

	"github.com/adminapi/terraform-provider-adminapi/internal/api"
)

// CreatePlatformUsersConcurrently creates users behind Terraform's back, a
// few at a time, and answers them as the API does.
func CreatePlatformUsersConcurrently(t *testing.T, srv *Server, users []api.CreatePlatformUser) []api.PlatformUser {
	t.Helper()
	const workers = 8
	created := make([]api.PlatformUser, len(users))
	errs := make([]error, len(users))
	next := make(chan int)
	var wg sync.WaitGroup
	for range workers {
		wg.Go(func() {
			for i := range next {
				u, err := srv.Client.CreatePlatformUser(t.Context(), users[i])
				if err == nil {
					created[i] = *u
				}
				errs[i] = err
			}
		})
	}
	for i := range users {
		next <- i
	}
	close(next)
	wg.Wait()
	for i, err := range errs {
		if err != nil {
			t.Fatalf("create platform user %s: %v", users[i].Username, err)
		}
	}
	return created
}

// LDAPUsers are LDAP platform users (no password to hash) named usernames,
// each with the e-mail address <username>@example.com.
func LDAPUsers(usernames []string) []api.CreatePlatformUser {
	ldap := true
	users := make([]api.CreatePlatformUser, len(usernames))
	for i, u := range usernames {
		users[i] = api.CreatePlatformUser{Username: u, Email: u + "@example.com", LDAP: &ldap}
	}
	return users
}
