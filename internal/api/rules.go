package api

import (
	"errors"
	"regexp"
	"strings"
)

// Validation rules of the contract, shared by the server's checks and the
// provider's plan-time validators so that both say the same.
var (
	AdminUsernamePattern    = regexp.MustCompile(`^[a-z0-9][a-z0-9._-]{2,63}$`)
	PlatformUsernamePattern = regexp.MustCompile(`^[a-z0-9][a-z0-9-]{3,58}[a-z0-9]$`)
	RoleNamePattern         = regexp.MustCompile(`^[a-z0-9][a-z0-9_-]{0,62}$`)
	ActivationCodePattern   = regexp.MustCompile(`^[A-Za-z0-9]{8}$`)
)

const (
	AdminPasswordMin = 8
	AdminPasswordMax = 256

	PlatformPasswordMin = 6
	PlatformPasswordMax = 99
	EmailMax            = 300
	LanguageMax         = 5
	DefaultLanguage     = "en"
	NameMax             = 254
	TagsMax             = 32
	TagMin              = 1
	TagMax              = 64
	MetadataKeysMax     = 100
	MetadataValueMax    = 1024
	ExternalIDMax       = 255

	RefererMax         = 256
	InvitationTokenMax = 256
	NotifyServiceMax   = 256

	RoleDescriptionMax = 1024

	AccountNameMin       = 1
	AccountNameMax       = 255
	AttributesMax        = 100
	AttributeKeyMin      = 1
	AttributeKeyMax      = 1024
	AttributeValueMin    = 1
	AttributeValueMax    = 1024
	ActivationCodeMinute = 60

	MaxBodyBytes = 1 << 20

	// SettingValueDepthMax is how deep a settings value may nest objects
	// and arrays: [] is one level, [[]] two.
	SettingValueDepthMax = 32
	// SettingValueBytesMax bounds a settings value's compact JSON encoding.
	SettingValueBytesMax = 64 << 10
)

// Settings the API itself depends on.
const (
	SettingsGroupAPI       = "API_SETTINGS"
	SettingAccountDeletion = "ACCOUNT_DELETION"
	// AccountDeletionAdminToken must be in API_SETTINGS.ACCOUNT_DELETION for
	// DELETE /platform-users/{username} to be allowed.
	AccountDeletionAdminToken = "adminToken"
)

// TextPattern is the document's pattern (ECMA-262 syntax) for names,
// usernames, tags and metadata keys and values: no control character
// (U+0000 to U+001F, U+007F) and no bidirectional override or isolate
// (U+202A to U+202E, U+2066 to U+2069). TextRegexp is it in Go syntax.
const TextPattern = `^[^\x00-\x1F\x7F\u202A-\u202E\u2066-\u2069]*$`

var TextRegexp = regexp.MustCompile(strings.NewReplacer(`\u202A`, `\x{202A}`, `\u202E`, `\x{202E}`,
	`\u2066`, `\x{2066}`, `\u2069`, `\x{2069}`).Replace(TextPattern))

// ErrTextControl is ValidText's answer for a string that breaks TextPattern.
var ErrTextControl = errors.New("must not hold control characters (U+0000 to U+001F, U+007F) " +
	"or bidirectional overrides (U+202A to U+202E, U+2066 to U+2069)")

// ValidText answers ErrTextControl when s holds a character that
// TextPattern refuses, or nil. The server and the provider both use it.
func ValidText(s string) error {
	for _, r := range s {
		if r < 0x20 || r == 0x7F || (r >= 0x202A && r <= 0x202E) || (r >= 0x2066 && r <= 0x2069) {
			return ErrTextControl
		}
	}
	return nil
}

// The form fields of POST /oauth/token, at most.
const (
	OAuthClientIDMax     = 256
	OAuthClientSecretMax = 256
	OAuthScopeMax        = 1024
)
