// Package api holds the admin API contract: the OpenAPI document and the wire
// types shared by the reference server and the client.
package api

import (
	"encoding/json"
	"time"
)

// Error ids of the error envelope.
const (
	ErrInvalidRequestStructure = "invalid-request-structure"
	ErrInvalidParametersFormat = "invalid-parameters-format"
	ErrInvalidCredentials      = "invalid-credentials"
	ErrInvalidAccessToken      = "invalid-access-token"
	ErrForbidden               = "forbidden"
	ErrDeletionDisabled        = "deletion-disabled"
	ErrUnknownResource         = "unknown-resource"
	ErrItemAlreadyExists       = "item-already-exists"
	ErrConflict                = "conflict"
	ErrPreconditionFailed      = "precondition-failed"
	ErrIdempotencyKeyReused    = "idempotency-key-reused"
	ErrUnsupportedMediaType    = "unsupported-media-type"
	ErrRequestTooLarge         = "request-too-large"
	ErrTooManyRequests         = "too-many-requests"
	ErrUnexpected              = "unexpected-error"
)

// ErrorEnvelope is the body of every error answer.
type ErrorEnvelope struct {
	Error ErrorBody `json:"error"`
}

// ErrorBody: Data maps each offending field (or settings path) to its reason;
// for 403 forbidden it holds {"permission": "group:name"}.
type ErrorBody struct {
	ID      string            `json:"id"`
	Message string            `json:"message"`
	Data    map[string]string `json:"data,omitempty"`
}

// Authentication.

type LoginRequest struct {
	Username string `json:"username"`
	Password string `json:"password"`
}

// TokenPair answers /auth/login and /auth/refresh.
type TokenPair struct {
	Token        string    `json:"token"`
	RefreshToken string    `json:"refresh_token"`
	ExpiresAt    time.Time `json:"expires_at"`
}

const (
	CallerAdminUser = "admin_user"
	CallerClient    = "client"
)

type Me struct {
	Kind        string      `json:"kind"`
	Name        string      `json:"name"`
	Permissions Permissions `json:"permissions"`
}

// OAuthToken answers POST /oauth/token (RFC 6749 §5.1).
type OAuthToken struct {
	AccessToken string `json:"access_token"`
	TokenType   string `json:"token_type"`
	ExpiresIn   int64  `json:"expires_in"`
	Scope       string `json:"scope,omitempty"`
}

// OAuthError is the RFC 6749 §5.2 error body of POST /oauth/token.
type OAuthError struct {
	Error            string `json:"error"`
	ErrorDescription string `json:"error_description,omitempty"`
}

// Permissions: all four groups are always present on the wire.
type Permissions struct {
	Users         []string `json:"users"`
	Settings      []string `json:"settings"`
	PlatformUsers []string `json:"platformUsers"`
	Accounts      []string `json:"accounts"`
}

// Permission groups and the permissions each allows.
const (
	GroupUsers         = "users"
	GroupSettings      = "settings"
	GroupPlatformUsers = "platformUsers"
	GroupAccounts      = "accounts"
)

var PermissionGroups = map[string][]string{
	GroupUsers:         {"read", "create", "delete", "resetPassword", "changePermissions"},
	GroupSettings:      {"read", "update"},
	GroupPlatformUsers: {"read", "create", "update", "delete"},
	GroupAccounts:      {"read", "create", "update", "delete"},
}

// Paging.
const (
	DefaultLimit = 10
	MaxLimit     = 100
)

type ListMeta struct {
	Total  int `json:"total"`
	Offset int `json:"offset"`
	Limit  int `json:"limit"`
}

// Admin users.

type AdminUser struct {
	Username    string      `json:"username"`
	Permissions Permissions `json:"permissions"`
	CreatedAt   time.Time   `json:"created_at"`
	UpdatedAt   time.Time   `json:"updated_at"`
}

type AdminUserList struct {
	ListMeta
	Users []AdminUser `json:"users"`
}

type CreateAdminUser struct {
	Username    string      `json:"username"`
	Password    string      `json:"password"`
	Permissions Permissions `json:"permissions"`
}

type UpdatePermissions struct {
	Permissions Permissions `json:"permissions"`
}

// ResetPassword is the optional body of POST /users/{username}/reset-password.
type ResetPassword struct {
	Password *string `json:"password,omitempty"`
}

type ResetPasswordResult struct {
	Username string `json:"username"`
	Password string `json:"password"`
}

// Platform settings.

// SettingsDocument maps a group id to its group.
type SettingsDocument map[string]SettingsGroup

type SettingsGroup struct {
	Name        string             `json:"name"`
	Description string             `json:"description"`
	Settings    map[string]Setting `json:"settings"`
}

type Setting struct {
	Value       json.RawMessage `json:"value"`
	Description string          `json:"description"`
}

type SettingsResponse struct {
	Settings SettingsDocument `json:"settings"`
}

// SettingsUpdate is the body of PUT /admin/settings: only the keys named change.
type SettingsUpdate struct {
	Update map[string]SettingsGroupUpdate `json:"update"`
}

type SettingsGroupUpdate struct {
	Settings map[string]SettingValue `json:"settings"`
}

type SettingValue struct {
	Value json.RawMessage `json:"value"`
}

type NotifyRequest struct {
	Services []string `json:"services,omitempty"`
}

type NotifyResult struct {
	Successes []Machine        `json:"successes"`
	Failures  []MachineFailure `json:"failures"`
}

type Machine struct {
	URL  string `json:"url"`
	Role string `json:"role"`
}

type MachineFailure struct {
	URL   string `json:"url"`
	Role  string `json:"role"`
	Error string `json:"error"`
}

// Platform users.

const (
	StatusEnabled  = "enabled"
	StatusDisabled = "disabled"
)

// PlatformUser: Name, Referer and InvitationToken are "" when unset;
// ExternalID is null when unset (it is unique).
type PlatformUser struct {
	Username            string            `json:"username"`
	Email               string            `json:"email"`
	Name                string            `json:"name"`
	Language            string            `json:"language"`
	Tags                []string          `json:"tags"`
	Metadata            map[string]string `json:"metadata"`
	Status              string            `json:"status"`
	Roles               []string          `json:"roles"`
	ExternalID          *string           `json:"external_id"`
	LDAP                bool              `json:"ldap"`
	InvitationToken     string            `json:"invitationToken"`
	Referer             string            `json:"referer"`
	RegisteredTimestamp int64             `json:"registeredTimestamp"`
	RegisteredDate      string            `json:"registeredDate"`
	Server              string            `json:"server"`
	CreatedAt           time.Time         `json:"created_at"`
	UpdatedAt           time.Time         `json:"updated_at"`
}

type PlatformUserList struct {
	ListMeta
	Users []PlatformUser `json:"users"`
}

type CreatePlatformUser struct {
	Username        string            `json:"username"`
	Email           string            `json:"email"`
	Password        *string           `json:"password,omitempty"`
	LDAP            *bool             `json:"ldap,omitempty"`
	Name            *string           `json:"name,omitempty"`
	Language        *string           `json:"language,omitempty"`
	Tags            []string          `json:"tags,omitempty"`
	Metadata        map[string]string `json:"metadata,omitempty"`
	ExternalID      *string           `json:"external_id,omitempty"`
	Referer         *string           `json:"referer,omitempty"`
	InvitationToken *string           `json:"invitationToken,omitempty"`
	Status          *string           `json:"status,omitempty"`
}

// UpdatePlatformUser: a field sent replaces that field whole; an empty
// external_id or name clears it.
type UpdatePlatformUser struct {
	Email      *string            `json:"email,omitempty"`
	Name       *string            `json:"name,omitempty"`
	Language   *string            `json:"language,omitempty"`
	Tags       *[]string          `json:"tags,omitempty"`
	Metadata   *map[string]string `json:"metadata,omitempty"`
	ExternalID *string            `json:"external_id,omitempty"`
}

type SetPassword struct {
	Password string `json:"password"`
}

// PlatformUserFilter holds the exact-match filters of GET /platform-users.
type PlatformUserFilter struct {
	Email      string
	Name       string
	Status     string
	Tag        string
	Role       string
	ExternalID string
}

// Roles.

type Role struct {
	Name        string    `json:"name"`
	Description string    `json:"description"`
	CreatedAt   time.Time `json:"created_at"`
}

type RoleList struct {
	ListMeta
	Roles []Role `json:"roles"`
}

type CreateRole struct {
	Name        string  `json:"name"`
	Description *string `json:"description,omitempty"`
}

type UpdateRole struct {
	Description string `json:"description"`
}

type RoleAssignment struct {
	Username string `json:"username"`
	Role     string `json:"role"`
}

// Accounts.

// Account: Created and Updated are Unix milliseconds, as in OISP.
type Account struct {
	ID                   string            `json:"id"`
	Name                 string            `json:"name"`
	HealthTimePeriod     int64             `json:"healthTimePeriod"`
	ExecInterval         int64             `json:"exec_interval"`
	BaseLineExecInterval int64             `json:"base_line_exec_interval"`
	CDModelFrequency     int64             `json:"cd_model_frequency"`
	CDExecutionFrequency int64             `json:"cd_execution_frequency"`
	DataRetention        int64             `json:"data_retention"`
	Attributes           map[string]string `json:"attributes"`
	Created              int64             `json:"created"`
	Updated              int64             `json:"updated"`
}

// Account defaults filled in on create and on a PUT that omits the field.
const (
	DefaultHealthTimePeriod     int64 = 86400
	DefaultExecInterval         int64 = 300
	DefaultBaseLineExecInterval int64 = 86400
	DefaultCDModelFrequency     int64 = 604800
	DefaultCDExecutionFrequency int64 = 600
	DefaultDataRetention        int64 = 0
)

type AccountList struct {
	ListMeta
	Accounts []Account `json:"accounts"`
}

// AccountInput is the body of POST /accounts and PUT /accounts/{id}.
type AccountInput struct {
	Name                 string            `json:"name"`
	HealthTimePeriod     *int64            `json:"healthTimePeriod,omitempty"`
	ExecInterval         *int64            `json:"exec_interval,omitempty"`
	BaseLineExecInterval *int64            `json:"base_line_exec_interval,omitempty"`
	CDModelFrequency     *int64            `json:"cd_model_frequency,omitempty"`
	CDExecutionFrequency *int64            `json:"cd_execution_frequency,omitempty"`
	DataRetention        *int64            `json:"data_retention,omitempty"`
	Attributes           map[string]string `json:"attributes,omitempty"`
}

// ActivationCode: TimeLeft (expiry, Unix seconds) and SecondsLeft are null once expired.
type ActivationCode struct {
	ActivationCode string `json:"activationCode"`
	TimeLeft       *int64 `json:"timeLeft"`
	SecondsLeft    *int64 `json:"secondsLeft"`
}

const (
	MemberRoleUser  = "user"
	MemberRoleAdmin = "admin"
)

type AccountMember struct {
	Username string `json:"username"`
	Role     string `json:"role"`
}

type AccountMemberList struct {
	ListMeta
	Users []AccountMember `json:"users"`
}

type SetMemberRole struct {
	Role string `json:"role"`
}
