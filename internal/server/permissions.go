package server

import (
	"encoding/json"
	"slices"

	"github.com/adminapi/terraform-provider-adminapi/internal/api"
)

// permission names one permission of one group, written "group:name".
type permission struct{ group, name string }

func (p permission) String() string { return p.group + ":" + p.name }

func groupList(p api.Permissions, group string) []string {
	switch group {
	case api.GroupUsers:
		return p.Users
	case api.GroupSettings:
		return p.Settings
	case api.GroupPlatformUsers:
		return p.PlatformUsers
	case api.GroupAccounts:
		return p.Accounts
	}
	return nil
}

func holds(p api.Permissions, perm permission) bool {
	return slices.Contains(groupList(p, perm.group), perm.name)
}

// permissionList answers every permission of p, groups in a fixed order.
func permissionList(p api.Permissions) []permission {
	var out []permission
	for _, g := range []string{api.GroupUsers, api.GroupSettings, api.GroupPlatformUsers, api.GroupAccounts} {
		for _, name := range groupList(p, g) {
			out = append(out, permission{g, name})
		}
	}
	return out
}

// allPermissions is the set the bootstrap admin user gets.
func allPermissions() api.Permissions {
	return api.Permissions{
		Users:         slices.Clone(api.PermissionGroups[api.GroupUsers]),
		Settings:      slices.Clone(api.PermissionGroups[api.GroupSettings]),
		PlatformUsers: slices.Clone(api.PermissionGroups[api.GroupPlatformUsers]),
		Accounts:      slices.Clone(api.PermissionGroups[api.GroupAccounts]),
	}
}

// checkGrant refuses to change the target's permission set into granted
// when the change adds or removes a permission the caller does not hold,
// naming the first such permission in the canonical order.
func checkGrant(caller, target, granted api.Permissions) error {
	for _, perm := range permissionList(allPermissions()) {
		if holds(target, perm) != holds(granted, perm) && !holds(caller, perm) {
			return errForbidden(perm.String())
		}
	}
	return nil
}

// missingFrom answers the permissions of target that holder lacks, in the
// canonical order.
func missingFrom(holder, target api.Permissions) []permission {
	var out []permission
	for _, perm := range permissionList(target) {
		if !holds(holder, perm) {
			out = append(out, perm)
		}
	}
	return out
}

// normalized answers p with every group non-nil.
func normalized(p api.Permissions) api.Permissions {
	return problems{}.permissions(p)
}

func decodePermissions(raw string) (api.Permissions, error) {
	var p api.Permissions
	if err := json.Unmarshal([]byte(raw), &p); err != nil {
		return p, err
	}
	return normalized(p), nil
}
