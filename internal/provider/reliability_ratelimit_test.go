package provider_test

import (
	"fmt"
	"net/http"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"

	"github.com/adminapi/terraform-provider-adminapi/internal/acctest"
	"github.com/adminapi/terraform-provider-adminapi/internal/api"
	"github.com/adminapi/terraform-provider-adminapi/internal/server"
)

// An apply of 300 users against a server that takes 20 requests a second
// from a caller succeeds at Terraform's default parallelism (10, which
// resource.Test keeps) with no client-side limit: the provider slows down
// on the server's 429s. The plan after it is empty, and so is the server
// after the destroy.
func TestAccReliability_rateLimit(t *testing.T) {
	acctest.SkipUnlessScale(t)
	t.Parallel() // here, not in resource.ParallelTest: the run time logged leaves out the wait
	const users = 300
	var log acctest.RequestLog
	srv := acctest.StartServer(t, func(c *server.Config) {
		c.RateLimit = server.RateLimit{RequestsPerSecond: 20, Burst: 20}
		c.Logger = log.Logger()
	})
	ctx := t.Context()
	start := time.Now()
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		Steps: []resource.TestStep{{
			Config: srv.Config(fmt.Sprintf(`
resource "adminapi_platform_user" "u" {
  count    = %d
  username = format("limited-%%03d", count.index)
  email    = format("limited-%%03d@example.com", count.index)
  ldap     = true
}
`, users)),
			Check: acctest.Check(func() error {
				t.Logf("apply: %s, the server answered %s", time.Since(start).Round(time.Millisecond), log.Statuses())
				return acctest.ExpectPlatformUsers(ctx, srv.Client, api.PlatformUserFilter{}, acctest.NumberedNames("limited", users))
			}),
			ConfigPlanChecks: resource.ConfigPlanChecks{
				PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
			},
		}},
		CheckDestroy: acctest.Check(func() error {
			return acctest.ExpectPlatformUsers(ctx, srv.Client, api.PlatformUserFilter{}, nil)
		}),
	})
	limited := log.Count("", "", http.StatusTooManyRequests)
	t.Logf("%s in all: %d requests answered 429; the server answered %s", time.Since(start).Round(time.Millisecond),
		limited, log.Statuses())
	if limited == 0 {
		t.Error("the server answered no 429: the test proves nothing")
	}
}
