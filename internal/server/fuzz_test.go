package server

import (
	"bytes"
	"encoding/json"
	"errors"
	"net/http"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/adminapi/terraform-provider-adminapi/internal/api"
)

// checkDecodeError: a refused body is always a 400: invalid-request-structure,
// or invalid-parameters-format naming only required fields left out and
// fields that break their requestFieldRules.
func checkDecodeError(t *testing.T, err error) {
	var ae *apiError
	if !errors.As(err, &ae) || ae.status != http.StatusBadRequest {
		t.Fatalf("decode refused with %v, want a 400", err)
	}
	switch ae.id {
	case api.ErrInvalidRequestStructure:
	case api.ErrInvalidParametersFormat:
		for field, reason := range ae.data {
			if reason != "is required" && !strings.HasSuffix(reason, api.ErrTextControl.Error()) &&
				!strings.HasPrefix(reason, "must be at most") {
				t.Fatalf("decode refused %s: %s, want only required fields", field, reason)
			}
		}
	default:
		t.Fatalf("decode refused with %v", err)
	}
}

// checkRoundTrip: what decodeStrict accepted, encoded again, decodes to the same value.
func checkRoundTrip[T any](t *testing.T, v T) {
	raw, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	var again T
	if err := decodeStrict(raw, &again); err != nil {
		t.Fatalf("re-encoded %s refused: %v", raw, err)
	}
	if !reflect.DeepEqual(normalizeEmpty(v), normalizeEmpty(again)) {
		t.Fatalf("round trip changed %+v into %+v", v, again)
	}
}

// normalizeEmpty re-encodes v so that nil and empty collections compare equal.
func normalizeEmpty(v any) string {
	raw, _ := json.Marshal(v)
	return string(raw)
}

func FuzzDecodeCreatePlatformUser(f *testing.F) {
	for _, seed := range []string{
		`{"username":"alice","email":"alice@example.com","password":"secret"}`,
		`{"username":"erin-ldap","email":"erin@example.com","ldap":true,"tags":["b","a","b"],"metadata":{"k":"v"}}`,
		`{"username":"carol-1","email":"c@x.io","password":"secret","name":"","language":"","external_id":"","status":"disabled"}`,
		`{"username":"Bad_","email":"nope","password":"1","tags":[""],"metadata":{"a":1}}`,
		`{"USERNAME":"alice"}`,
		`{"username":"alice"} trailing`,
		`[1,2]`,
		`{"tags":null,"metadata":null,"ldap":null}`,
	} {
		f.Add([]byte(seed))
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		var in api.CreatePlatformUser
		if err := decodeStrict(body, &in); err != nil {
			checkDecodeError(t, err)
			return
		}
		checkRoundTrip(t, in)
		u, p := checkCreatePlatformUser(in)
		if len(p) > 0 {
			if err := p.err(); err == nil {
				t.Fatal("problems without an error")
			}
			return
		}
		switch {
		case !api.PlatformUsernamePattern.MatchString(u.username):
			t.Fatalf("accepted username %q", u.username)
		case api.ValidEmail(u.email) != nil:
			t.Fatalf("accepted e-mail %q", u.email)
		case u.ldap == (u.password != nil):
			t.Fatalf("accepted ldap %v with password %v", u.ldap, u.password)
		case u.password != nil && (runes(*u.password) < api.PlatformPasswordMin || runes(*u.password) > api.PlatformPasswordMax):
			t.Fatalf("accepted password of %d characters", runes(*u.password))
		case u.language == "" || runes(u.language) > api.LanguageMax:
			t.Fatalf("accepted language %q", u.language)
		case u.status != api.StatusEnabled && u.status != api.StatusDisabled:
			t.Fatalf("accepted status %q", u.status)
		case u.metadata == nil || len(u.metadata) > api.MetadataKeysMax || u.tags == nil || len(u.tags) > api.TagsMax:
			t.Fatalf("accepted tags %v metadata %v", u.tags, u.metadata)
		case !slices.IsSorted(u.tags) || len(slices.Compact(slices.Clone(u.tags))) != len(u.tags):
			t.Fatalf("tags not sorted and unique: %v", u.tags)
		case u.externalID != nil && (*u.externalID == "" || runes(*u.externalID) > api.ExternalIDMax):
			t.Fatalf("accepted external id %q", *u.externalID)
		}
		for _, tag := range u.tags {
			if n := runes(tag); n < api.TagMin || n > api.TagMax || api.ValidText(tag) != nil {
				t.Fatalf("accepted tag %q", tag)
			}
		}
		for k, v := range u.metadata {
			if api.ValidText(k) != nil || api.ValidText(v) != nil {
				t.Fatalf("accepted metadata %q=%q", k, v)
			}
		}
		if api.ValidText(u.name) != nil || runes(u.referer) > api.RefererMax || runes(u.invitationToken) > api.InvitationTokenMax {
			t.Fatalf("accepted name %q, referer %q, invitation token %q", u.name, u.referer, u.invitationToken)
		}
	})
}

func FuzzDecodeAccountInput(f *testing.F) {
	for _, seed := range []string{
		`{"name":"acme"}`,
		`{"name":"acme","healthTimePeriod":1,"exec_interval":2,"base_line_exec_interval":3,"cd_model_frequency":4,"cd_execution_frequency":5,"data_retention":6,"attributes":{"phone":"123"}}`,
		`{"name":"","data_retention":-1,"attributes":{"":""}}`,
		`{"name":"x","exec_interval":1.5}`,
		`{"name":"x","exec_interval":9223372036854775808}`,
		`{"name":"x","id":"321ef007"}`,
		`{"name":"x"}{}`,
	} {
		f.Add([]byte(seed))
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		var in api.AccountInput
		if err := decodeStrict(body, &in); err != nil {
			checkDecodeError(t, err)
			return
		}
		checkRoundTrip(t, in)
		a, p := checkAccountInput(in)
		if len(p) > 0 {
			return
		}
		if n := runes(a.Name); n < api.AccountNameMin || n > api.AccountNameMax || api.ValidText(a.Name) != nil {
			t.Fatalf("accepted name %q", a.Name)
		}
		for _, c := range []struct {
			in  *int64
			out int64
			def int64
		}{
			{in.HealthTimePeriod, a.HealthTimePeriod, api.DefaultHealthTimePeriod},
			{in.ExecInterval, a.ExecInterval, api.DefaultExecInterval},
			{in.BaseLineExecInterval, a.BaseLineExecInterval, api.DefaultBaseLineExecInterval},
			{in.CDModelFrequency, a.CDModelFrequency, api.DefaultCDModelFrequency},
			{in.CDExecutionFrequency, a.CDExecutionFrequency, api.DefaultCDExecutionFrequency},
			{in.DataRetention, a.DataRetention, api.DefaultDataRetention},
		} {
			if (c.in == nil && c.out != c.def) || (c.in != nil && c.out != *c.in) || c.out < 0 {
				t.Fatalf("number %v became %d (default %d)", c.in, c.out, c.def)
			}
		}
		if a.Attributes == nil || len(a.Attributes) > api.AttributesMax {
			t.Fatalf("accepted attributes %v", a.Attributes)
		}
		for k, v := range a.Attributes {
			if runes(k) < 1 || runes(k) > api.AttributeKeyMax || runes(v) < 1 || runes(v) > api.AttributeValueMax ||
				api.ValidText(k) != nil || api.ValidText(v) != nil {
				t.Fatalf("accepted attribute %q=%q", k, v)
			}
		}
	})
}

func FuzzSettingsMerge(f *testing.F) {
	for _, seed := range []string{
		update("EMAIL_SETTINGS", "EMAIL_ENABLED", "true"),
		update("API_SETTINGS", "ACCOUNT_DELETION", `["adminToken"]`),
		update("API_SETTINGS", "VERSIONING_SETTINGS", `{"a":[1,{"b":null}]}`),
		update("TOKEN_SETTINGS", "ACCESS_TOKEN_TTL_SECONDS", "1e3"),
		update("MACHINES_AND_PLATFORM_SETTINGS", "DOMAIN", `"pryv.example.org"`),
		update("EMAIL_SETTINGS", "EMAIL_ENABLED", "null"),
		update("NOPE", "X", "1"),
		`{"update":{"EMAIL_SETTINGS":{"settings":{"SMTP_PORT":{}}}}}`,
		`{"update":{}}`,
		`{}`,
	} {
		f.Add([]byte(seed))
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		var upd api.SettingsUpdate
		if err := decodeStrict(body, &upd); err != nil {
			checkDecodeError(t, err)
			return
		}
		changes, p := defaultCatalog.merge(upd)
		if len(p) > 0 {
			if changes != nil {
				t.Fatal("a refused update answered changes")
			}
			return
		}
		before := defaultCatalog.document(nil)
		after := defaultCatalog.document(changes)
		if len(after) != len(before) {
			t.Fatalf("groups changed: %d then %d", len(before), len(after))
		}
		for g, group := range after {
			if len(group.Settings) != len(before[g].Settings) {
				t.Fatalf("keys of %s changed", g)
			}
			for k, s := range group.Settings {
				if reason := defaultCatalog[g].Settings[k].mismatch(s.Value); reason != "" {
					t.Fatalf("%s.%s became %s: %s", g, k, s.Value, reason)
				}
				named, ok := upd.Update[g].Settings[k]
				if !ok {
					if !bytes.Equal(s.Value, before[g].Settings[k].Value) {
						t.Fatalf("%s.%s changed without being named", g, k)
					}
					continue
				}
				var want, got any
				if json.Unmarshal(named.Value, &want) != nil || json.Unmarshal(s.Value, &got) != nil || !reflect.DeepEqual(want, got) {
					t.Fatalf("%s.%s is %s, want %s", g, k, s.Value, named.Value)
				}
			}
		}
	})
}

// jsonDepth is how deep a decoded JSON value nests objects and arrays.
func jsonDepth(v any) int {
	deepest := 0
	switch v := v.(type) {
	case map[string]any:
		for _, e := range v {
			deepest = max(deepest, jsonDepth(e))
		}
	case []any:
		for _, e := range v {
			deepest = max(deepest, jsonDepth(e))
		}
	default:
		return 0
	}
	return deepest + 1
}

// FuzzSettingValueLimits: settingValueLimits, which scans a settings value
// without decoding it, agrees with a decode (depth) and json.Compact
// (size), refuses exactly the values past api.SettingValueDepthMax or
// api.SettingValueBytesMax, and never panics on any input.
func FuzzSettingValueLimits(f *testing.F) {
	for _, seed := range []string{
		`1`, `"x"`, `[]`, `{}`, `{"a":[1,{"b":null}]}`, ` [ "]\"[{" , { "k" : [ ] } ] `,
		strings.Repeat("[", 32) + strings.Repeat("]", 32), strings.Repeat("[", 33) + strings.Repeat("]", 33),
		`"` + strings.Repeat("\\\\", 100) + `"`, `"\u005b\""`, `[1,`, `}}]]`,
	} {
		f.Add([]byte(seed))
	}
	f.Fuzz(func(t *testing.T, raw []byte) {
		reason := settingValueLimits(raw) // any input: no panic
		if !json.Valid(raw) {
			return
		}
		var v any
		if err := json.Unmarshal(raw, &v); err != nil {
			return
		}
		var buf bytes.Buffer
		if err := json.Compact(&buf, raw); err != nil {
			t.Fatal(err)
		}
		depth, size := jsonShape(raw)
		if want := jsonDepth(v); depth != want {
			t.Fatalf("depth %d, decoding says %d: %s", depth, want, raw)
		}
		if size != buf.Len() {
			t.Fatalf("size %d, json.Compact makes %d: %s", size, buf.Len(), raw)
		}
		if tooBig := depth > api.SettingValueDepthMax || size > api.SettingValueBytesMax; tooBig != (reason != "") {
			t.Fatalf("depth %d size %d answered %q", depth, size, reason)
		}
	})
}
