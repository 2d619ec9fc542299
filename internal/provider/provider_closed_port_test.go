package provider_test

import (
	"fmt"
	"net"
	"regexp"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"

	"github.com/adminapi/terraform-provider-adminapi/internal/acctest"
)

// closedPortEndpoint is the URL of a loopback port that was just opened and
// closed: nothing listens there, connections are refused.
func closedPortEndpoint(t *testing.T) string {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	endpoint := "http://" + l.Addr().String()
	if err := l.Close(); err != nil {
		t.Fatal(err)
	}
	return endpoint
}

// A provider pointed at a closed port fails the plan with one error that
// names the endpoint, the attempts it made and what to check. Nothing has
// answered at the endpoint yet, so a refused connection is retried 3 times
// at most, whatever max_retries: with the default (10), 4 attempts within
// about 3.5 s of waits; with max_retries = 1, 2 attempts.
func TestAccProvider_closedPort(t *testing.T) {
	for _, tc := range []struct {
		name, setting string
		attempts      int
	}{
		{"default retries", "", 4},
		{"max_retries = 1", "max_retries = 1", 2},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel() // here, not in resource.ParallelTest: the time logged leaves out the wait
			endpoint := closedPortEndpoint(t)
			start := time.Now()
			resource.Test(t, resource.TestCase{
				ProtoV6ProviderFactories: acctest.ProviderFactories,
				Steps: []resource.TestStep{{
					Config: fmt.Sprintf(`
provider "adminapi" {
  endpoint    = %q
  username    = "ops"
  password    = "ops-password"
  %s
}

resource "adminapi_role" "r" {
  name = "closed-port"
}
`, endpoint, tc.setting),
					PlanOnly: true,
					// Anchored at the end: nothing, no second error, follows it.
					ExpectError: regexp.MustCompile(acctest.ErrorRegexp("Error: Could not authenticate to the admin API",
						"connection refused", fmt.Sprintf("(gave up after %d attempts to %s: nothing has answered there yet: "+
							"check endpoint, and that the server is running)", tc.attempts, endpoint)).String() + `\s*\z`),
				}},
			})
			t.Logf("the plan failed after %s", time.Since(start).Round(time.Millisecond))
		})
	}
}
