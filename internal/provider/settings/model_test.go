package settings

import (
	"encoding/json"
	"reflect"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework-jsontypes/jsontypes"
	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/adminapi/terraform-provider-adminapi/internal/api"
)

func TestPlatformSettingsMapRoundTrip(t *testing.T) {
	in := settingsValues{"A": {"X": `[1,2]`, "Y": `"s"`}, "B": {}}
	m, diags := in.toMap()
	if diags.HasError() {
		t.Fatal(diags)
	}
	out, ok := settingsFromMap(m)
	if !ok || !reflect.DeepEqual(in, out) {
		t.Fatalf("round trip: got %v (ok %v), want %v", out, ok, in)
	}
	if _, ok := settingsFromMap(types.MapNull(settingsAttrType.ElemType)); ok {
		t.Error("a null map must not be known settings")
	}
	group := types.MapValueMust(jsontypes.NormalizedType{}, map[string]attr.Value{"X": jsontypes.NewNormalizedUnknown()})
	partial := types.MapValueMust(settingsAttrType.ElemType, map[string]attr.Value{"A": group})
	if _, ok := settingsFromMap(partial); ok {
		t.Error("a map with an unknown value must not be known settings")
	}
}

func TestPlatformSettingsSame(t *testing.T) {
	ctx := t.Context()
	prior := settingsValues{"A": {"X": `{"a":1,"b":[true]}`, "Y": `3`}, "B": {"Z": `"z"`}}
	for _, tc := range []struct {
		name   string
		config settingsValues
		want   bool
	}{
		{"same keys, reformatted", settingsValues{"A": {"X": "{ \"b\": [ true ],\n \"a\": 1 }", "Y": `3`}, "B": {"Z": `"z"`}}, true},
		{"a value differs", settingsValues{"A": {"X": `{"a":2,"b":[true]}`, "Y": `3`}, "B": {"Z": `"z"`}}, false},
		{"fewer keys", settingsValues{"A": {"Y": `3`}, "B": {"Z": `"z"`}}, false},
		{"fewer groups", settingsValues{"A": {"X": `{"a":1,"b":[true]}`, "Y": `3`}}, false},
		{"another key", settingsValues{"A": {"X": `{"a":1,"b":[true]}`, "W": `3`}, "B": {"Z": `"z"`}}, false},
		{"another group", settingsValues{"A": {"X": `{"a":1,"b":[true]}`, "Y": `3`}, "C": {"Z": `"z"`}}, false},
		{"invalid JSON never equals", settingsValues{"A": {"X": `{"a":1,"b":[true]}`, "Y": `3 x`}, "B": {"Z": `"z"`}}, false},
		{"nothing, just imported", settingsValues{}, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := settingsSame(ctx, prior, tc.config); got != tc.want {
				t.Errorf("settingsSame = %v, want %v", got, tc.want)
			}
		})
	}
	if !settingsSame(ctx, settingsValues{}, settingsValues{}) {
		t.Error("two empty settings are the same")
	}
}

func TestPlatformSettingsChanges(t *testing.T) {
	ctx := t.Context()
	current := settingsValues{"A": {"X": `{"a":1}`, "Y": `3`}}
	if got := settingsChanges(ctx, current, settingsValues{"A": {"X": `{ "a": 1 }`}}); got != nil {
		t.Errorf("an equal value must send nothing, got %+v", got)
	}
	got := settingsChanges(ctx, current, settingsValues{"A": {"X": `{"a":1}`, "Y": `4`}, "B": {"Z": `true`}})
	want := &api.SettingsUpdate{Update: map[string]api.SettingsGroupUpdate{
		"A": {Settings: map[string]api.SettingValue{"Y": {Value: json.RawMessage(`4`)}}},
		"B": {Settings: map[string]api.SettingValue{"Z": {Value: json.RawMessage(`true`)}}},
	}}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("settingsChanges = %+v, want %+v", got, want)
	}
	all := settingsChanges(ctx, nil, settingsValues{"A": {"X": `1`}})
	if all == nil || string(all.Update["A"].Settings["X"].Value) != `1` {
		t.Errorf("a key the platform lacks is sent, got %+v", all)
	}
}

func TestPlatformSettingsFlatten(t *testing.T) {
	doc := api.SettingsDocument{
		"A": {Settings: map[string]api.Setting{
			"X": {Value: json.RawMessage(`{"forceKeepHistory": false, "deletionMode": "keep-nothing"}`)},
			"Y": {Value: json.RawMessage(`1.50`)},
			"H": {Value: json.RawMessage(`"<b>"`)},
			"U": {Value: json.RawMessage(`"unmanaged"`)},
		}},
		"B": {Settings: map[string]api.Setting{"Z": {Value: json.RawMessage(`[ "a", "b" ]`)}}},
	}
	got, err := flattenSettings(doc, settingsValues{"A": {"X": "", "Y": "", "H": "", "GONE": ""}, "NOGROUP": {"K": ""}})
	if err != nil {
		t.Fatal(err)
	}
	// As jsonencode writes them: keys sorted, numbers as written, <>& escaped.
	want := settingsValues{"A": {"X": `{"deletionMode":"keep-nothing","forceKeepHistory":false}`, "Y": `1.50`, "H": `"\u003cb\u003e"`}}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("managed keys: got %v, want %v", got, want)
	}
	none, err := flattenSettings(doc, settingsValues{})
	if err != nil || len(none) != 0 {
		t.Errorf("no managed key reads nothing (just imported): got %v, %v", none, err)
	}
	if _, err := flattenSettings(api.SettingsDocument{"A": {Settings: map[string]api.Setting{"X": {Value: json.RawMessage(`{`)}}}}, settingsValues{"A": {"X": ""}}); err == nil || !strings.Contains(err.Error(), "A.X") {
		t.Errorf("a broken value must be an error naming its key, got %v", err)
	}
}

func TestPlatformSettingsPathOf(t *testing.T) {
	for in, want := range map[string][3]string{
		"update.EMAIL_SETTINGS.settings.EMAIL_ENABLED": {"EMAIL_SETTINGS", "EMAIL_ENABLED", "true"},
		"update.NOPE":  {"NOPE", "", "true"},
		"update":       {"", "", "false"},
		"settings.X.Y": {"", "", "false"},
	} {
		g, k, ok := settingsPathOf(in)
		if g != want[0] || k != want[1] || (ok && want[2] != "true") || (!ok && want[2] != "false") {
			t.Errorf("settingsPathOf(%q) = %q, %q, %v; want %v", in, g, k, ok, want)
		}
	}
}

func TestPlatformSettingsNotifyFailures(t *testing.T) {
	got := notifyFailures([]api.MachineFailure{
		{URL: "http://b", Role: "reg", Error: "answered HTTP 500"},
		{URL: "http://a", Role: "core", Error: "request failed: refused"},
	})
	want := "  - http://a (role \"core\"): request failed: refused\n  - http://b (role \"reg\"): answered HTTP 500"
	if got != want {
		t.Errorf("notifyFailures =\n%s\nwant\n%s", got, want)
	}
}

func TestPlatformSettingsJSONValidator(t *testing.T) {
	group := types.MapValueMust(jsontypes.NormalizedType{}, map[string]attr.Value{
		"GOOD":    jsontypes.NewNormalizedValue(`{"a":1}`),
		"BAD":     jsontypes.NewNormalizedValue(`{a:1}`),
		"NULL":    jsontypes.NewNormalizedNull(),
		"UNKNOWN": jsontypes.NewNormalizedUnknown(),
	})
	cfg := types.MapValueMust(settingsAttrType.ElemType, map[string]attr.Value{"G": group})
	resp := &validator.MapResponse{}
	settingsJSONValidator{}.ValidateMap(t.Context(), validator.MapRequest{Path: path.Root("settings"), ConfigValue: cfg}, resp)
	if n := resp.Diagnostics.ErrorsCount(); n != 2 {
		t.Fatalf("want 2 errors (BAD, NULL), got %d: %v", n, resp.Diagnostics)
	}
	var details []string
	for _, d := range resp.Diagnostics.Errors() {
		details = append(details, d.Detail())
	}
	joined := strings.Join(details, "\n")
	for _, want := range []string{"settings.G.BAD must be a JSON-encoded value", "settings.G.NULL is null"} {
		if !strings.Contains(joined, want) {
			t.Errorf("errors do not say %q:\n%s", want, joined)
		}
	}
}

func TestPlatformSettingsDataFlatten(t *testing.T) {
	doc := api.SettingsDocument{
		"API_SETTINGS": {Settings: map[string]api.Setting{
			"ACCOUNT_DELETION":  {Value: json.RawMessage(`[ "adminToken" ]`)},
			"INVITATION_TOKENS": {Value: json.RawMessage(`["invite-secret"]`)},
		}},
		"MACHINES_AND_PLATFORM_SETTINGS": {Settings: map[string]api.Setting{
			"DOMAIN":             {Value: json.RawMessage(`"example.com"`)},
			"REGISTER_ADMIN_KEY": {Value: json.RawMessage(`"register-secret"`)},
		}},
		"EMPTY": {Settings: map[string]api.Setting{}},
	}
	got, diags := flattenPlatformSettingsData(t.Context(), doc)
	if diags.HasError() {
		t.Fatal(diags)
	}
	settings, ok := settingsFromMap(got.Settings)
	wantSettings := settingsValues{
		"API_SETTINGS":                   {"ACCOUNT_DELETION": `["adminToken"]`},
		"MACHINES_AND_PLATFORM_SETTINGS": {"DOMAIN": `"example.com"`},
		"EMPTY":                          {},
	}
	if !ok || !reflect.DeepEqual(settings, wantSettings) {
		t.Errorf("settings = %v, want %v", settings, wantSettings)
	}
	wantJSON := `{"API_SETTINGS":{"ACCOUNT_DELETION":["adminToken"]},"EMPTY":{},"MACHINES_AND_PLATFORM_SETTINGS":{"DOMAIN":"example.com"}}`
	if got.SettingsJSON.ValueString() != wantJSON {
		t.Errorf("settings_json = %s, want %s", got.SettingsJSON.ValueString(), wantJSON)
	}
	var secret []string
	if d := got.SecretKeys.ElementsAs(t.Context(), &secret, false); d.HasError() {
		t.Fatal(d)
	}
	if want := []string{"API_SETTINGS.INVITATION_TOKENS", "MACHINES_AND_PLATFORM_SETTINGS.REGISTER_ADMIN_KEY"}; !reflect.DeepEqual(secret, want) {
		t.Errorf("secret_keys = %v, want %v", secret, want)
	}
	all := got.Settings.String() + got.SettingsJSON.ValueString()
	for _, s := range []string{"invite-secret", "register-secret"} {
		if strings.Contains(all, s) {
			t.Errorf("a secret value %q was read: %s", s, all)
		}
	}
	broken := api.SettingsDocument{"A": {Settings: map[string]api.Setting{"X": {Value: json.RawMessage(`{`)}}}}
	if _, diags := flattenPlatformSettingsData(t.Context(), broken); !diags.HasError() || !strings.Contains(diags[0].Detail(), "A.X") {
		t.Errorf("a broken value must be an error naming its key, got %v", diags)
	}
}
