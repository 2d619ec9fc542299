package client

import (
	"fmt"
	"sync"
	"testing"

	"github.com/adminapi/terraform-provider-adminapi/internal/api"
	"github.com/adminapi/terraform-provider-adminapi/internal/server"
)

// The reference server limited to 20 requests a second: 300 creates from 10
// goroutines, with the default retries of the provider, all succeed.
func TestServerManyCreatesUnderItsRateLimit(t *testing.T) {
	if testing.Short() {
		t.Skip("takes about 15 s")
	}
	t.Parallel()
	const creates, workers = 300, 10
	url := startServer(t, func(cfg *server.Config) {
		cfg.RateLimit = server.RateLimit{RequestsPerSecond: 20, Burst: 20}
	})
	c := must(New(Config{Endpoint: url, Username: "admin", Password: adminPassword, MaxRetries: 4}))(t)
	var wg sync.WaitGroup
	for w := range workers {
		wg.Go(func() {
			for i := range creates / workers {
				if _, err := c.CreateRole(t.Context(), api.CreateRole{Name: fmt.Sprintf("r-%d-%d", w, i)}); err != nil {
					t.Errorf("create: %v", err)
				}
			}
		})
	}
	wg.Wait()
	total := must(c.ListRoles(t.Context(), 0, 1))(t).Total
	if total != creates {
		t.Errorf("%d roles, want %d", total, creates)
	}
}
