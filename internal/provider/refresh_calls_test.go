package provider_test

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"

	"github.com/adminapi/terraform-provider-adminapi/internal/acctest"
	"github.com/adminapi/terraform-provider-adminapi/internal/api"
)

// A plan over 300 managed platform users, all the platform has, reads them
// through the paged list: 3 calls besides authentication (POST /auth/login
// and GET /auth/me, once per Terraform command), where one GET each would
// cost 300. A change and a deletion made outside Terraform are planned all
// the same, the deleted user confirmed by its own GET.
func TestAccRefresh_readsManyUsersByPage(t *testing.T) {
	acctest.SkipUnlessScale(t)
	const users = 300
	srv, rec := acctest.StartRecordedServer(t)
	config := srv.Config(fmt.Sprintf(`
resource "adminapi_platform_user" "u" {
  count    = %d
  username = format("refresh-%%03d", count.index)
  email    = format("refresh-%%03d@example.com", count.index)
  ldap     = true
}
`, users))
	changed, deleted := "refresh-007", "refresh-003"

	// calls checks the requests made since the previous mark: each plan step
	// runs two commands, a plan without refresh and one with.
	mark := 0
	calls := func(step string, wantGETs []string) {
		all := rec.Calls()[mark:]
		mark += len(all)
		var auth, pages int
		var gets []string
		for _, c := range all {
			switch {
			case strings.HasPrefix(c, "POST /auth/"), c == "GET /auth/me":
				auth++
			case c == "GET /platform-users":
				pages++
			case strings.HasPrefix(c, "GET /platform-users/"):
				gets = append(gets, strings.TrimPrefix(c, "GET /platform-users/"))
			}
		}
		others := len(all) - auth
		t.Logf("%s: %d calls: %d of authentication, %d list pages, %d GETs %v", step, len(all), auth, pages, len(gets), gets)
		missing := slices.DeleteFunc(slices.Clone(wantGETs), func(name string) bool { return slices.Contains(gets, name) })
		if others > users/50 || pages != users/api.MaxLimit || len(missing) > 0 {
			t.Errorf("%s: %d calls besides authentication, want at most %d: the %d list pages and a GET of each of %v; got %v",
				step, others, users/50, users/api.MaxLimit, wantGETs, all)
		}
		if auth != 2*2 {
			t.Errorf("%s: %d calls of authentication, want a login and a GET /auth/me for each of 2 commands", step, auth)
		}
	}
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		Steps: []resource.TestStep{
			{Config: config},
			{
				PreConfig: func() { mark = len(rec.Calls()) },
				Config:    config,
				PlanOnly:  true,
			},
			{
				PreConfig: func() {
					calls("a plan with no change", nil)
					if _, err := srv.Client.UpdatePlatformUser(t.Context(), changed, api.UpdatePlatformUser{Name: new("Changed outside")}); err != nil {
						t.Fatal(err)
					}
					if err := srv.Client.DeletePlatformUser(t.Context(), deleted); err != nil {
						t.Fatal(err)
					}
				},
				Config:             config,
				PlanOnly:           true,
				ExpectNonEmptyPlan: true,
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PostApplyPostRefresh: []plancheck.PlanCheck{
						plancheck.ExpectResourceAction(`adminapi_platform_user.u[7]`, plancheck.ResourceActionUpdate),
						plancheck.ExpectResourceAction(`adminapi_platform_user.u[3]`, plancheck.ResourceActionCreate),
					},
				},
			},
			{
				PreConfig:          func() { calls("a plan after changes outside", []string{deleted}) },
				Config:             config,
				PlanOnly:           true,
				ExpectNonEmptyPlan: true,
			},
		},
	})
}
