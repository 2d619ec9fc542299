package api

import "slices"

// secretSettings are the settings keys whose values are secrets, by group:
// whoever publishes the settings document (the provider's data source) leaves
// them out.
var secretSettings = map[string][]string{
	// The key of the register service's admin calls.
	"MACHINES_AND_PLATFORM_SETTINGS": {"REGISTER_ADMIN_KEY"},
	// Each invitation token lets its holder register on the platform.
	SettingsGroupAPI: {"INVITATION_TOKENS"},
}

// IsSecretSetting reports whether the value of group.key is a secret.
func IsSecretSetting(group, key string) bool {
	return slices.Contains(secretSettings[group], key)
}

// SecretSettingNames lists the secret keys as "GROUP.KEY", sorted.
func SecretSettingNames() []string {
	var names []string
	for g, keys := range secretSettings {
		for _, k := range keys {
			names = append(names, g+"."+k)
		}
	}
	slices.Sort(names)
	return names
}
