package provider_test

import (
	"fmt"
	"net"
	"regexp"
	"testing"

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
// names the endpoint and the attempts it made: max_retries + 1.
func TestAccProvider_closedPort(t *testing.T) {
	endpoint := closedPortEndpoint(t)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		Steps: []resource.TestStep{{
			Config: fmt.Sprintf(`
provider "adminapi" {
  endpoint    = %q
  username    = "ops"
  password    = "ops-password"
  max_retries = 1
}

resource "adminapi_role" "r" {
  name = "closed-port"
}
`, endpoint),
			PlanOnly: true,
			// Anchored at the end: nothing, no second error, follows it.
			ExpectError: regexp.MustCompile(acctest.ErrorRegexp("Error: Could not authenticate to the admin API",
				"connection refused", "2 attempts to "+endpoint).String() + `\)\s*\z`),
		}},
	})
}
