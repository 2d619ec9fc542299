package api

import "regexp"

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
)

// Settings the API itself depends on.
const (
	SettingsGroupAPI       = "API_SETTINGS"
	SettingAccountDeletion = "ACCOUNT_DELETION"
	// AccountDeletionAdminToken must be in API_SETTINGS.ACCOUNT_DELETION for
	// DELETE /platform-users/{username} to be allowed.
	AccountDeletionAdminToken = "adminToken"
)
