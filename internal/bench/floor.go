package bench

import (
	"context"
	"fmt"
	"sync"
	"time"

	"github.com/adminapi/terraform-provider-adminapi/internal/api"
	"github.com/adminapi/terraform-provider-adminapi/internal/client"
)

// newClient answers an API client as the admin user: the floor's, and the
// bench's own for seeding, drift and clean-up.
func newClient(endpoint, password string, limit float64) (*client.Client, error) {
	return client.New(client.Config{
		Endpoint: endpoint, Username: "admin", Password: password,
		MaxRetries: 8, MaxRequestsPerSecond: limit, UserAgent: "adminapi-bench",
	})
}

// forEach runs fn for every username with workers at once and answers the
// first error, after which it starts no more.
func forEach(ctx context.Context, workers int, names []string, fn func(ctx context.Context, name string) error) error {
	ctx, cancel := context.WithCancelCause(ctx)
	defer cancel(nil)
	work := make(chan string)
	var wg sync.WaitGroup
	for range workers {
		wg.Go(func() {
			for name := range work {
				if err := fn(ctx, name); err != nil {
					cancel(fmt.Errorf("%s: %w", name, err))
				}
			}
		})
	}
feed:
	for _, name := range names {
		select {
		case work <- name:
		case <-ctx.Done():
			break feed
		}
	}
	close(work)
	wg.Wait()
	return context.Cause(ctx)
}

func usernames(n int) []string {
	names := make([]string, n)
	for i := range names {
		names[i] = username(i)
	}
	return names
}

func createUser(ctx context.Context, c *client.Client, i int) error {
	name, display, ldap := username(i), userName(i), true
	_, err := c.CreatePlatformUser(ctx, api.CreatePlatformUser{
		Username: name, Email: userEmail(name), Name: &display, LDAP: &ldap, Tags: []string{userTag},
	})
	return err
}

// floorStep is what a step needs of the API at least, made directly: the
// same calls as the Terraform workflow (read each user before a plan, a
// change or a delete), with no Terraform around them.
type floorStep func(ctx context.Context, c *client.Client, workers, n int) error

var floorSteps = map[string]floorStep{
	stepCreate: func(ctx context.Context, c *client.Client, workers, n int) error {
		return forEach(ctx, workers, usernames(n), func(ctx context.Context, name string) error {
			return createUser(ctx, c, indexOf(name))
		})
	},
	stepPlan:      readAll,
	stepRefresh:   readAll,
	stepPlanDrift: readAll,
	stepApplyDrift: func(ctx context.Context, c *client.Client, workers, n int) error {
		if err := readAll(ctx, c, workers, n); err != nil {
			return err
		}
		back := userName(0)
		_, err := c.UpdatePlatformUser(ctx, username(0), api.UpdatePlatformUser{Name: &back})
		return err
	},
	stepDestroy: func(ctx context.Context, c *client.Client, workers, n int) error {
		return forEach(ctx, workers, usernames(n), func(ctx context.Context, name string) error {
			if _, err := c.GetPlatformUser(ctx, name); err != nil {
				return err
			}
			return c.DeletePlatformUser(ctx, name)
		})
	},
	// List every user (the data source's pages), then read each (the
	// import's read).
	stepImport: func(ctx context.Context, c *client.Client, workers, n int) error {
		var found []string
		for u, err := range c.PlatformUsers(ctx, api.PlatformUserFilter{}) {
			if err != nil {
				return err
			}
			found = append(found, u.Username)
		}
		if len(found) < n {
			return fmt.Errorf("listed %d users, want at least %d", len(found), n)
		}
		return forEach(ctx, workers, found, func(ctx context.Context, name string) error {
			_, err := c.GetPlatformUser(ctx, name)
			return err
		})
	},
}

func readAll(ctx context.Context, c *client.Client, workers, n int) error {
	return forEach(ctx, workers, usernames(n), func(ctx context.Context, name string) error {
		_, err := c.GetPlatformUser(ctx, name)
		return err
	})
}

func indexOf(name string) int {
	var i int
	_, _ = fmt.Sscanf(name, "bench-%05d", &i)
	return i
}

// runFloor runs one floor step with a new client (so one login, like one
// provider process), bounded by timeout.
func runFloor(ctx context.Context, step string, endpoint, password string, limit float64, workers, n int, timeout time.Duration) (time.Duration, error) {
	fn, ok := floorSteps[step]
	if !ok {
		return 0, fmt.Errorf("the floor has no step %q", step)
	}
	c, err := newClient(endpoint, password, limit)
	if err != nil {
		return 0, err
	}
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	start := time.Now()
	err = fn(ctx, c, workers, n)
	return time.Since(start), err
}
