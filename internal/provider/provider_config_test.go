package provider

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/provider"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

func nullModel() providerModel {
	return providerModel{
		Endpoint: types.StringNull(), Token: types.StringNull(), Username: types.StringNull(),
		Password: types.StringNull(), ClientID: types.StringNull(), ClientSecret: types.StringNull(),
		Scopes: types.ListNull(types.StringType), CACertPEM: types.StringNull(),
		InsecureSkipVerify: types.BoolNull(), RequestTimeout: types.StringNull(),
		MaxRetries: types.Int64Null(), MaxRequestsPerSecond: types.Float64Null(),
	}
}

func envMap(m map[string]string) func(string) (string, bool) {
	return func(k string) (string, bool) { v, ok := m[k]; return v, ok }
}

func TestResolveSettingsConfigBeatsEnvironment(t *testing.T) {
	cfg := nullModel()
	cfg.Endpoint = types.StringValue("https://config.example.com")
	cfg.Username = types.StringValue("ops")
	cfg.RequestTimeout = types.StringValue("5s")
	cfg.MaxRetries = types.Int64Value(2)
	env := envMap(map[string]string{
		"ADMINAPI_ENDPOINT": "https://env.example.com", "ADMINAPI_USERNAME": "env-user",
		"ADMINAPI_PASSWORD": "from-env", "ADMINAPI_INSECURE_SKIP_VERIFY": "true",
	})
	got, diags := resolveSettings(context.Background(), cfg, env)
	if diags.HasError() {
		t.Fatalf("unexpected diagnostics: %v", diags)
	}
	if got.Endpoint != "https://config.example.com" || got.Username != "ops" || got.Password != "from-env" {
		t.Errorf("config must win over env, env fills the rest: %+v", got)
	}
	if !got.InsecureSkipVerify || got.RequestTimeout != 5*time.Second || got.MaxRetries != 2 {
		t.Errorf("insecure/timeout/retries not applied: %+v", got)
	}
}

func TestResolveSettingsDefaults(t *testing.T) {
	got, diags := resolveSettings(context.Background(), nullModel(), envMap(map[string]string{
		"ADMINAPI_ENDPOINT": "http://127.0.0.1:1", "ADMINAPI_TOKEN": "t",
	}))
	if diags.HasError() {
		t.Fatalf("unexpected diagnostics: %v", diags)
	}
	if got.RequestTimeout != defaultRequestTimeout || got.MaxRetries != defaultMaxRetries || got.Token != "t" {
		t.Errorf("defaults not applied: %+v", got)
	}
}

func TestResolveSettingsAuthErrors(t *testing.T) {
	cases := []struct {
		name string
		env  map[string]string
		want []string
	}{
		{"none", map[string]string{}, []string{"No way to authenticate", "token (ADMINAPI_TOKEN)", "username + password (ADMINAPI_USERNAME + ADMINAPI_PASSWORD)", "client_id + client_secret (ADMINAPI_CLIENT_ID + ADMINAPI_CLIENT_SECRET)"}},
		{"two", map[string]string{"ADMINAPI_TOKEN": "t", "ADMINAPI_CLIENT_ID": "c", "ADMINAPI_CLIENT_SECRET": "s"}, []string{"More than one way", "Found: token (ADMINAPI_TOKEN) and client_id + client_secret"}},
		{"half a pair", map[string]string{"ADMINAPI_USERNAME": "ops"}, []string{"password is needed with username + password", "ADMINAPI_PASSWORD"}},
		{"no endpoint", map[string]string{"ADMINAPI_TOKEN": "t", "ADMINAPI_ENDPOINT": ""}, []string{"ADMINAPI_ENDPOINT"}},
		{"bad endpoint", map[string]string{"ADMINAPI_TOKEN": "t", "ADMINAPI_ENDPOINT": "lead.example.com"}, []string{"must be an http:// or https:// URL"}},
		{"bad bool", map[string]string{"ADMINAPI_TOKEN": "t", "ADMINAPI_INSECURE_SKIP_VERIFY": "maybe"}, []string{"ADMINAPI_INSECURE_SKIP_VERIFY=\"maybe\" is not a boolean"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			env := map[string]string{"ADMINAPI_ENDPOINT": "https://lead.example.com"}
			for k, v := range tc.env {
				env[k] = v
			}
			_, diags := resolveSettings(context.Background(), nullModel(), envMap(env))
			if !diags.HasError() {
				t.Fatal("expected an error")
			}
			var all strings.Builder
			for _, d := range diags.Errors() {
				all.WriteString(d.Summary() + ": " + d.Detail() + "\n")
			}
			for _, w := range tc.want {
				if !strings.Contains(all.String(), w) {
					t.Errorf("diagnostics lack %q:\n%s", w, all.String())
				}
			}
		})
	}
}

// A way to authenticate named in the configuration wins over other ways in
// the environment, which a CI shell may export for other tools.
func TestResolveSettingsConfiguredAuthBeatsEnvironmentAuth(t *testing.T) {
	cfg := nullModel()
	cfg.Token = types.StringValue("from-config")
	env := envMap(map[string]string{
		"ADMINAPI_ENDPOINT": "https://lead.example.com", "ADMINAPI_USERNAME": "env-user", "ADMINAPI_PASSWORD": "env-pw",
		"ADMINAPI_CLIENT_ID": "env-client", "ADMINAPI_CLIENT_SECRET": "env-secret",
	})
	got, diags := resolveSettings(context.Background(), cfg, env)
	if diags.HasError() {
		t.Fatalf("unexpected diagnostics: %v", diags)
	}
	if got.Token != "from-config" || got.Username != "" || got.Password != "" || got.ClientID != "" || got.ClientSecret != "" {
		t.Errorf("only the configured way may be used: %+v", got)
	}
}

// The schema's description of max_retries states the default resolveSettings
// applies.
func TestMaxRetriesDefaultIsDocumented(t *testing.T) {
	var resp provider.SchemaResponse
	(&adminAPIProvider{}).Schema(context.Background(), provider.SchemaRequest{}, &resp)
	desc := resp.Schema.Attributes["max_retries"].GetMarkdownDescription()
	if want := fmt.Sprintf("Default %d:", defaultMaxRetries); !strings.Contains(desc, want) {
		t.Errorf("max_retries says %q, want it to state %q", desc, want)
	}
}
