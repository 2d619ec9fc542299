package platformuser_test

import (
	"sync"
	"testing"

	"github.com/adminapi/terraform-provider-adminapi/internal/acctest"
	"github.com/adminapi/terraform-provider-adminapi/internal/api"
)

// createUsersConcurrently creates users behind Terraform's back, a few at
// a time, and answers them as the API does.
func createUsersConcurrently(t *testing.T, srv *acctest.Server, users []api.CreatePlatformUser) []api.PlatformUser {
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
