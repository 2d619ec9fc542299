package settings

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"sort"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework-jsontypes/jsontypes"
	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-framework/types/basetypes"

	"github.com/adminapi/terraform-provider-adminapi/internal/api"
)

// settingsValues maps group -> key -> JSON text: the `settings` attribute.
type settingsValues map[string]map[string]string

// settingsAttrType is the type of the `settings` attribute.
var settingsAttrType = types.MapType{ElemType: types.MapType{ElemType: jsontypes.NormalizedType{}}}

// settingsFromMap reads a known `settings` value; ok is false when the map,
// a group or a value is unknown (or a value is null), so nothing can be said yet.
func settingsFromMap(m types.Map) (settingsValues, bool) {
	if m.IsNull() || m.IsUnknown() {
		return nil, false
	}
	out := settingsValues{}
	for g, gv := range m.Elements() {
		group, ok := gv.(basetypes.MapValue)
		if !ok || group.IsNull() || group.IsUnknown() {
			return nil, false
		}
		out[g] = map[string]string{}
		for k, kv := range group.Elements() {
			v, ok := kv.(jsontypes.Normalized)
			if !ok || v.IsNull() || v.IsUnknown() {
				return nil, false
			}
			out[g][k] = v.ValueString()
		}
	}
	return out, true
}

// toMap builds the `settings` value.
func (s settingsValues) toMap() (types.Map, diag.Diagnostics) {
	var diags diag.Diagnostics
	groups := make(map[string]attr.Value, len(s))
	for g, keys := range s {
		vals := make(map[string]attr.Value, len(keys))
		for k, v := range keys {
			vals[k] = jsontypes.NewNormalizedValue(v)
		}
		gv, d := types.MapValue(jsontypes.NormalizedType{}, vals)
		diags.Append(d...)
		groups[g] = gv
	}
	if diags.HasError() {
		return types.MapNull(settingsAttrType.ElemType), diags
	}
	m, d := types.MapValue(settingsAttrType.ElemType, groups)
	diags.Append(d...)
	return m, diags
}

// jsonEquivalent compares two JSON texts the way the `settings` values are
// compared (jsontypes.Normalized semantic equality); invalid JSON never equals.
func jsonEquivalent(ctx context.Context, a, b string) bool {
	if !json.Valid([]byte(a)) || !json.Valid([]byte(b)) {
		return false
	}
	eq, diags := jsontypes.NewNormalizedValue(a).StringSemanticEquals(ctx, jsontypes.NewNormalizedValue(b))
	return eq && !diags.HasError()
}

// settingsSame reports whether a and b hold the same groups and keys with
// values equal as JSON.
func settingsSame(ctx context.Context, a, b settingsValues) bool {
	if len(a) != len(b) {
		return false
	}
	for g, keys := range b {
		aKeys, ok := a[g]
		if !ok || len(aKeys) != len(keys) {
			return false
		}
		for k, v := range keys {
			av, ok := aKeys[k]
			if !ok || !jsonEquivalent(ctx, av, v) {
				return false
			}
		}
	}
	return true
}

// settingsChanges is the update for the planned keys that current lacks or
// holds with another value; nil when there is nothing to send.
func settingsChanges(ctx context.Context, current, planned settingsValues) *api.SettingsUpdate {
	upd := api.SettingsUpdate{Update: map[string]api.SettingsGroupUpdate{}}
	for g, keys := range planned {
		for k, v := range keys {
			if cv, ok := current[g][k]; ok && jsonEquivalent(ctx, cv, v) {
				continue
			}
			gu, ok := upd.Update[g]
			if !ok {
				gu = api.SettingsGroupUpdate{Settings: map[string]api.SettingValue{}}
				upd.Update[g] = gu
			}
			gu.Settings[k] = api.SettingValue{Value: json.RawMessage(v)}
		}
	}
	if len(upd.Update) == 0 {
		return nil
	}
	return &upd
}

// flattenSettings reads the managed groups and keys out of the platform's
// document, in canonical JSON; no other key is ever read. A managed key (or
// group) that the document no longer has is left out, so the next plan shows
// it again.
func flattenSettings(doc api.SettingsDocument, managed settingsValues) (settingsValues, error) {
	out := settingsValues{}
	for g, keys := range managed {
		group, ok := doc[g]
		if !ok {
			continue
		}
		out[g] = map[string]string{}
		for k := range keys {
			s, ok := group.Settings[k]
			if !ok {
				continue
			}
			v, err := canonicalJSON(s.Value)
			if err != nil {
				return nil, fmt.Errorf("%s.%s: %w", g, k, err)
			}
			out[g][k] = v
		}
	}
	return out, nil
}

// publicSettings reads every key of the document except the secret ones
// (api.IsSecretSetting), in canonical JSON, and names the keys it left out
// as "GROUP.KEY", sorted.
func publicSettings(doc api.SettingsDocument) (settingsValues, []string, error) {
	public := settingsValues{}
	secret := []string{}
	for g, group := range doc {
		public[g] = map[string]string{}
		for k := range group.Settings {
			if api.IsSecretSetting(g, k) {
				secret = append(secret, g+"."+k)
				continue
			}
			public[g][k] = ""
		}
	}
	sort.Strings(secret)
	values, err := flattenSettings(doc, public)
	return values, secret, err
}

// documentJSON writes the settings as one JSON object of groups of keys to
// values, object keys sorted.
func (s settingsValues) documentJSON() (string, error) {
	doc := make(map[string]map[string]json.RawMessage, len(s))
	for g, keys := range s {
		doc[g] = make(map[string]json.RawMessage, len(keys))
		for k, v := range keys {
			doc[g][k] = json.RawMessage(v)
		}
	}
	out, err := json.Marshal(doc)
	return string(out), err
}

// canonicalJSON writes a JSON value as Terraform's jsonencode does: compact,
// object keys sorted, numbers as written.
func canonicalJSON(raw json.RawMessage) (string, error) {
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		return "", fmt.Errorf("the API answered a value that is not JSON: %w", err)
	}
	out, err := json.Marshal(v)
	if err != nil {
		return "", err
	}
	return string(out), nil
}

// settingsPathOf turns the API's error path "update.G.settings.K" into "G.K".
func settingsPathOf(apiPath string) (group, key string, ok bool) {
	rest, found := strings.CutPrefix(apiPath, "update.")
	if !found {
		return "", "", false
	}
	group, key, found = strings.Cut(rest, ".settings.")
	if !found {
		return rest, "", rest != ""
	}
	return group, key, group != "" && key != ""
}

// notifyFailures describes each follower that failed, one a line.
func notifyFailures(failures []api.MachineFailure) string {
	lines := make([]string, 0, len(failures))
	for _, f := range failures {
		lines = append(lines, fmt.Sprintf("  - %s (role %q): %s", f.URL, f.Role, f.Error))
	}
	sort.Strings(lines)
	return strings.Join(lines, "\n")
}

type platformSettingsModel struct {
	ID             types.String `tfsdk:"id"`
	Settings       types.Map    `tfsdk:"settings"`
	NotifyServices types.List   `tfsdk:"notify_services"`
}

// platformSettingsDataModel is the adminapi_platform_settings data source.
type platformSettingsDataModel struct {
	Settings     types.Map            `tfsdk:"settings"`
	SettingsJSON jsontypes.Normalized `tfsdk:"settings_json"`
	SecretKeys   types.List           `tfsdk:"secret_keys"`
}

// flattenPlatformSettingsData reads the whole document but its secret keys.
func flattenPlatformSettingsData(ctx context.Context, doc api.SettingsDocument) (platformSettingsDataModel, diag.Diagnostics) {
	var diags diag.Diagnostics
	values, secret, err := publicSettings(doc)
	if err != nil {
		diags.AddError("Could not read the platform settings", err.Error())
		return platformSettingsDataModel{}, diags
	}
	docJSON, err := values.documentJSON()
	if err != nil {
		diags.AddError("Could not read the platform settings", err.Error())
		return platformSettingsDataModel{}, diags
	}
	m, d := values.toMap()
	diags.Append(d...)
	secretKeys, d := types.ListValueFrom(ctx, types.StringType, secret)
	diags.Append(d...)
	return platformSettingsDataModel{Settings: m, SettingsJSON: jsontypes.NewNormalizedValue(docJSON), SecretKeys: secretKeys}, diags
}
