package settings_test

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"regexp"
	"slices"
	"sync/atomic"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/tfversion"

	"github.com/adminapi/terraform-provider-adminapi/internal/acctest"
	"github.com/adminapi/terraform-provider-adminapi/internal/server"
)

// notifyActionConfig is the settings resource with SMTP_PORT = port, whose
// creates and updates trigger the adminapi_platform_notify action declared
// with body.
func notifyActionConfig(srv *acctest.Server, port int, body string) string {
	return srv.Config(fmt.Sprintf(`
action "adminapi_platform_notify" "followers" {
  config {
%s
  }
}
`, body) + platformSettingsConfig(fmt.Sprintf(`
    EMAIL_SETTINGS = { SMTP_PORT = jsonencode(%d) }`, port), `
  lifecycle {
    action_trigger {
      events  = [after_create, after_update]
      actions = [action.adminapi_platform_notify.followers]
    }
  }`))
}

// brokenFollowers are two follower machines that, while failing is set,
// answer 500 (role "reg") and drop the connection (role "static"); errs
// are the failures POST /admin/notify reports for them, in URL order.
func brokenFollowers(t *testing.T, failing *atomic.Bool) (followers []server.Follower, errs []string) {
	broken := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		if failing.Load() {
			w.WriteHeader(http.StatusInternalServerError)
		}
	}))
	t.Cleanup(broken.Close)
	dropping := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		if !failing.Load() {
			return
		}
		if conn, _, err := http.NewResponseController(w).Hijack(); err == nil {
			_ = conn.Close()
		}
	}))
	t.Cleanup(dropping.Close)
	errs = []string{broken.URL + ` (role "reg"): answered HTTP 500`, dropping.URL + ` (role "static"): request failed`}
	slices.Sort(errs)
	return []server.Follower{{URL: broken.URL, Role: "reg"}, {URL: dropping.URL, Role: "static"}}, errs
}

func TestAccPlatformNotifyAction_trigger(t *testing.T) {
	acctest.SkipOnOpenTofu(t, "actions (Terraform 1.14+)")
	follower := &platformSettingsFollower{}
	machine := httptest.NewServer(follower)
	t.Cleanup(machine.Close)
	srv := acctest.StartServer(t, func(c *server.Config) {
		c.Followers = []server.Follower{{URL: machine.URL, Role: "core"}}
	})
	core := `POST /notify {"services":["core"]}`
	all := `POST /notify {"services":[]}`
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		TerraformVersionChecks:   []tfversion.TerraformVersionCheck{tfversion.SkipBelow(tfversion.Version1_14_0)},
		Steps: []resource.TestStep{
			{
				Config: notifyActionConfig(srv, 2500, `    services = ["core"]`),
				Check:  resource.ComposeAggregateTestCheckFunc(follower.expect(core), platformSettingsExpect(t, srv, map[string]string{"EMAIL_SETTINGS.SMTP_PORT": "2500"})),
			},
			{
				Config: notifyActionConfig(srv, 2525, `    services = ["core"]`),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(platformSettingsAddr, plancheck.ResourceActionUpdate)},
				},
				Check: resource.ComposeAggregateTestCheckFunc(follower.expect(core, core), platformSettingsExpect(t, srv, map[string]string{"EMAIL_SETTINGS.SMTP_PORT": "2525"})),
			},
			{
				// services omitted: all services.
				Config: notifyActionConfig(srv, 25, ``),
				Check:  follower.expect(core, core, all),
			},
			{
				// No change, no update, nobody told.
				Config: notifyActionConfig(srv, 25, ``),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
				Check: follower.expect(core, core, all),
			},
		},
	})
}

// An action block with no config block at all, as its arguments are all
// optional, notifies every service.
func TestAccPlatformNotifyAction_noConfigBlock(t *testing.T) {
	acctest.SkipOnOpenTofu(t, "actions (Terraform 1.14+)")
	follower := &platformSettingsFollower{}
	machine := httptest.NewServer(follower)
	t.Cleanup(machine.Close)
	srv := acctest.StartServer(t, func(c *server.Config) {
		c.Followers = []server.Follower{{URL: machine.URL, Role: "core"}}
	})
	config := srv.Config(`
action "adminapi_platform_notify" "followers" {}
` + platformSettingsConfig(`
    EMAIL_SETTINGS = { SMTP_PORT = jsonencode(2500) }`, `
  lifecycle {
    action_trigger {
      events  = [after_create, after_update]
      actions = [action.adminapi_platform_notify.followers]
    }
  }`))
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		TerraformVersionChecks:   []tfversion.TerraformVersionCheck{tfversion.SkipBelow(tfversion.Version1_14_0)},
		Steps: []resource.TestStep{{
			Config: config,
			Check:  follower.expect(`POST /notify {"services":[]}`),
		}},
	})
}

func TestAccPlatformNotifyAction_followerFailure(t *testing.T) {
	acctest.SkipOnOpenTofu(t, "actions (Terraform 1.14+)")
	follower := &platformSettingsFollower{}
	good := httptest.NewServer(follower)
	t.Cleanup(good.Close)
	var failing atomic.Bool
	broken, errs := brokenFollowers(t, &failing)
	srv := acctest.StartServer(t, func(c *server.Config) {
		c.Followers = append([]server.Follower{{URL: good.URL, Role: "core"}}, broken...)
	})
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		TerraformVersionChecks:   []tfversion.TerraformVersionCheck{tfversion.SkipBelow(tfversion.Version1_14_0)},
		Steps: []resource.TestStep{
			{
				Config: notifyActionConfig(srv, 2500, `    services = ["core"]`),
			},
			{
				PreConfig:   func() { failing.Store(true) },
				Config:      notifyActionConfig(srv, 2525, `    services = ["core"]`),
				ExpectError: platformSettingsErr(append([]string{`Could not notify the followers of platform settings "platform_settings": followers failed`, "reported 2 failed follower(s) of 3"}, errs...)...),
			},
			{
				// The settings were saved before the action ran: nothing is left to plan.
				PreConfig: func() {
					err := resource.ComposeAggregateTestCheckFunc(follower.expect(slices.Repeat([]string{`POST /notify {"services":["core"]}`}, 2)...),
						platformSettingsExpect(t, srv, map[string]string{"EMAIL_SETTINGS.SMTP_PORT": "2525"}))(nil)
					if err != nil {
						t.Error(err)
					}
				},
				Config:   notifyActionConfig(srv, 2525, `    services = ["core"]`),
				PlanOnly: true,
			},
		},
	})
}

func TestAccPlatformNotifyAction_badInput(t *testing.T) {
	acctest.SkipOnOpenTofu(t, "actions (Terraform 1.14+)")
	srv := acctest.StartServer(t)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		TerraformVersionChecks:   []tfversion.TerraformVersionCheck{tfversion.SkipBelow(tfversion.Version1_14_0)},
		Steps: []resource.TestStep{
			{
				Config:      notifyActionConfig(srv, 2500, `    services = ["core", ""]`),
				PlanOnly:    true,
				ExpectError: regexp.MustCompile(`(?s)services\[1\].*length must be at least 1`),
			},
			{
				Config:      notifyActionConfig(srv, 2500, `    services = ["core", "core"]`),
				PlanOnly:    true,
				ExpectError: regexp.MustCompile(`(?s)services.*duplicate.*"core"`),
			},
		},
	})
}
