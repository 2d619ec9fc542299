package settings_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"

	tfjson "github.com/hashicorp/terraform-json"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/adminapi/terraform-provider-adminapi/internal/acctest"
	"github.com/adminapi/terraform-provider-adminapi/internal/api"
	"github.com/adminapi/terraform-provider-adminapi/internal/server"
)

const platformSettingsAddr = "adminapi_platform_settings.this"

// platformSettingsConfig is a resource block with the given settings body.
func platformSettingsConfig(settings string, extra ...string) string {
	return fmt.Sprintf("resource \"adminapi_platform_settings\" \"this\" {\n  settings = {\n%s\n  }\n%s\n}\n", settings, strings.Join(extra, "\n"))
}

// platformSettingsValue answers one key's value on the platform, compacted.
func platformSettingsValue(t *testing.T, srv *acctest.Server, group, key string) string {
	t.Helper()
	doc, err := srv.Client.GetSettings(t.Context())
	if err != nil {
		t.Fatalf("get settings: %v", err)
	}
	s, ok := doc[group].Settings[key]
	if !ok {
		t.Fatalf("the platform has no setting %s.%s", group, key)
	}
	var v any
	if err := json.Unmarshal(s.Value, &v); err != nil {
		t.Fatalf("%s.%s: %v", group, key, err)
	}
	out, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return string(out)
}

// platformSettingsSet changes one key behind Terraform's back.
func platformSettingsSet(t *testing.T, srv *acctest.Server, group, key, value string) {
	t.Helper()
	_, err := srv.Client.UpdateSettings(t.Context(), api.SettingsUpdate{Update: map[string]api.SettingsGroupUpdate{
		group: {Settings: map[string]api.SettingValue{key: {Value: json.RawMessage(value)}}},
	}})
	if err != nil {
		t.Fatalf("set %s.%s: %v", group, key, err)
	}
}

// platformSettingsExpect checks keys on the platform: "GROUP.KEY" -> compact JSON.
func platformSettingsExpect(t *testing.T, srv *acctest.Server, want map[string]string) resource.TestCheckFunc {
	return func(*terraform.State) error {
		for gk, v := range want {
			g, k, _ := strings.Cut(gk, ".")
			if got := platformSettingsValue(t, srv, g, k); got != v {
				return fmt.Errorf("platform %s = %s, want %s", gk, got, v)
			}
		}
		return nil
	}
}

// platformSettingsKnown matches a `settings` value of exactly these groups and keys.
func platformSettingsKnown(groups map[string]map[string]string) knownvalue.Check {
	checks := map[string]knownvalue.Check{}
	for g, keys := range groups {
		kc := map[string]knownvalue.Check{}
		for k, v := range keys {
			kc[k] = knownvalue.StringExact(v)
		}
		checks[g] = knownvalue.MapExact(kc)
	}
	return knownvalue.MapExact(checks)
}

func platformSettingsState(groups map[string]map[string]string) statecheck.StateCheck {
	return statecheck.ExpectKnownValue(platformSettingsAddr, tfjsonpath.New("settings"), platformSettingsKnown(groups))
}

func TestAccPlatformSettings_lifecycle(t *testing.T) {
	srv := acctest.StartServer(t)
	const versioningHeredoc = `
      VERSIONING_SETTINGS = <<-EOT
        {
          "forceKeepHistory" : true,
          "deletionMode"     : "keep-attachments"
        }
      EOT`
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		// Destroy only forgets the singleton: the platform keeps the values.
		CheckDestroy: platformSettingsExpect(t, srv, map[string]string{
			"EMAIL_SETTINGS.EMAIL_ENABLED":            "true",
			"API_SETTINGS.VERSIONING_SETTINGS":        `{"deletionMode":"keep-attachments","forceKeepHistory":true}`,
			"TOKEN_SETTINGS.ACCESS_TOKEN_TTL_SECONDS": "900",
		}),
		Steps: []resource.TestStep{
			{
				// An unmanaged key changed before create is neither read nor reverted.
				PreConfig: func() { platformSettingsSet(t, srv, "EMAIL_SETTINGS", "SMTP_PORT", "2525") },
				Config: srv.Config(platformSettingsConfig(`
    EMAIL_SETTINGS = { EMAIL_ENABLED = jsonencode(true) }
    TOKEN_SETTINGS = { ACCESS_TOKEN_TTL_SECONDS = jsonencode(1800) }`)),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(platformSettingsAddr, tfjsonpath.New("id"), knownvalue.StringExact("platform_settings")),
					platformSettingsState(map[string]map[string]string{
						"EMAIL_SETTINGS": {"EMAIL_ENABLED": "true"},
						"TOKEN_SETTINGS": {"ACCESS_TOKEN_TTL_SECONDS": "1800"},
					}),
				},
				Check: platformSettingsExpect(t, srv, map[string]string{
					"EMAIL_SETTINGS.EMAIL_ENABLED":            "true",
					"TOKEN_SETTINGS.ACCESS_TOKEN_TTL_SECONDS": "1800",
					"EMAIL_SETTINGS.SMTP_PORT":                "2525",
				}),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
			},
			{
				// Update in place; an unmanaged key of a managed group, changed in
				// between, stays as it was changed.
				PreConfig: func() { platformSettingsSet(t, srv, "EMAIL_SETTINGS", "SMTP_PORT", "2526") },
				Config: srv.Config(platformSettingsConfig(`
    EMAIL_SETTINGS = { EMAIL_ENABLED = jsonencode(true) }
    TOKEN_SETTINGS = { ACCESS_TOKEN_TTL_SECONDS = jsonencode(900) }
    API_SETTINGS = {
      VERSIONING_SETTINGS = jsonencode({ deletionMode = "keep-attachments", forceKeepHistory = true })
    }`)),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply:             []plancheck.PlanCheck{plancheck.ExpectResourceAction(platformSettingsAddr, plancheck.ResourceActionUpdate)},
					PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
				ConfigStateChecks: []statecheck.StateCheck{platformSettingsState(map[string]map[string]string{
					"EMAIL_SETTINGS": {"EMAIL_ENABLED": "true"},
					"TOKEN_SETTINGS": {"ACCESS_TOKEN_TTL_SECONDS": "900"},
					"API_SETTINGS":   {"VERSIONING_SETTINGS": `{"deletionMode":"keep-attachments","forceKeepHistory":true}`},
				})},
				Check: platformSettingsExpect(t, srv, map[string]string{
					"TOKEN_SETTINGS.ACCESS_TOKEN_TTL_SECONDS": "900",
					"API_SETTINGS.VERSIONING_SETTINGS":        `{"deletionMode":"keep-attachments","forceKeepHistory":true}`,
					"EMAIL_SETTINGS.SMTP_PORT":                "2526",
				}),
			},
			{
				// The same object written as a heredoc, other spacing and key order: no change.
				Config: srv.Config(platformSettingsConfig(`
    EMAIL_SETTINGS = { EMAIL_ENABLED = jsonencode(true) }
    TOKEN_SETTINGS = { ACCESS_TOKEN_TTL_SECONDS = jsonencode(900) }
    API_SETTINGS = {` + versioningHeredoc + `
    }`)),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
			},
			{
				// A singleton cannot be deleted behind Terraform's back (destroy only
				// forgets it); the counterpart is a managed key changed behind its
				// back: the plan shows the drift and the apply sets it back.
				PreConfig: func() { platformSettingsSet(t, srv, "TOKEN_SETTINGS", "ACCESS_TOKEN_TTL_SECONDS", "42") },
				Config: srv.Config(platformSettingsConfig(`
    EMAIL_SETTINGS = { EMAIL_ENABLED = jsonencode(true) }
    TOKEN_SETTINGS = { ACCESS_TOKEN_TTL_SECONDS = jsonencode(900) }
    API_SETTINGS = {` + versioningHeredoc + `
    }`)),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply:             []plancheck.PlanCheck{plancheck.ExpectResourceAction(platformSettingsAddr, plancheck.ResourceActionUpdate)},
					PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
				Check: platformSettingsExpect(t, srv, map[string]string{"TOKEN_SETTINGS.ACCESS_TOKEN_TTL_SECONDS": "900"}),
			},
			{
				// A key removed from the configuration is no longer managed: it
				// leaves the state and keeps its value on the platform.
				Config: srv.Config(platformSettingsConfig(`
    EMAIL_SETTINGS = { EMAIL_ENABLED = jsonencode(true) }
    API_SETTINGS = {` + versioningHeredoc + `
    }`)),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply:             []plancheck.PlanCheck{plancheck.ExpectResourceAction(platformSettingsAddr, plancheck.ResourceActionUpdate)},
					PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
				ConfigStateChecks: []statecheck.StateCheck{platformSettingsState(map[string]map[string]string{
					"EMAIL_SETTINGS": {"EMAIL_ENABLED": "true"},
					"API_SETTINGS":   {"VERSIONING_SETTINGS": "{\n  \"forceKeepHistory\" : true,\n  \"deletionMode\"     : \"keep-attachments\"\n}\n"},
				})},
				Check: platformSettingsExpect(t, srv, map[string]string{"TOKEN_SETTINGS.ACCESS_TOKEN_TTL_SECONDS": "900"}),
			},
		},
	})
}

// platformSettingsSecret answers the platform's REGISTER_ADMIN_KEY, a
// secret that no plan or state of adminapi_platform_settings may show.
func platformSettingsSecret(t *testing.T, srv *acctest.Server) string {
	t.Helper()
	doc, err := srv.Client.GetSettings(t.Context())
	if err != nil {
		t.Fatalf("get settings: %v", err)
	}
	var secret string
	if err := json.Unmarshal(doc["MACHINES_AND_PLATFORM_SETTINGS"].Settings["REGISTER_ADMIN_KEY"].Value, &secret); err != nil {
		t.Fatalf("REGISTER_ADMIN_KEY: %v", err)
	}
	if len(secret) < 16 {
		t.Fatalf("REGISTER_ADMIN_KEY %q is too short to look for", secret)
	}
	return secret
}

// platformSettingsNoSecret fails when a plan or a state, as `terraform show
// -json` prints it, contains the secret anywhere.
type platformSettingsNoSecret string

func (s platformSettingsNoSecret) find(what string, v any) error {
	out, err := json.Marshal(v)
	if err != nil {
		return err
	}
	if strings.Contains(string(out), string(s)) {
		return fmt.Errorf("the %s holds the secret REGISTER_ADMIN_KEY", what)
	}
	return nil
}

func (s platformSettingsNoSecret) CheckPlan(_ context.Context, req plancheck.CheckPlanRequest, resp *plancheck.CheckPlanResponse) {
	resp.Error = s.find("plan", req.Plan)
}

func (s platformSettingsNoSecret) CheckState(_ context.Context, req statecheck.CheckStateRequest, resp *statecheck.CheckStateResponse) {
	resp.Error = s.find("state", req.State)
}

func TestPlatformSettingsNoSecretCheck(t *testing.T) {
	check := platformSettingsNoSecret("s3cr3t-s3cr3t-s3cr3t")
	leaky := &tfjson.State{Values: &tfjson.StateValues{RootModule: &tfjson.StateModule{Resources: []*tfjson.StateResource{{
		Address:         platformSettingsAddr,
		AttributeValues: map[string]any{"settings": map[string]any{"G": map[string]any{"K": `"s3cr3t-s3cr3t-s3cr3t"`}}},
	}}}}}
	resp := &statecheck.CheckStateResponse{}
	check.CheckState(t.Context(), statecheck.CheckStateRequest{State: leaky}, resp)
	if resp.Error == nil {
		t.Error("a state holding the secret passed")
	}
	planResp := &plancheck.CheckPlanResponse{}
	check.CheckPlan(t.Context(), plancheck.CheckPlanRequest{Plan: &tfjson.Plan{PriorState: leaky}}, planResp)
	if planResp.Error == nil {
		t.Error("a plan holding the secret passed")
	}
	clean := &tfjson.State{Values: &tfjson.StateValues{RootModule: &tfjson.StateModule{}}}
	check.CheckState(t.Context(), statecheck.CheckStateRequest{State: clean}, resp)
	if resp.Error != nil {
		t.Errorf("a clean state failed: %v", resp.Error)
	}
}

// platformSettingsPuts records, as "GROUP.KEY=value", what the provider
// writes through PUT /admin/settings on its way to the server.
type platformSettingsPuts struct {
	mu     sync.Mutex
	writes []string
	err    error
}

// proxy answers a copy of srv that the provider reaches through a recording proxy.
func (p *platformSettingsPuts) proxy(t *testing.T, srv *acctest.Server) *acctest.Server {
	t.Helper()
	target, err := url.Parse(srv.URL)
	if err != nil {
		t.Fatal(err)
	}
	forward := httputil.NewSingleHostReverseProxy(target)
	front := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method == http.MethodPut && r.URL.Path == "/admin/settings" {
			p.record(r)
		}
		forward.ServeHTTP(w, r)
	}))
	t.Cleanup(front.Close)
	viaProxy := *srv
	viaProxy.URL = front.URL
	return &viaProxy
}

func (p *platformSettingsPuts) record(r *http.Request) {
	body, err := io.ReadAll(r.Body)
	r.Body = io.NopCloser(bytes.NewReader(body))
	var upd api.SettingsUpdate
	if err == nil {
		err = json.Unmarshal(body, &upd)
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	if err != nil {
		p.err = errors.Join(p.err, err)
		return
	}
	for g, gu := range upd.Update {
		for k, v := range gu.Settings {
			p.writes = append(p.writes, g+"."+k+"="+string(v.Value))
		}
	}
}

// expect checks every key written so far, in any order.
func (p *platformSettingsPuts) expect(want ...string) resource.TestCheckFunc {
	return func(*terraform.State) error {
		p.mu.Lock()
		defer p.mu.Unlock()
		if p.err != nil {
			return p.err
		}
		got := slices.Sorted(slices.Values(p.writes))
		if !slices.Equal(got, slices.Sorted(slices.Values(want))) {
			return fmt.Errorf("the provider wrote %q, want %q", got, want)
		}
		return nil
	}
}

const platformSettingsImportBlock = "import {\n  to = adminapi_platform_settings.this\n  id = \"platform_settings\"\n}\n"

// platformSettingsWithFollower starts a server whose one follower records
// what it is told, reached by the provider through a recording proxy.
func platformSettingsWithFollower(t *testing.T) (srv, viaProxy *acctest.Server, follower *platformSettingsFollower, puts *platformSettingsPuts) {
	follower = &platformSettingsFollower{}
	machine := httptest.NewServer(follower)
	t.Cleanup(machine.Close)
	srv = acctest.StartServer(t, func(c *server.Config) {
		c.Followers = []server.Follower{{URL: machine.URL, Role: "core"}}
	})
	puts = &platformSettingsPuts{}
	return srv, puts.proxy(t, srv), follower, puts
}

// An import reads no key. The first plan lists the configured keys as an
// update; applying it writes nothing when the platform already holds them,
// and tells no follower.
func TestAccPlatformSettings_importBlock(t *testing.T) {
	srv, viaProxy, follower, puts := platformSettingsWithFollower(t)
	noSecret := platformSettingsNoSecret(platformSettingsSecret(t, srv))
	// The platform's values, ACCOUNT_DELETION in other JSON words.
	configured := map[string]map[string]string{
		"EMAIL_SETTINGS": {"EMAIL_ENABLED": "false"},
		"API_SETTINGS":   {"ACCOUNT_DELETION": `[ "adminToken",  "personalToken" ]`},
	}
	settings := `
    EMAIL_SETTINGS = { EMAIL_ENABLED = jsonencode(false) }
    API_SETTINGS   = { ACCOUNT_DELETION = "[ \"adminToken\",  \"personalToken\" ]" }`
	changed := `
    EMAIL_SETTINGS = { EMAIL_ENABLED = jsonencode(true) }
    API_SETTINGS   = { ACCOUNT_DELETION = "[ \"adminToken\",  \"personalToken\" ]" }`
	notifyCore := `  notify_services = ["core"]`
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config: viaProxy.Config(platformSettingsImportBlock + platformSettingsConfig(settings, notifyCore)),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{
						plancheck.ExpectResourceAction(platformSettingsAddr, plancheck.ResourceActionUpdate),
						// The plan holds the configured keys and nothing else.
						plancheck.ExpectKnownValue(platformSettingsAddr, tfjsonpath.New("settings"), platformSettingsKnown(configured)),
						noSecret,
					},
					PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan(), noSecret},
				},
				ConfigStateChecks: []statecheck.StateCheck{platformSettingsState(configured), noSecret},
				Check: resource.ComposeAggregateTestCheckFunc(
					puts.expect(),
					follower.expect(),
					platformSettingsExpect(t, srv, map[string]string{"EMAIL_SETTINGS.EMAIL_ENABLED": "false"}),
				),
			},
			{
				// A real change writes that key alone and tells the followers.
				Config: viaProxy.Config(platformSettingsImportBlock + platformSettingsConfig(changed, notifyCore)),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply:             []plancheck.PlanCheck{plancheck.ExpectResourceAction(platformSettingsAddr, plancheck.ResourceActionUpdate)},
					PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
				ConfigStateChecks: []statecheck.StateCheck{noSecret},
				Check: resource.ComposeAggregateTestCheckFunc(
					puts.expect("EMAIL_SETTINGS.EMAIL_ENABLED=true"),
					follower.expect(`POST /notify {"services":["core"]}`),
				),
			},
		},
	})
}

// An import whose configuration differs on a key writes that key alone and
// tells the followers; an unmanaged key changed before stays as it is.
func TestAccPlatformSettings_importBlockChange(t *testing.T) {
	srv, viaProxy, follower, puts := platformSettingsWithFollower(t)
	noSecret := platformSettingsNoSecret(platformSettingsSecret(t, srv))
	configured := map[string]map[string]string{
		"EMAIL_SETTINGS": {"EMAIL_ENABLED": "true", "SMTP_PORT": "587"},
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		Steps: []resource.TestStep{
			{
				PreConfig: func() { platformSettingsSet(t, srv, "TOKEN_SETTINGS", "PERSONAL_TOKEN_TTL_SECONDS", "60") },
				Config: viaProxy.Config(platformSettingsImportBlock + platformSettingsConfig(`
    EMAIL_SETTINGS = {
      EMAIL_ENABLED = jsonencode(true)
      SMTP_PORT     = jsonencode(587)
    }`, `  notify_services = ["core"]`)),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{
						plancheck.ExpectResourceAction(platformSettingsAddr, plancheck.ResourceActionUpdate),
						plancheck.ExpectKnownValue(platformSettingsAddr, tfjsonpath.New("settings"), platformSettingsKnown(configured)),
						noSecret,
					},
					PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
				ConfigStateChecks: []statecheck.StateCheck{platformSettingsState(configured), noSecret},
				Check: resource.ComposeAggregateTestCheckFunc(
					puts.expect("EMAIL_SETTINGS.EMAIL_ENABLED=true"),
					follower.expect(`POST /notify {"services":["core"]}`),
					platformSettingsExpect(t, srv, map[string]string{
						"EMAIL_SETTINGS.EMAIL_ENABLED":              "true",
						"TOKEN_SETTINGS.PERSONAL_TOKEN_TTL_SECONDS": "60",
					}),
				),
			},
		},
	})
}

func TestAccPlatformSettings_import(t *testing.T) {
	srv := acctest.StartServer(t)
	secret := platformSettingsSecret(t, srv)
	subset := srv.Config(platformSettingsConfig(`
    EMAIL_SETTINGS = { EMAIL_ENABLED = jsonencode(true) }
    API_SETTINGS   = { ACCOUNT_DELETION = jsonencode(["adminToken"]) }`))
	configured := map[string]map[string]string{
		"EMAIL_SETTINGS": {"EMAIL_ENABLED": "true"},
		"API_SETTINGS":   {"ACCOUNT_DELETION": `["adminToken"]`},
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config: subset,
			},
			{
				ResourceName:      platformSettingsAddr,
				ImportState:       true,
				ImportStateId:     "platform_settings",
				ImportStateVerify: true,
				// An import reads no key (the configuration says which are
				// managed, and the others may be secrets), so the imported
				// `settings` is empty where the applied state has the configured
				// keys; the import-block steps check what the next apply does.
				ImportStateVerifyIgnore: []string{"settings"},
				ImportStateCheck: func(states []*terraform.InstanceState) error {
					if len(states) != 1 || states[0].Attributes["settings.%"] != "0" {
						return fmt.Errorf("want one imported state with no settings, got %+v", states)
					}
					for k, v := range states[0].Attributes {
						if strings.Contains(v, secret) {
							return fmt.Errorf("imported attribute %s holds the secret", k)
						}
					}
					return nil
				},
			},
			{
				// The import block's plan shows the configured keys, and only them, as an update.
				Config:             subset,
				ResourceName:       platformSettingsAddr,
				ImportState:        true,
				ImportStateKind:    resource.ImportBlockWithID,
				ExpectNonEmptyPlan: true,
				ImportPlanChecks: resource.ImportPlanChecks{
					PreApply: []plancheck.PlanCheck{
						plancheck.ExpectResourceAction(platformSettingsAddr, plancheck.ResourceActionUpdate),
						plancheck.ExpectKnownValue(platformSettingsAddr, tfjsonpath.New("settings"), platformSettingsKnown(configured)),
						platformSettingsNoSecret(secret),
					},
				},
			},
			{
				ResourceName:  platformSettingsAddr,
				ImportState:   true,
				ImportStateId: "settings",
				ExpectError:   acctest.ErrorRegexp("Invalid import ID", `expected <id>: adminapi_platform_settings is a singleton: the only import id is "platform_settings", got "settings"`),
			},
		},
	})
}

func TestAccPlatformSettings_invalid(t *testing.T) {
	srv := acctest.StartServer(t)
	untouched := platformSettingsExpect(t, srv, map[string]string{"EMAIL_SETTINGS.EMAIL_ENABLED": "false", "EMAIL_SETTINGS.SMTP_PORT": "587"})
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		CheckDestroy:             untouched,
		Steps: []resource.TestStep{
			{
				Config: srv.Config(platformSettingsConfig(`
    EMAIL_SETTINGS = { EMAIL_ENABLED = "yes" }`)),
				PlanOnly:    true,
				ExpectError: regexp.MustCompile(`settings\.EMAIL_SETTINGS\.EMAIL_ENABLED must be a JSON-encoded\s+value`),
			},
			{
				// The API's 400 surfaces on the offending key; nothing is changed,
				// the valid key of the same request included.
				Config: srv.Config(platformSettingsConfig(`
    EMAIL_SETTINGS = {
      EMAIL_ENABLED = jsonencode("yes")
      SMTP_PORT     = jsonencode(25)
    }`)),
				ExpectError: regexp.MustCompile(`settings\.EMAIL_SETTINGS\.EMAIL_ENABLED: must be a\s+boolean`),
			},
			{
				PreConfig: func() {
					if err := untouched(nil); err != nil {
						t.Error(err)
					}
				},
				Config: srv.Config(platformSettingsConfig(`
    EMAIL_SETTINGS = { NO_SUCH_KEY = jsonencode(1) }`)),
				ExpectError: regexp.MustCompile(`settings\.EMAIL_SETTINGS\.NO_SUCH_KEY: unknown\s+setting`),
			},
		},
	})
}

// platformSettingsFollower records what a follower machine is told.
type platformSettingsFollower struct {
	mu       sync.Mutex
	requests []string
}

func (f *platformSettingsFollower) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	body, _ := io.ReadAll(r.Body)
	f.mu.Lock()
	f.requests = append(f.requests, r.Method+" "+r.URL.Path+" "+string(body))
	f.mu.Unlock()
}

func (f *platformSettingsFollower) expect(want ...string) resource.TestCheckFunc {
	return func(*terraform.State) error {
		f.mu.Lock()
		defer f.mu.Unlock()
		if !slices.Equal(f.requests, want) {
			return fmt.Errorf("follower received %q, want %q", f.requests, want)
		}
		return nil
	}
}

func TestAccPlatformSettings_notify(t *testing.T) {
	follower := &platformSettingsFollower{}
	good := httptest.NewServer(follower)
	t.Cleanup(good.Close)
	srv := acctest.StartServer(t, func(c *server.Config) {
		c.Followers = []server.Follower{{URL: good.URL, Role: "core"}}
	})
	notified := `POST /notify {"services":["core","register"]}`
	all := `POST /notify {"services":[]}`
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config: srv.Config(platformSettingsConfig(`
    EMAIL_SETTINGS = { SMTP_PORT = jsonencode(2525) }`, `  notify_services = ["core", "register"]`)),
				Check: follower.expect(notified),
			},
			{
				// An empty list notifies all services.
				Config: srv.Config(platformSettingsConfig(`
    EMAIL_SETTINGS = { SMTP_PORT = jsonencode(25) }`, `  notify_services = []`)),
				Check: follower.expect(notified, all),
			},
			{
				// No change of a setting: nobody is told.
				Config: srv.Config(platformSettingsConfig(`
    EMAIL_SETTINGS = { SMTP_PORT = jsonencode(25) }`, `  notify_services = ["core"]`)),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(platformSettingsAddr, plancheck.ResourceActionUpdate)},
				},
				Check: follower.expect(notified, all),
			},
		},
	})
}

func TestAccPlatformSettings_notifyFailure(t *testing.T) {
	follower := &platformSettingsFollower{}
	good := httptest.NewServer(follower)
	t.Cleanup(good.Close)
	// Until fixed, one follower answers 500 and the other drops the connection.
	var failing atomic.Bool
	failing.Store(true)
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
		conn, _, err := http.NewResponseController(w).Hijack()
		if err == nil {
			_ = conn.Close()
		}
	}))
	t.Cleanup(dropping.Close)
	srv := acctest.StartServer(t, func(c *server.Config) {
		c.Followers = []server.Follower{{URL: good.URL, Role: "core"}, {URL: broken.URL, Role: "reg"}, {URL: dropping.URL, Role: "static"}}
	})
	puts := &platformSettingsPuts{}
	viaProxy := puts.proxy(t, srv)
	created := viaProxy.Config(platformSettingsConfig(`
    EMAIL_SETTINGS = { SMTP_PORT = jsonencode(2500) }`, `  notify_services = ["core"]`))
	changed := viaProxy.Config(platformSettingsConfig(`
    EMAIL_SETTINGS = { SMTP_PORT = jsonencode(2525) }`, `  notify_services = ["core"]`))
	failures := []string{broken.URL + ` (role "reg"): answered HTTP 500`, dropping.URL + ` (role "static"): request failed`}
	slices.Sort(failures) // listed in the order of their URLs
	failed := platformSettingsErr(append([]string{`reported 2 failed follower(s)`}, failures...)...)
	told := func(n int) resource.TestCheckFunc {
		return follower.expect(slices.Repeat([]string{`POST /notify {"services":["core"]}`}, n)...)
	}
	inPreConfig := func(checks ...resource.TestCheckFunc) {
		if err := resource.ComposeAggregateTestCheckFunc(checks...)(nil); err != nil {
			t.Error(err)
		}
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config:      created,
				ExpectError: failed,
			},
			{
				// A create that failed to notify is saved tainted (Terraform's rule
				// for a create with an error), so the next apply replaces it.
				PreConfig: func() {
					inPreConfig(platformSettingsExpect(t, srv, map[string]string{"EMAIL_SETTINGS.SMTP_PORT": "2500"}), told(1))
				},
				Config:             created,
				PlanOnly:           true,
				ExpectNonEmptyPlan: true,
			},
			{
				// Once the followers are fixed the replacement writes nothing (the
				// platform holds the values) and, as a create, notifies.
				PreConfig: func() { failing.Store(false) },
				Config:    created,
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply:             []plancheck.PlanCheck{plancheck.ExpectResourceAction(platformSettingsAddr, plancheck.ResourceActionDestroyBeforeCreate)},
					PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
				Check: resource.ComposeAggregateTestCheckFunc(told(2), puts.expect("EMAIL_SETTINGS.SMTP_PORT=2500")),
			},
			{
				PreConfig:   func() { failing.Store(true) },
				Config:      changed,
				ExpectError: failed,
			},
			{
				// The change was applied and saved before the error: no diff remains.
				PreConfig: func() {
					inPreConfig(platformSettingsExpect(t, srv, map[string]string{"EMAIL_SETTINGS.SMTP_PORT": "2525"}), told(3))
				},
				Config:   changed,
				PlanOnly: true,
			},
			{
				// The documented way to notify again, `terraform apply -replace`.
				PreConfig: func() { failing.Store(false) },
				Taint:     []string{platformSettingsAddr},
				Config:    changed,
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply:             []plancheck.PlanCheck{plancheck.ExpectResourceAction(platformSettingsAddr, plancheck.ResourceActionDestroyBeforeCreate)},
					PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
				Check: resource.ComposeAggregateTestCheckFunc(told(4),
					puts.expect("EMAIL_SETTINGS.SMTP_PORT=2500", "EMAIL_SETTINGS.SMTP_PORT=2525")),
			},
		},
	})
}

// platformSettingsErr matches an error that says each part in this order,
// however Terraform wraps the lines.
func platformSettingsErr(parts ...string) *regexp.Regexp {
	quoted := make([]string, len(parts))
	for i, p := range parts {
		quoted[i] = strings.ReplaceAll(regexp.QuoteMeta(p), " ", `\s+`)
	}
	return regexp.MustCompile("(?s)" + strings.Join(quoted, ".*"))
}
