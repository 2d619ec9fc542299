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

// An apply of 100 users against a server whose access tokens live 2
// seconds succeeds at Terraform's default parallelism (10, which
// resource.Test keeps): the provider renews its token during the apply and
// no 401 reaches Terraform. A proxy adds 400 ms to every request, as a
// distant server would, so that each command outlives a token: on loopback
// the apply would be over before the first token expired.
func TestAccReliability_tokenExpiry(t *testing.T) {
	acctest.SkipUnlessScale(t)
	t.Parallel() // here, not in resource.ParallelTest: the run time logged leaves out the wait
	const users = 100
	var log acctest.RequestLog
	srv := acctest.StartServer(t, func(c *server.Config) {
		c.AccessTokenTTL = 2 * time.Second
		c.Logger = log.Logger()
	})
	proxy := acctest.StartFaultProxy(t, srv.URL, acctest.Faults{Delay: 400 * time.Millisecond}, 1)
	ctx := t.Context()
	renewals := func() string {
		return fmt.Sprintf("logins %d, refreshes %d, 401s %d", log.Count(http.MethodPost, "/auth/login", 0),
			log.Count(http.MethodPost, "/auth/refresh", 0), log.Count("", "", http.StatusUnauthorized))
	}
	start := time.Now()
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		Steps: []resource.TestStep{{
			Config: proxy.ProviderBlock() + fmt.Sprintf(`
resource "adminapi_platform_user" "u" {
  count    = %d
  username = format("expiry-%%03d", count.index)
  email    = format("expiry-%%03d@example.com", count.index)
  ldap     = true
}
`, users),
			Check: acctest.Check(func() error {
				t.Logf("apply: %s, %s", time.Since(start).Round(time.Millisecond), renewals())
				if log.Count(http.MethodPost, "/auth/refresh", http.StatusOK) == 0 {
					return fmt.Errorf("no token renewed during the apply: %s", renewals())
				}
				return acctest.ExpectPlatformUsers(ctx, srv.Client, api.PlatformUserFilter{}, acctest.NumberedNames("expiry", users))
			}),
			ConfigPlanChecks: resource.ConfigPlanChecks{
				PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
			},
		}},
	})
	t.Logf("%s in all: %s; the server answered %s", time.Since(start).Round(time.Millisecond), renewals(), log.Statuses())
}
