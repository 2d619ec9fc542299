package account_test

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"regexp"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"

	"github.com/adminapi/terraform-provider-adminapi/internal/acctest"
)

// memberLookup is the path of GET /accounts/{id}/users/{username}.
var memberLookup = regexp.MustCompile(`^/accounts/[^/]+/users/[^/]+$`)

// slowMemberLookups stands in front of the server and passes on the answers
// to member lookups late, so that creates running side by side all find the
// member missing before any of them adds it.
func slowMemberLookups(t *testing.T, target string, delay time.Duration) string {
	t.Helper()
	u, err := url.Parse(target)
	if err != nil {
		t.Fatal(err)
	}
	proxy := httputil.NewSingleHostReverseProxy(u)
	proxy.ModifyResponse = func(resp *http.Response) error {
		if resp.Request.Method == http.MethodGet && memberLookup.MatchString(resp.Request.URL.Path) {
			time.Sleep(delay)
		}
		return nil
	}
	ts := httptest.NewServer(proxy)
	t.Cleanup(ts.Close)
	return ts.URL
}

// Two adminapi_account_user for one membership in one configuration: the
// second create fails as a create that meets an existing object does,
// rather than taking the membership over, even when both look at once.
func TestAccAccountUser_duplicateCreate(t *testing.T) {
	srv := acctest.StartServer(t)
	acctest.CreatePlatformUsers(t, srv, "dup-au")
	endpoint := slowMemberLookups(t, srv.URL, 500*time.Millisecond)
	config := fmt.Sprintf(`
provider "adminapi" {
  endpoint = %q
  username = %q
  password = %q
}

resource "adminapi_account" "acme" {
  name = "acme"
}

resource "adminapi_account_user" "one" {
  account_id = adminapi_account.acme.id
  username   = "dup-au"
  role       = "user"
}

resource "adminapi_account_user" "two" {
  account_id = adminapi_account.acme.id
  username   = "dup-au"
  role       = "user"
}
`, endpoint, acctest.AdminUsername, acctest.AdminPassword)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		Steps: []resource.TestStep{{
			Config: config,
			ExpectError: acctest.ErrorRegexp(`Could not create account membership "`, `/dup-au": already exists`,
				"is already a member of account", "import {", "to = adminapi_account_user.<name>", "/dup-au"),
		}},
	})
}
