package settings_test

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"reflect"
	"testing"

	tfjson "github.com/hashicorp/terraform-json"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/adminapi/terraform-provider-adminapi/internal/acctest"
	"github.com/adminapi/terraform-provider-adminapi/internal/api"
)

const platformSettingsDataAddr = "data.adminapi_platform_settings.this"

const platformSettingsDataExample = "../../../examples/data-sources/adminapi_platform_settings/data-source.tf"

const platformSettingsDataConfig = `data "adminapi_platform_settings" "this" {}`

// platformSettingsMatchAPI checks that the data source holds the platform's
// document as the API answers it now, every key but the secret ones, in
// `settings` and in `settings_json`.
func platformSettingsMatchAPI(srv *acctest.Server) statecheck.StateCheck {
	return platformSettingsAPICheck{srv: srv}
}

type platformSettingsAPICheck struct{ srv *acctest.Server }

func (c platformSettingsAPICheck) CheckState(ctx context.Context, req statecheck.CheckStateRequest, resp *statecheck.CheckStateResponse) {
	resp.Error = c.check(ctx, req.State)
}

func (c platformSettingsAPICheck) check(ctx context.Context, state *tfjson.State) error {
	attrs, err := platformSettingsDataAttributes(state)
	if err != nil {
		return err
	}
	doc, err := c.srv.Client.GetSettings(ctx)
	if err != nil {
		return err
	}
	want := map[string]map[string]any{}
	for g, group := range doc {
		want[g] = map[string]any{}
		for k, s := range group.Settings {
			if api.IsSecretSetting(g, k) {
				continue
			}
			var v any
			if err := json.Unmarshal(s.Value, &v); err != nil {
				return fmt.Errorf("API %s.%s: %w", g, k, err)
			}
			want[g][k] = v
		}
	}
	settings := map[string]map[string]any{}
	raw, _ := attrs["settings"].(map[string]any)
	for g, gv := range raw {
		keys, _ := gv.(map[string]any)
		settings[g] = map[string]any{}
		for k, kv := range keys {
			text, _ := kv.(string)
			var v any
			if err := json.Unmarshal([]byte(text), &v); err != nil {
				return fmt.Errorf("settings.%s.%s = %q is not JSON: %w", g, k, text, err)
			}
			settings[g][k] = v
		}
	}
	if !reflect.DeepEqual(settings, want) {
		return fmt.Errorf("settings = %v, want the API's document without secrets %v", settings, want)
	}
	var fromJSON map[string]map[string]any
	text, _ := attrs["settings_json"].(string)
	if err := json.Unmarshal([]byte(text), &fromJSON); err != nil {
		return fmt.Errorf("settings_json is not JSON: %w", err)
	}
	if !reflect.DeepEqual(fromJSON, want) {
		return fmt.Errorf("settings_json = %s, want the API's document without secrets %v", text, want)
	}
	return nil
}

func platformSettingsDataAttributes(state *tfjson.State) (map[string]any, error) {
	if state != nil && state.Values != nil && state.Values.RootModule != nil {
		for _, r := range state.Values.RootModule.Resources {
			if r.Address == platformSettingsDataAddr {
				return r.AttributeValues, nil
			}
		}
	}
	return nil, fmt.Errorf("%s is not in the state", platformSettingsDataAddr)
}

func TestAccPlatformSettingsDataSource(t *testing.T) {
	srv := acctest.StartServer(t)
	example, err := os.ReadFile(platformSettingsDataExample)
	if err != nil {
		t.Fatal(err)
	}
	registerKey := platformSettingsSecret(t, srv)
	const invitation = "invitation-token-only-for-invitees"
	platformSettingsSet(t, srv, "API_SETTINGS", "INVITATION_TOKENS", fmt.Sprintf("[%q]", invitation))
	noSecrets := []statecheck.StateCheck{
		acctest.StateHolds(registerKey, false),
		acctest.StateHolds(invitation, false),
		statecheck.ExpectKnownValue(platformSettingsDataAddr, tfjsonpath.New("secret_keys"), knownvalue.ListExact([]knownvalue.Check{
			knownvalue.StringExact("API_SETTINGS.INVITATION_TOKENS"),
			knownvalue.StringExact("MACHINES_AND_PLATFORM_SETTINGS.REGISTER_ADMIN_KEY"),
		})),
	}
	smtpPort := func(want string) statecheck.StateCheck {
		return statecheck.ExpectKnownValue(platformSettingsDataAddr,
			tfjsonpath.New("settings").AtMapKey("EMAIL_SETTINGS").AtMapKey("SMTP_PORT"), knownvalue.StringExact(want))
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config:            srv.Config(platformSettingsDataConfig),
				ConfigStateChecks: append([]statecheck.StateCheck{platformSettingsMatchAPI(srv), smtpPort("587")}, noSecrets...),
			},
			{
				// Changes made through the API show at the next refresh.
				PreConfig: func() {
					platformSettingsSet(t, srv, "EMAIL_SETTINGS", "SMTP_PORT", "2526")
					platformSettingsSet(t, srv, "API_SETTINGS", "VERSIONING_SETTINGS", `{"forceKeepHistory":true,"deletionMode":"keep-attachments"}`)
				},
				Config: srv.Config(platformSettingsDataConfig),
				ConfigStateChecks: append([]statecheck.StateCheck{
					platformSettingsMatchAPI(srv), smtpPort("2526"),
					statecheck.ExpectKnownValue(platformSettingsDataAddr,
						tfjsonpath.New("settings").AtMapKey("API_SETTINGS").AtMapKey("VERSIONING_SETTINGS"),
						knownvalue.StringExact(`{"deletionMode":"keep-attachments","forceKeepHistory":true}`)),
				}, noSecrets...),
			},
			{
				Config: srv.Config(string(example)),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownOutputValue("account_deletion", knownvalue.ListExact([]knownvalue.Check{
						knownvalue.StringExact("adminToken"), knownvalue.StringExact("personalToken"),
					})),
					statecheck.ExpectKnownOutputValue("email_enabled", knownvalue.Bool(false)),
					statecheck.ExpectKnownOutputValue("secret_keys", knownvalue.ListSizeExact(2)),
					acctest.StateHolds(registerKey, false),
				},
			},
		},
	})
}

func TestAccPlatformSettingsDataSource_forbidden(t *testing.T) {
	srv := acctest.StartServer(t)
	const username, password = "no-settings", "no-settings-password"
	_, err := srv.Client.CreateAdminUser(t.Context(), api.CreateAdminUser{Username: username, Password: password,
		Permissions: api.Permissions{Users: []string{}, Settings: []string{}, PlatformUsers: []string{"read"}, Accounts: []string{}}})
	if err != nil {
		t.Fatal(err)
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		Steps: []resource.TestStep{{
			Config: fmt.Sprintf(`
provider "adminapi" {
  endpoint = %q
  username = %q
  password = %q
}
%s`, srv.URL, username, password, platformSettingsDataConfig),
			ExpectError: acctest.ErrorRegexp("Could not read the platform settings", "403", "settings:read"),
		}},
	})
}
