package provider_test

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"

	"github.com/adminapi/terraform-provider-adminapi/internal/acctest"
	"github.com/adminapi/terraform-provider-adminapi/internal/api"
	"github.com/adminapi/terraform-provider-adminapi/internal/shard"
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

// A workspace that manages one shard's users refreshes them for the smaller
// of its users and the list's pages: min(S, T/100) calls besides
// authentication, where S is the shard's users and T all of the platform's.
// The 10 shards of 3,000 users (at most 300 calls each) and one
// shard of 50 among 30,000 (at most 50) are scaled down: 6,000 users, one
// shard of 10 (about 600 users: the 60 pages) and one of 600 (about 10
// users: their GETs).
func TestAccRefresh_shardCostsTheSmallerWay(t *testing.T) {
	acctest.SkipUnlessScale(t)
	const total = 6000
	names := acctest.NumberedNames("estate", total)
	// The first shard of 600 that holds 10 users: the sweep needs 8 reads
	// at once to be considered at all.
	small := int64(0)
	for ; len(slices.DeleteFunc(slices.Clone(names), func(u string) bool { return shard.Of(u, 600) != small })) < 10; small++ {
	}
	for _, c := range []struct{ count, index int64 }{{10, 4}, {600, small}} {
		t.Run(fmt.Sprintf("shard %d of %d", c.index, c.count), func(t *testing.T) {
			srv, rec := acctest.StartRecordedServer(t)
			var mine, others []string
			for _, u := range names {
				if shard.Of(u, c.count) == c.index {
					mine = append(mine, u)
				} else {
					others = append(others, u)
				}
			}
			acctest.CreatePlatformUsersConcurrently(t, srv, acctest.LDAPUsers(others))
			config := srv.Config(fmt.Sprintf(`
locals {
  users = %s
}

resource "adminapi_platform_user" "u" {
  count    = length(local.users)
  username = local.users[count.index]
  email    = "${local.users[count.index]}@example.com"
  ldap     = true
}
`, hclList(mine)))
			bound := min(len(mine), total/api.MaxLimit)
			mark := 0
			resource.Test(t, resource.TestCase{
				ProtoV6ProviderFactories: acctest.ProviderFactories,
				Steps: []resource.TestStep{
					{Config: config},
					{PreConfig: func() { mark = len(rec.Calls()) }, Config: config, PlanOnly: true},
					{
						PreConfig: func() {
							var others []string
							for _, call := range rec.Calls()[mark:] {
								if !strings.HasPrefix(call, "POST /auth/") && call != "GET /auth/me" {
									others = append(others, call)
								}
							}
							t.Logf("a no-change plan of %d users of shard %d of %d among %d: %d calls besides authentication", len(mine), c.index, c.count, total, len(others))
							if len(others) > bound {
								t.Errorf("%d calls besides authentication, want at most min(%d users, %d pages) = %d: %v", len(others), len(mine), total/api.MaxLimit, bound, others)
							}
						},
						Config:   config,
						PlanOnly: true,
					},
				},
			})
		})
	}
}

func hclList(items []string) string {
	quoted := make([]string, len(items))
	for i, s := range items {
		quoted[i] = strconv.Quote(s)
	}
	return "[" + strings.Join(quoted, ", ") + "]"
}
