package api

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"
)

// TestRequestStringsAreBounded: every string a request body may carry, at
// any depth, has a maxLength (or an enum), so that no request field is
// unbounded (admin-api.md, Limits and protection).
func TestRequestStringsAreBounded(t *testing.T) {
	doc := loadDoc(t)
	seen := map[*openapi3.Schema]bool{}
	var walk func(where string, ref *openapi3.SchemaRef)
	walk = func(where string, ref *openapi3.SchemaRef) {
		if ref == nil || ref.Value == nil {
			return
		}
		s := ref.Value
		if seen[s] {
			return
		}
		seen[s] = true
		if ref.Ref != "" {
			where = ref.Ref
		}
		if s.Type.Is(openapi3.TypeString) && !bounded(s) {
			t.Errorf("%s: a request string without maxLength", where)
		}
		for _, name := range slices.Sorted(func(yield func(string) bool) {
			for k := range s.Properties {
				if !yield(k) {
					return
				}
			}
		}) {
			walk(where+"."+name, s.Properties[name])
		}
		walk(where+"[]", s.Items)
		walk(where+".*", s.AdditionalProperties.Schema)
		for i, sub := range slices.Concat(s.AllOf, s.AnyOf, s.OneOf) {
			walk(fmt.Sprintf("%s/%d", where, i), sub)
		}
	}
	bodies := 0
	for path, item := range doc.Paths.Map() {
		for method, op := range item.Operations() {
			if op.RequestBody == nil || op.RequestBody.Value == nil {
				continue
			}
			for mt, media := range op.RequestBody.Value.Content {
				bodies++
				walk(fmt.Sprintf("%s %s (%s)", method, path, mt), media.Schema)
			}
		}
	}
	if bodies < 10 {
		t.Fatalf("found %d request bodies", bodies)
	}
}

// bounded: s, or one of its allOf members, has a maxLength or an enum.
func bounded(s *openapi3.Schema) bool {
	if s.MaxLength != nil || len(s.Enum) > 0 {
		return true
	}
	return slices.ContainsFunc(s.AllOf, func(m *openapi3.SchemaRef) bool { return m.Value != nil && bounded(m.Value) })
}

// TestTextRuleIsTheDocuments: the schemas of names, tags, metadata and
// attributes carry api.TextPattern, and the document's validator, ValidText
// and TextRegexp agree on what they refuse.
func TestTextRuleIsTheDocuments(t *testing.T) {
	doc := loadDoc(t)
	prop := func(schema, name string) *openapi3.Schema { return component(t, doc, schema).Properties[name].Value }
	texts := map[string]*openapi3.Schema{
		"PersonName":        component(t, doc, "PersonName"),
		"Tag":               component(t, doc, "Tag"),
		"Metadata value":    component(t, doc, "Metadata").AdditionalProperties.Schema.Value,
		"Attributes value":  component(t, doc, "Attributes").AdditionalProperties.Schema.Value,
		"Account.name":      prop("Account", "name"),
		"AccountInput.name": prop("AccountInput", "name"),
	}
	good := []string{"", "Alice", "Zoë O'Brien", "日本語", "a b\u00a0c", "emoji 🙂"}
	bad := []string{"a\x00b", "\x1b[31m", "line\nbreak", "tab\t", "del\x7f", "\u202eevil", "x\u202a", "\u2066iso\u2069", "\u2068"}
	for name, s := range texts {
		if s.Pattern != TextPattern {
			t.Errorf("%s pattern %q, want api.TextPattern %q", name, s.Pattern, TextPattern)
		}
		if !strings.Contains(s.Description, "U+202A") && name != "Metadata value" && name != "Attributes value" {
			t.Errorf("%s does not describe the rule: %q", name, s.Description)
		}
		for _, v := range good {
			if err := s.VisitJSON(v); err != nil && len([]rune(v)) >= int(s.MinLength) {
				t.Errorf("%s refuses %q: %v", name, v, err)
			}
		}
		for _, v := range bad {
			if s.VisitJSON(v) == nil {
				t.Errorf("%s accepts %q", name, v)
			}
		}
	}
	for _, v := range good {
		if ValidText(v) != nil || !TextRegexp.MatchString(v) {
			t.Errorf("ValidText or TextRegexp refuses %q", v)
		}
	}
	for _, v := range bad {
		if ValidText(v) == nil || TextRegexp.MatchString(v) {
			t.Errorf("ValidText or TextRegexp accepts %q", v)
		}
	}
	for r := rune(0); r < 0x3000; r++ {
		if (ValidText(string(r)) == nil) != TextRegexp.MatchString(string(r)) {
			t.Errorf("ValidText and TextRegexp disagree on %U", r)
		}
	}
}

// TestNewMaximumsMatchGo: the maximums of Limits and protection that have
// no schema of their own.
func TestNewMaximumsMatchGo(t *testing.T) {
	doc := loadDoc(t)
	u := func(v int) uint64 { return uint64(v) }
	for _, schema := range []string{"PlatformUser", "CreatePlatformUser"} {
		props := component(t, doc, schema).Properties
		for field, want := range map[string]uint64{"referer": u(RefererMax), "invitationToken": u(InvitationTokenMax)} {
			if got := props[field].Value.MaxLength; got == nil || *got != want {
				t.Errorf("%s.%s maxLength %v, want %d", schema, field, got, want)
			}
		}
	}
	anyString := component(t, doc, "AnyValue").AnyOf[0].Value
	if !anyString.Type.Is(openapi3.TypeString) || anyString.MaxLength == nil || *anyString.MaxLength != u(SettingValueBytesMax) {
		t.Errorf("AnyValue's string branch: maxLength %v, want %d", anyString.MaxLength, SettingValueBytesMax)
	}
	if d := component(t, doc, "SettingValue").Description; !strings.Contains(d, fmt.Sprint(SettingValueDepthMax)) || !strings.Contains(d, "65,536") {
		t.Errorf("SettingValue does not state the limits: %q", d)
	}
}
