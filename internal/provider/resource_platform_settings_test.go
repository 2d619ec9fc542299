package provider_test

import (
	"encoding/json"
	"fmt"
	"io"
	"maps"
	"net"
	"net/http"
	"net/http/httptest"
	"regexp"
	"slices"
	"strings"
	"sync"
	"testing"

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

func platformSettingsState(groups map[string]map[string]string) statecheck.StateCheck {
	checks := map[string]knownvalue.Check{}
	for g, keys := range groups {
		kc := map[string]knownvalue.Check{}
		for k, v := range keys {
			kc[k] = knownvalue.StringExact(v)
		}
		checks[g] = knownvalue.MapExact(kc)
	}
	return statecheck.ExpectKnownValue(platformSettingsAddr, tfjsonpath.New("settings"), knownvalue.MapExact(checks))
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

// platformSettingsWholeConfig manages every key of the platform's document
// with its current value, as `terraform plan -generate-config-out` would.
func platformSettingsWholeConfig(t *testing.T, srv *acctest.Server) string {
	t.Helper()
	doc, err := srv.Client.GetSettings(t.Context())
	if err != nil {
		t.Fatalf("get settings: %v", err)
	}
	var b strings.Builder
	for _, g := range slices.Sorted(maps.Keys(doc)) {
		fmt.Fprintf(&b, "    %s = {\n", g)
		keys := doc[g].Settings
		for _, k := range slices.Sorted(maps.Keys(keys)) {
			// JSON is valid HCL for these values: jsonencode() gives Terraform's canonical text.
			fmt.Fprintf(&b, "      %s = jsonencode(%s)\n", k, keys[k].Value)
		}
		b.WriteString("    }\n")
	}
	return platformSettingsConfig(b.String())
}

func TestAccPlatformSettings_import(t *testing.T) {
	srv := acctest.StartServer(t)
	subset := srv.Config(platformSettingsConfig(`
    EMAIL_SETTINGS = { EMAIL_ENABLED = jsonencode(false) }
    API_SETTINGS   = { ACCOUNT_DELETION = jsonencode(["adminToken", "personalToken"]) }`))
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		Steps: []resource.TestStep{
			{
				// Import reads the whole document: a configuration that manages
				// every key is what `terraform import` must reproduce exactly.
				Config: srv.Config(platformSettingsWholeConfig(t, srv)),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
			},
			{
				ResourceName:      platformSettingsAddr,
				ImportState:       true,
				ImportStateId:     "platform_settings",
				ImportStateVerify: true,
			},
			{
				// An import block with a configuration of a few keys that already
				// have their configured values plans a no-op import.
				Config:          subset,
				ResourceName:    platformSettingsAddr,
				ImportState:     true,
				ImportStateKind: resource.ImportBlockWithID,
			},
			{
				// A real difference shows as an update of the import.
				Config: srv.Config(platformSettingsConfig(`
    EMAIL_SETTINGS = { EMAIL_ENABLED = jsonencode(true) }`)),
				ResourceName:       platformSettingsAddr,
				ImportState:        true,
				ImportStateKind:    resource.ImportBlockWithID,
				ExpectNonEmptyPlan: true,
				ImportPlanChecks: resource.ImportPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(platformSettingsAddr, plancheck.ResourceActionUpdate)},
				},
			},
			{
				ResourceName:  platformSettingsAddr,
				ImportState:   true,
				ImportStateId: "settings",
				ExpectError:   regexp.MustCompile(`only\s+import\s+id\s+is\s+"platform_settings"`),
			},
		},
	})
}

// After an import the state holds the whole document until the next change,
// which narrows it to the configured keys.
func TestAccPlatformSettings_importBlockThenChange(t *testing.T) {
	srv := acctest.StartServer(t)
	importBlock := "import {\n  to = adminapi_platform_settings.this\n  id = \"platform_settings\"\n}\n"
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config: srv.Config(importBlock + platformSettingsConfig(`
    EMAIL_SETTINGS = { EMAIL_ENABLED = jsonencode(false) }`)),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply:             []plancheck.PlanCheck{plancheck.ExpectResourceAction(platformSettingsAddr, plancheck.ResourceActionNoop)},
					PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(platformSettingsAddr,
						tfjsonpath.New("settings").AtMapKey("TOKEN_SETTINGS").AtMapKey("PERSONAL_TOKEN_TTL_SECONDS"),
						knownvalue.StringExact("1209600")),
				},
			},
			{
				PreConfig: func() { platformSettingsSet(t, srv, "TOKEN_SETTINGS", "PERSONAL_TOKEN_TTL_SECONDS", "60") },
				Config: srv.Config(platformSettingsConfig(`
    EMAIL_SETTINGS = { EMAIL_ENABLED = jsonencode(true) }`)),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply:             []plancheck.PlanCheck{plancheck.ExpectResourceAction(platformSettingsAddr, plancheck.ResourceActionUpdate)},
					PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
				ConfigStateChecks: []statecheck.StateCheck{platformSettingsState(map[string]map[string]string{
					"EMAIL_SETTINGS": {"EMAIL_ENABLED": "true"},
				})},
				// The unmanaged key changed behind Terraform's back is not set back.
				Check: platformSettingsExpect(t, srv, map[string]string{
					"EMAIL_SETTINGS.EMAIL_ENABLED":              "true",
					"TOKEN_SETTINGS.PERSONAL_TOKEN_TTL_SECONDS": "60",
				}),
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
	broken := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		w.WriteHeader(http.StatusInternalServerError)
	}))
	t.Cleanup(broken.Close)
	closed := platformSettingsClosedURL(t)
	srv := acctest.StartServer(t, func(c *server.Config) {
		c.Followers = []server.Follower{{URL: good.URL, Role: "core"}, {URL: broken.URL, Role: "reg"}, {URL: closed, Role: "static"}}
	})
	created := srv.Config(platformSettingsConfig(`
    EMAIL_SETTINGS = { SMTP_PORT = jsonencode(2500) }`, `  notify_services = ["core"]`))
	changed := srv.Config(platformSettingsConfig(`
    EMAIL_SETTINGS = { SMTP_PORT = jsonencode(2525) }`, `  notify_services = ["core"]`))
	failures := []string{broken.URL + ` (role "reg"): answered HTTP 500`, closed + ` (role "static"): request failed`}
	slices.Sort(failures) // listed in the order of their URLs
	failed := platformSettingsErr(append([]string{`reported 2 failed follower(s)`}, failures...)...)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config:      created,
				ExpectError: failed,
			},
			{
				// A create that failed to notify is saved tainted (Terraform's rule
				// for a create with an error): the next apply sets the keys and
				// notifies again.
				PreConfig: func() {
					if err := platformSettingsExpect(t, srv, map[string]string{"EMAIL_SETTINGS.SMTP_PORT": "2500"})(nil); err != nil {
						t.Error(err)
					}
				},
				Config:             created,
				PlanOnly:           true,
				ExpectNonEmptyPlan: true,
			},
			{
				Config: srv.Config(platformSettingsConfig(`
    EMAIL_SETTINGS = { SMTP_PORT = jsonencode(587) }`)),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(platformSettingsAddr, plancheck.ResourceActionDestroyBeforeCreate)},
				},
				Check: follower.expect(`POST /notify {"services":["core"]}`),
			},
			{
				Config:      changed,
				ExpectError: failed,
			},
			{
				// The change was applied and saved before the error: no diff remains.
				PreConfig: func() {
					if err := platformSettingsExpect(t, srv, map[string]string{"EMAIL_SETTINGS.SMTP_PORT": "2525"})(nil); err != nil {
						t.Error(err)
					}
					if err := follower.expect(`POST /notify {"services":["core"]}`, `POST /notify {"services":["core"]}`)(nil); err != nil {
						t.Error(err)
					}
				},
				Config:   changed,
				PlanOnly: true,
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

// platformSettingsClosedURL is a loopback URL on which nothing listens.
func platformSettingsClosedURL(t *testing.T) string {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := l.Addr().String()
	if err := l.Close(); err != nil {
		t.Fatal(err)
	}
	return "http://" + addr
}
