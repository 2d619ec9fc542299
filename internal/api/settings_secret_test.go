package api

import (
	"slices"
	"testing"
)

func TestIsSecretSetting(t *testing.T) {
	for _, tc := range []struct {
		group, key string
		want       bool
	}{
		{"MACHINES_AND_PLATFORM_SETTINGS", "REGISTER_ADMIN_KEY", true},
		{"API_SETTINGS", "INVITATION_TOKENS", true},
		{"MACHINES_AND_PLATFORM_SETTINGS", "DOMAIN", false},
		{"API_SETTINGS", "REGISTER_ADMIN_KEY", false},
		{"EMAIL_SETTINGS", "EMAIL_ENABLED", false},
	} {
		if got := IsSecretSetting(tc.group, tc.key); got != tc.want {
			t.Errorf("IsSecretSetting(%s, %s) = %v, want %v", tc.group, tc.key, got, tc.want)
		}
	}
}

func TestSecretSettingNames(t *testing.T) {
	want := []string{"API_SETTINGS.INVITATION_TOKENS", "MACHINES_AND_PLATFORM_SETTINGS.REGISTER_ADMIN_KEY"}
	if got := SecretSettingNames(); !slices.Equal(got, want) {
		t.Errorf("SecretSettingNames() = %v, want %v", got, want)
	}
}
