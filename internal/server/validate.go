package server

import (
	"fmt"
	"reflect"
	"slices"
	"sort"
	"strings"
	"unicode/utf8"

	"github.com/adminapi/terraform-provider-adminapi/internal/api"
)

const maxBodyBytes = api.MaxBodyBytes

// problems collects every rule a request breaks, field by field.
type problems map[string]string

func (p problems) add(field, reason string) {
	if _, ok := p[field]; !ok {
		p[field] = reason
	}
}

// err answers nil when nothing was broken.
func (p problems) err() error {
	if len(p) == 0 {
		return nil
	}
	return errInvalidParameters(p)
}

func runes(s string) int { return utf8.RuneCountInString(s) }

func (p problems) length(field, s string, minLen, maxLen int) {
	if n := runes(s); n < minLen || n > maxLen {
		if minLen == 0 {
			p.add(field, fmt.Sprintf("must be at most %d characters", maxLen))
			return
		}
		p.add(field, fmt.Sprintf("must be %d to %d characters", minLen, maxLen))
	}
}

// email applies the contract's e-mail rule, api.ValidEmail.
func (p problems) email(field, s string) {
	if s == "" {
		p.add(field, "is required")
		return
	}
	if err := api.ValidEmail(s); err != nil {
		p.add(field, err.Error())
	}
}

// tags checks a tag list and answers it sorted and unique.
func (p problems) tags(field string, tags []string) []string {
	out := []string{}
	for i, t := range tags {
		if n := runes(t); n < api.TagMin || n > api.TagMax {
			p.add(fmt.Sprintf("%s.%d", field, i), fmt.Sprintf("must be %d to %d characters", api.TagMin, api.TagMax))
		}
		out = append(out, t)
	}
	sort.Strings(out)
	out = slices.Compact(out)
	if len(out) > api.TagsMax {
		p.add(field, fmt.Sprintf("must hold at most %d tags", api.TagsMax))
	}
	return out
}

func (p problems) metadata(field string, m map[string]string) map[string]string {
	if len(m) > api.MetadataKeysMax {
		p.add(field, fmt.Sprintf("must hold at most %d keys", api.MetadataKeysMax))
	}
	for k, v := range m {
		if runes(v) > api.MetadataValueMax {
			p.add(field+"."+k, fmt.Sprintf("must be at most %d characters", api.MetadataValueMax))
		}
	}
	if m == nil {
		return map[string]string{}
	}
	return m
}

func (p problems) attributes(field string, m map[string]string) map[string]string {
	if len(m) > api.AttributesMax {
		p.add(field, fmt.Sprintf("must hold at most %d keys", api.AttributesMax))
	}
	for k, v := range m {
		if n := runes(k); n < api.AttributeKeyMin || n > api.AttributeKeyMax {
			p.add(field+"."+k, fmt.Sprintf("key must be %d to %d characters", api.AttributeKeyMin, api.AttributeKeyMax))
			continue
		}
		if n := runes(v); n < api.AttributeValueMin || n > api.AttributeValueMax {
			p.add(field+"."+k, fmt.Sprintf("must be %d to %d characters", api.AttributeValueMin, api.AttributeValueMax))
		}
	}
	if m == nil {
		return map[string]string{}
	}
	return m
}

// permissions checks every group of a permission set, reporting under
// "permissions.<group>.<index>", and answers it in the canonical order,
// without duplicates, all groups present.
func (p problems) permissions(in api.Permissions) api.Permissions {
	check := func(group string, list []string) []string {
		allowed := api.PermissionGroups[group]
		seen := map[string]bool{}
		for i, name := range list {
			if !slices.Contains(allowed, name) {
				p.add(fmt.Sprintf("permissions.%s.%d", group, i),
					fmt.Sprintf("must be one of %s", strings.Join(allowed, ", ")))
				continue
			}
			seen[name] = true
		}
		out := []string{}
		for _, name := range allowed {
			if seen[name] {
				out = append(out, name)
			}
		}
		return out
	}
	return api.Permissions{
		Users:         check(api.GroupUsers, in.Users),
		Settings:      check(api.GroupSettings, in.Settings),
		PlatformUsers: check(api.GroupPlatformUsers, in.PlatformUsers),
		Accounts:      check(api.GroupAccounts, in.Accounts),
	}
}

func (p problems) nonNegative(field string, v *int64) {
	if v != nil && *v < 0 {
		p.add(field, "must be a non-negative integer")
	}
}

func (p problems) oneOf(field, v string, allowed ...string) {
	if !slices.Contains(allowed, v) {
		p.add(field, "must be one of "+strings.Join(allowed, ", "))
	}
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// fieldRule is a rule on a string field of a request body, or on each
// element of a list, or each key and value of a map: a maximum length
// (0: none here; the handler checks it) and the text rule, api.ValidText.
type fieldRule struct {
	max  int
	text bool
}

// requestFieldRules are the rules decodeStrict applies to the top-level
// fields of these request bodies, by JSON name: the limits of admin-api.md
// ("Limits and protection") that no handler checks.
var requestFieldRules = map[reflect.Type]map[string]fieldRule{
	reflect.TypeFor[api.CreatePlatformUser](): {
		"name": {text: true}, "tags": {text: true}, "metadata": {text: true},
		"referer": {max: api.RefererMax}, "invitationToken": {max: api.InvitationTokenMax},
	},
	reflect.TypeFor[api.UpdatePlatformUser](): {"name": {text: true}, "tags": {text: true}, "metadata": {text: true}},
	reflect.TypeFor[api.AccountInput]():       {"name": {text: true}, "attributes": {text: true}},
	reflect.TypeFor[api.NotifyRequest]():      {"services": {max: api.NotifyServiceMax}},
}

// check reports s, at field, when it breaks the rule.
func (rule fieldRule) check(p problems, field, s string) {
	if rule.max > 0 {
		p.length(field, s, 0, rule.max)
	}
	if rule.text {
		if err := api.ValidText(s); err != nil {
			p.add(field, err.Error())
		}
	}
}

// fieldRules applies requestFieldRules to v, a pointer to a decoded request
// body, reporting each field (list element "tags.0", map value
// "metadata.key", map key under the map's name) that breaks its rule.
func fieldRules(v any, p problems) {
	rv := reflect.ValueOf(v)
	for rv.Kind() == reflect.Pointer && !rv.IsNil() {
		rv = rv.Elem()
	}
	rules := requestFieldRules[rv.Type()]
	if rv.Kind() != reflect.Struct || rules == nil {
		return
	}
	for i := range rv.NumField() {
		name, _, _ := strings.Cut(rv.Type().Field(i).Tag.Get("json"), ",")
		rule, ok := rules[name]
		if !ok {
			continue
		}
		f := rv.Field(i)
		for f.Kind() == reflect.Pointer && !f.IsNil() {
			f = f.Elem()
		}
		switch f.Kind() {
		case reflect.String:
			rule.check(p, name, f.String())
		case reflect.Slice:
			for j := range f.Len() {
				rule.check(p, fmt.Sprintf("%s.%d", name, j), f.Index(j).String())
			}
		case reflect.Map:
			keys := f.MapKeys()
			sort.Slice(keys, func(a, b int) bool { return keys[a].String() < keys[b].String() })
			for _, k := range keys {
				key := k.String()
				keyProblems := problems{}
				rule.check(keyProblems, name, key)
				for _, reason := range keyProblems {
					p.add(name, fmt.Sprintf("key %+q %s", key, reason))
				}
				rule.check(p, name+"."+key, f.MapIndex(k).String())
			}
		}
	}
}
