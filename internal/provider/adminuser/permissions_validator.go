package adminuser

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/adminapi/terraform-provider-adminapi/internal/api"
)

// permissionsValidator checks the `permissions` map at plan time: every key
// is a group (users, settings, platform_users, accounts) and every value a
// set of that group's permissions. A map, unlike an object, keeps the keys
// it was written with, so that a misspelt group (the API's platformUsers)
// is refused instead of dropped.
type permissionsValidator struct{}

var _ validator.Map = permissionsValidator{}

func (permissionsValidator) Description(context.Context) string {
	return "keys are " + adminPermissionKeys() + ", each a set of that group's permissions"
}

func (v permissionsValidator) MarkdownDescription(ctx context.Context) string {
	return v.Description(ctx)
}

func (permissionsValidator) ValidateMap(_ context.Context, req validator.MapRequest, resp *validator.MapResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	elems := req.ConfigValue.Elements()
	keys := make([]string, 0, len(elems))
	for k := range elems {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	for _, key := range keys {
		at := req.Path.AtMapKey(key)
		i := slices.IndexFunc(adminPermissionGroups, func(g struct{ attr, group string }) bool { return g.attr == key })
		if i < 0 {
			resp.Diagnostics.AddAttributeError(at, "Unknown permission group",
				fmt.Sprintf("Attribute %s has no group %q: the groups are %s.%s", req.Path, key, adminPermissionKeys(), spellingHint(key)))
			continue
		}
		group := adminPermissionGroups[i]
		set, ok := elems[key].(types.Set)
		switch {
		case !ok || set.IsUnknown():
			continue
		case set.IsNull():
			resp.Diagnostics.AddAttributeError(at, "Null permission group",
				fmt.Sprintf("Attribute %s is null: write %s = [] for no permission of the group, or leave it out.", at, key))
			continue
		}
		allowed := api.PermissionGroups[group.group]
		for _, e := range set.Elements() {
			s, ok := e.(types.String)
			if !ok || s.IsUnknown() {
				continue
			}
			if s.IsNull() || !slices.Contains(allowed, s.ValueString()) {
				resp.Diagnostics.AddAttributeError(at, "Invalid permission",
					fmt.Sprintf("Attribute %s value must be one of the permissions of the group %s: %q; got: %s",
						at, key, allowed, s))
			}
		}
	}
}

// adminPermissionKeys is the keys of `permissions`, for messages and docs.
func adminPermissionKeys() string {
	keys := make([]string, len(adminPermissionGroups))
	for i, g := range adminPermissionGroups {
		keys[i] = g.attr
	}
	return strings.Join(keys, ", ")
}

// spellingHint points out the key meant by an unknown key written the API's
// way (platformUsers) or in another case or separator (Platform-Users).
func spellingHint(key string) string {
	norm := func(s string) string {
		return strings.NewReplacer("_", "", "-", "", " ", "").Replace(strings.ToLower(s))
	}
	for _, g := range adminPermissionGroups {
		switch {
		case key == g.group:
			return fmt.Sprintf(" %q is the API's spelling: write %s.", key, g.attr)
		case norm(key) == norm(g.attr):
			return fmt.Sprintf(" Did you mean %s?", g.attr)
		}
	}
	return ""
}

// adminPermissionGroupsDoc lists the groups with their permissions, for
// the schema's descriptions: "`users` (any of `read`, `create`), …".
func adminPermissionGroupsDoc() string {
	parts := make([]string, len(adminPermissionGroups))
	for i, g := range adminPermissionGroups {
		parts[i] = fmt.Sprintf("`%s` (API group `%s`: any of `%s`)", g.attr, g.group, strings.Join(api.PermissionGroups[g.group], "`, `"))
	}
	return strings.Join(parts, ", ")
}
