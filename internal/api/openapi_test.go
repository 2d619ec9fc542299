package api

import (
	"bytes"
	"encoding/json"
	"go/ast"
	"go/parser"
	"go/token"
	"maps"
	"net/http"
	"net/http/httptest"
	"net/url"
	"reflect"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/openapi3filter"
	"github.com/getkin/kin-openapi/routers/gorillamux"
)

const (
	schemaPrefix  = "#/components/schemas/"
	oauthErrorRef = schemaPrefix + "OAuthError"
	anyValueRef   = schemaPrefix + "AnyValue"
)

// errorSchemas maps each status's error schema to the ids it allows, as the
// table of admin-api.md pairs them; deletion-disabled only in the 403 of
// DELETE /platform-users/{username}.
var errorSchemas = map[string][]string{
	"BadRequestError":           {ErrInvalidRequestStructure, ErrInvalidParametersFormat},
	"UnauthorizedError":         {ErrInvalidCredentials, ErrInvalidAccessToken},
	"ForbiddenError":            {ErrForbidden},
	"DeletionForbiddenError":    {ErrForbidden, ErrDeletionDisabled},
	"NotFoundError":             {ErrUnknownResource},
	"ConflictError":             {ErrItemAlreadyExists, ErrConflict},
	"PreconditionFailedError":   {ErrPreconditionFailed},
	"UnprocessableContentError": {ErrIdempotencyKeyReused},
	"PayloadTooLargeError":      {ErrRequestTooLarge},
	"UnsupportedMediaTypeError": {ErrUnsupportedMediaType},
	"TooManyRequestsError":      {ErrTooManyRequests},
	"InternalServerError":       {ErrUnexpected},
}

// errorSchemaOf answers the error schema an operation's error status must use.
func errorSchemaOf(key string, status int) string {
	if key == "DELETE /platform-users/{username}" && status == http.StatusForbidden {
		return "DeletionForbiddenError"
	}
	return map[int]string{
		400: "BadRequestError", 401: "UnauthorizedError", 403: "ForbiddenError", 404: "NotFoundError",
		409: "ConflictError", 412: "PreconditionFailedError", 413: "PayloadTooLargeError", 415: "UnsupportedMediaTypeError",
		422: "UnprocessableContentError", 429: "TooManyRequestsError", 500: "InternalServerError",
	}[status]
}

// inputSchemas are request-side schemas of a wire type whose fields a
// request may each leave out.
var inputSchemas = map[string]reflect.Type{
	"PermissionsInput": reflect.TypeFor[Permissions](),
}

func loadDoc(t *testing.T) *openapi3.T {
	t.Helper()
	doc, err := LoadOpenAPI()
	if err != nil {
		t.Fatal(err)
	}
	return doc
}

func component(t *testing.T, doc *openapi3.T, name string) *openapi3.Schema {
	t.Helper()
	ref, ok := doc.Components.Schemas[name]
	if !ok || ref.Value == nil {
		t.Fatalf("no component schema %q", name)
	}
	return ref.Value
}

// visit validates v, as encoding/json writes it, against s.
func visit(s *openapi3.Schema, v any) error {
	b, err := json.Marshal(v)
	if err != nil {
		return err
	}
	return visitRaw(s, string(b))
}

func visitRaw(s *openapi3.Schema, raw string) error {
	var decoded any
	if err := json.Unmarshal([]byte(raw), &decoded); err != nil {
		return err
	}
	return s.VisitJSON(decoded)
}

func ptr[T any](v T) *T { return &v }

func TestLoadOpenAPI(t *testing.T) {
	doc := loadDoc(t)
	if doc.OpenAPI != "3.0.3" {
		t.Errorf("openapi = %q, want 3.0.3", doc.OpenAPI)
	}
	if len(OpenAPIYAML) == 0 {
		t.Error("OpenAPIYAML is empty")
	}
}

// Example values of the wire types, fully populated and with the nullable
// fields null.

var (
	t0 = time.Date(2025, 3, 1, 12, 0, 0, 0, time.UTC)
	t1 = t0.Add(90 * time.Minute)

	allPermissions = Permissions{
		Users:         PermissionGroups[GroupUsers],
		Settings:      PermissionGroups[GroupSettings],
		PlatformUsers: PermissionGroups[GroupPlatformUsers],
		Accounts:      PermissionGroups[GroupAccounts],
	}
	noPermissions = Permissions{Users: []string{}, Settings: []string{}, PlatformUsers: []string{}, Accounts: []string{}}

	exampleAdmin = AdminUser{Username: "ops.admin_1", Permissions: allPermissions, CreatedAt: t0, UpdatedAt: t1}

	examplePlatformUser = PlatformUser{
		Username: "alice-01", Email: "alice@example.com", Name: "Alice Martin", Language: "fr",
		Tags: []string{"beta", "staff"}, Metadata: map[string]string{"team": "core", "floor": "3"},
		Status: StatusEnabled, Roles: []string{"analyst", "auditor"}, ExternalID: ptr("S-1-5-21-1004"),
		InvitationToken: "enjoy", Referer: "partner-a", RegisteredTimestamp: 1740830400,
		RegisteredDate: "Sat Mar 01 2025 12:00:00 GMT+0000", Server: "https://core1.example.com/",
		CreatedAt: t0, UpdatedAt: t1,
	}
	bareLDAPUser = PlatformUser{
		Username: "bob-ldap", Email: "bob@example.com", Language: DefaultLanguage,
		Tags: []string{}, Metadata: map[string]string{}, Status: StatusDisabled, Roles: []string{},
		LDAP: true, RegisteredTimestamp: 1740830400, RegisteredDate: "Sat Mar 01 2025 12:00:00 GMT+0000",
		Server: "https://core1.example.com/", CreatedAt: t0, UpdatedAt: t0,
	}

	exampleRole = Role{Name: "analyst", Description: "Reads the dashboards.", CreatedAt: t0}

	exampleAccount = Account{
		ID: "9b2f7c1e-4d3a-4c6b-8e5f-1a2b3c4d5e6f", Name: "Factory North",
		HealthTimePeriod: DefaultHealthTimePeriod, ExecInterval: DefaultExecInterval,
		BaseLineExecInterval: DefaultBaseLineExecInterval, CDModelFrequency: DefaultCDModelFrequency,
		CDExecutionFrequency: DefaultCDExecutionFrequency, DataRetention: 30,
		Attributes: map[string]string{"site": "north", "line": "2"},
		Created:    t0.UnixMilli(), Updated: t1.UnixMilli(),
	}

	exampleSettings = SettingsDocument{
		SettingsGroupAPI: {Name: "API settings", Description: "How the API behaves.", Settings: map[string]Setting{
			SettingAccountDeletion: {Value: json.RawMessage(`["adminToken","personalToken"]`), Description: "Who may delete platform users."},
		}},
		"MACHINES_AND_PLATFORM_SETTINGS": {Name: "Machines", Description: "Platform machines.", Settings: map[string]Setting{
			"DOMAIN":             {Value: json.RawMessage(`"example.com"`), Description: "Platform domain."},
			"REGISTER_ADMIN_KEY": {Value: json.RawMessage(`"s3cr3t"`), Description: "Register admin key."},
		}},
		"EMAIL_SETTINGS": {Name: "E-mail", Description: "Outgoing e-mail.", Settings: map[string]Setting{
			"EMAIL_ENABLED": {Value: json.RawMessage(`true`), Description: "Send e-mails."},
			"SMTP_HOST":     {Value: nil, Description: "Unset: no value yet."},
		}},
		"TOKEN_SETTINGS": {Name: "Tokens", Description: "Token lifetimes.", Settings: map[string]Setting{
			"ACCESS_TOKEN_TTL_SECONDS": {Value: json.RawMessage(`3600`), Description: "Access token lifetime."},
			"LIMITS":                   {Value: json.RawMessage(`{"burst": 10}`), Description: "An object value."},
		}},
	}
)

// wireExamples maps a component schema to values of its Go type that the
// schema must accept.
func wireExamples() map[string][]any {
	meta := ListMeta{Total: 41, Offset: 40, Limit: 10}
	empty := ListMeta{Total: 0, Offset: 0, Limit: DefaultLimit}
	return map[string][]any{
		"ErrorEnvelope": {
			ErrorEnvelope{Error: ErrorBody{ID: ErrForbidden, Message: "Missing permission.", Data: map[string]string{"permission": "users:create"}}},
			ErrorEnvelope{Error: ErrorBody{ID: ErrUnknownResource, Message: "No such user."}},
		},
		"ErrorBody":    {ErrorBody{ID: ErrInvalidParametersFormat, Message: "Bad fields.", Data: map[string]string{"email": "must be a valid e-mail address"}}},
		"LoginRequest": {LoginRequest{Username: "admin", Password: "correct horse"}},
		"TokenPair":    {TokenPair{Token: "eyJ.a.b", RefreshToken: "eyJ.c.d", ExpiresAt: t1}},
		"Me": {
			Me{Kind: CallerAdminUser, Name: "admin", Permissions: allPermissions},
			Me{Kind: CallerClient, Name: "ci-pipeline", Permissions: noPermissions},
		},
		"OAuthToken": {
			OAuthToken{AccessToken: "eyJ.e.f", TokenType: "Bearer", ExpiresIn: 3600, Scope: "users:read"},
			OAuthToken{AccessToken: "eyJ.e.f", TokenType: "Bearer", ExpiresIn: 3600},
		},
		"OAuthError": {
			OAuthError{Error: "invalid_client", ErrorDescription: "Client authentication failed."},
			OAuthError{Error: "unsupported_grant_type"},
		},
		"Permissions":       {allPermissions, noPermissions},
		"ListMeta":          {meta, empty},
		"AdminUser":         {exampleAdmin, AdminUser{Username: "viewer", Permissions: noPermissions, CreatedAt: t0, UpdatedAt: t0}},
		"AdminUserList":     {AdminUserList{ListMeta: meta, Users: []AdminUser{exampleAdmin}}, AdminUserList{ListMeta: empty, Users: []AdminUser{}}},
		"CreateAdminUser":   {CreateAdminUser{Username: "ops.admin_1", Password: "longenough", Permissions: allPermissions}},
		"UpdatePermissions": {UpdatePermissions{Permissions: noPermissions}},
		"ResetPassword":     {ResetPassword{Password: ptr("newpassword")}, ResetPassword{}},
		"ResetPasswordResult": {
			ResetPasswordResult{Username: "viewer", Password: "Xq7vR2mK9pL4wZ8n"},
		},
		"SettingsDocument": {exampleSettings, SettingsDocument{}},
		"SettingsGroup":    {exampleSettings[SettingsGroupAPI]},
		"Setting": {
			Setting{Value: json.RawMessage(`["adminToken"]`), Description: "Who may delete."},
			Setting{Value: nil, Description: "A null value."},
		},
		"SettingsResponse": {SettingsResponse{Settings: exampleSettings}},
		"SettingsUpdate": {SettingsUpdate{Update: map[string]SettingsGroupUpdate{
			SettingsGroupAPI: {Settings: map[string]SettingValue{SettingAccountDeletion: {Value: json.RawMessage(`["adminToken"]`)}}},
			"EMAIL_SETTINGS": {Settings: map[string]SettingValue{"EMAIL_ENABLED": {Value: json.RawMessage(`false`)}}},
		}}},
		"SettingsGroupUpdate": {SettingsGroupUpdate{Settings: map[string]SettingValue{"DOMAIN": {Value: json.RawMessage(`"example.org"`)}}}},
		"SettingValue":        {SettingValue{Value: json.RawMessage(`42`)}, SettingValue{Value: nil}},
		"NotifyRequest":       {NotifyRequest{Services: []string{"register", "core"}}, NotifyRequest{}},
		"NotifyResult": {
			NotifyResult{
				Successes: []Machine{{URL: "https://reg.example.com", Role: "reg-master"}},
				Failures:  []MachineFailure{{URL: "https://core2.example.com", Role: "core", Error: "timeout after 5s"}},
			},
			NotifyResult{Successes: []Machine{}, Failures: []MachineFailure{}},
		},
		"Machine":          {Machine{URL: "https://reg.example.com", Role: "reg-master"}},
		"MachineFailure":   {MachineFailure{URL: "https://core2.example.com", Role: "core", Error: "503 Service Unavailable"}},
		"PlatformUser":     {examplePlatformUser, bareLDAPUser},
		"PlatformUserList": {PlatformUserList{ListMeta: meta, Users: []PlatformUser{examplePlatformUser, bareLDAPUser}}},
		"CreatePlatformUser": {
			CreatePlatformUser{
				Username: "alice-01", Email: "alice@example.com", Password: ptr("secret1"), LDAP: ptr(false),
				Name: ptr("Alice Martin"), Language: ptr("fr"), Tags: []string{"staff", "beta", "beta"},
				Metadata: map[string]string{"team": "core"}, ExternalID: ptr("S-1-5-21-1004"),
				Referer: ptr("partner-a"), InvitationToken: ptr("enjoy"), Status: ptr(StatusDisabled),
			},
			CreatePlatformUser{Username: "bob-ldap", Email: "bob@example.com", LDAP: ptr(true)},
			CreatePlatformUser{Username: "carol", Email: "carol@example.com", Password: ptr("secret1")},
		},
		"UpdatePlatformUser": {
			UpdatePlatformUser{
				Email: ptr("alice@example.org"), Name: ptr("Alice M."), Language: ptr("en-GB"),
				Tags: &[]string{"staff"}, Metadata: &map[string]string{}, ExternalID: ptr("S-1-5-21-2000"),
			},
			UpdatePlatformUser{Name: ptr(""), ExternalID: ptr("")},
			UpdatePlatformUser{},
		},
		"SetPassword":       {SetPassword{Password: "secret1"}},
		"Role":              {exampleRole, Role{Name: "r", Description: "", CreatedAt: t0}},
		"RoleList":          {RoleList{ListMeta: meta, Roles: []Role{exampleRole}}},
		"CreateRole":        {CreateRole{Name: "data_owner-2", Description: ptr("Owns data.")}, CreateRole{Name: "x"}},
		"UpdateRole":        {UpdateRole{Description: "Reads everything."}},
		"RoleAssignment":    {RoleAssignment{Username: "alice-01", Role: "analyst"}},
		"Account":           {exampleAccount, Account{ID: "00000000-0000-4000-8000-000000000000", Name: "x", Attributes: map[string]string{}}},
		"AccountList":       {AccountList{ListMeta: meta, Accounts: []Account{exampleAccount}}},
		"AccountMember":     {AccountMember{Username: "alice-01", Role: MemberRoleAdmin}, AccountMember{Username: "carol", Role: MemberRoleUser}},
		"AccountMemberList": {AccountMemberList{ListMeta: empty, Users: []AccountMember{}}},
		"SetMemberRole":     {SetMemberRole{Role: MemberRoleUser}},
		"AccountInput": {
			AccountInput{
				Name: "Factory North", HealthTimePeriod: ptr(int64(3600)), ExecInterval: ptr(int64(60)),
				BaseLineExecInterval: ptr(int64(0)), CDModelFrequency: ptr(int64(1)), CDExecutionFrequency: ptr(int64(2)),
				DataRetention: ptr(int64(90)), Attributes: map[string]string{"site": "north"},
			},
			AccountInput{Name: "x"},
		},
		"ActivationCode": {
			ActivationCode{ActivationCode: "aB3dE5gH", TimeLeft: ptr(t1.Unix()), SecondsLeft: ptr(int64(3599))},
			ActivationCode{ActivationCode: "aB3dE5gH"},
		},
	}
}

// wireTypes maps each component schema that mirrors a Go wire type to it.
var wireTypes = map[string]reflect.Type{
	"ErrorEnvelope":       reflect.TypeFor[ErrorEnvelope](),
	"ErrorBody":           reflect.TypeFor[ErrorBody](),
	"LoginRequest":        reflect.TypeFor[LoginRequest](),
	"TokenPair":           reflect.TypeFor[TokenPair](),
	"Me":                  reflect.TypeFor[Me](),
	"OAuthToken":          reflect.TypeFor[OAuthToken](),
	"OAuthError":          reflect.TypeFor[OAuthError](),
	"Permissions":         reflect.TypeFor[Permissions](),
	"ListMeta":            reflect.TypeFor[ListMeta](),
	"AdminUser":           reflect.TypeFor[AdminUser](),
	"AdminUserList":       reflect.TypeFor[AdminUserList](),
	"CreateAdminUser":     reflect.TypeFor[CreateAdminUser](),
	"UpdatePermissions":   reflect.TypeFor[UpdatePermissions](),
	"ResetPassword":       reflect.TypeFor[ResetPassword](),
	"ResetPasswordResult": reflect.TypeFor[ResetPasswordResult](),
	"SettingsDocument":    reflect.TypeFor[SettingsDocument](),
	"SettingsGroup":       reflect.TypeFor[SettingsGroup](),
	"Setting":             reflect.TypeFor[Setting](),
	"SettingsResponse":    reflect.TypeFor[SettingsResponse](),
	"SettingsUpdate":      reflect.TypeFor[SettingsUpdate](),
	"SettingsGroupUpdate": reflect.TypeFor[SettingsGroupUpdate](),
	"SettingValue":        reflect.TypeFor[SettingValue](),
	"NotifyRequest":       reflect.TypeFor[NotifyRequest](),
	"NotifyResult":        reflect.TypeFor[NotifyResult](),
	"Machine":             reflect.TypeFor[Machine](),
	"MachineFailure":      reflect.TypeFor[MachineFailure](),
	"PlatformUser":        reflect.TypeFor[PlatformUser](),
	"PlatformUserList":    reflect.TypeFor[PlatformUserList](),
	"CreatePlatformUser":  reflect.TypeFor[CreatePlatformUser](),
	"UpdatePlatformUser":  reflect.TypeFor[UpdatePlatformUser](),
	"SetPassword":         reflect.TypeFor[SetPassword](),
	"Role":                reflect.TypeFor[Role](),
	"RoleList":            reflect.TypeFor[RoleList](),
	"CreateRole":          reflect.TypeFor[CreateRole](),
	"UpdateRole":          reflect.TypeFor[UpdateRole](),
	"RoleAssignment":      reflect.TypeFor[RoleAssignment](),
	"Account":             reflect.TypeFor[Account](),
	"AccountList":         reflect.TypeFor[AccountList](),
	"AccountInput":        reflect.TypeFor[AccountInput](),
	"ActivationCode":      reflect.TypeFor[ActivationCode](),
	"AccountMember":       reflect.TypeFor[AccountMember](),
	"AccountMemberList":   reflect.TypeFor[AccountMemberList](),
	"SetMemberRole":       reflect.TypeFor[SetMemberRole](),
}

// valueSchemas are the components that describe a single value reused by
// the wire schemas, or a body without Go type.
var valueSchemas = []string{
	"Timestamp", "AdminUsername", "AdminPassword", "PlatformUsername", "PlatformPassword",
	"Email", "Language", "PersonName", "ExternalID", "Tag", "Metadata", "UserStatus",
	"RoleName", "RoleDescription", "MemberRole", "Attributes", "AccountNumber", "OAuthTokenRequest",
	"ListTotal", "ListOffset", "ListLimit", "AnyValue",
}

func TestEveryComponentSchemaIsCovered(t *testing.T) {
	doc := loadDoc(t)
	for name := range doc.Components.Schemas {
		_, wire := wireTypes[name]
		_, errorSchema := errorSchemas[name]
		_, input := inputSchemas[name]
		if !wire && !errorSchema && !input && !slices.Contains(valueSchemas, name) {
			t.Errorf("component schema %q is neither a wire type nor a known value schema", name)
		}
	}
	examples := wireExamples()
	for name := range wireTypes {
		if _, ok := doc.Components.Schemas[name]; !ok {
			t.Errorf("wire type %s has no component schema", name)
		}
		if len(examples[name]) == 0 {
			t.Errorf("wire type %s has no example", name)
		}
	}
}

func TestWireExamplesValidate(t *testing.T) {
	doc := loadDoc(t)
	for name, values := range wireExamples() {
		s := component(t, doc, name)
		for i, v := range values {
			if got, want := reflect.TypeOf(v), wireTypes[name]; got != want {
				t.Errorf("%s example %d is a %v, want %v", name, i, got, want)
			}
			if err := visit(s, v); err != nil {
				b, _ := json.Marshal(v)
				t.Errorf("%s example %d %s: %v", name, i, b, err)
			}
		}
	}
}

type goField struct {
	typ       reflect.Type
	omitempty bool
}

func jsonFields(t reflect.Type) map[string]goField {
	fields := map[string]goField{}
	for i := range t.NumField() {
		f := t.Field(i)
		if f.Anonymous {
			maps.Copy(fields, jsonFields(f.Type))
			continue
		}
		name, opts, _ := strings.Cut(f.Tag.Get("json"), ",")
		if !f.IsExported() || name == "-" {
			continue
		}
		if name == "" {
			name = f.Name
		}
		fields[name] = goField{typ: f.Type, omitempty: slices.Contains(strings.Split(opts, ","), "omitempty")}
	}
	return fields
}

type schemaFields struct {
	props    map[string]*openapi3.SchemaRef
	required map[string]bool
	closed   bool
}

// collectFields merges the properties and required names of s and its allOf
// members; a `{}` placeholder does not hide a member's real property schema.
func collectFields(s *openapi3.Schema, into *schemaFields) {
	for _, member := range s.AllOf {
		collectFields(member.Value, into)
	}
	for _, name := range s.Required {
		into.required[name] = true
	}
	for name, p := range s.Properties {
		if prev, ok := into.props[name]; ok && p.Value.IsEmpty() && !prev.Value.IsEmpty() {
			continue
		}
		into.props[name] = p
	}
	if has := s.AdditionalProperties.Has; has != nil && !*has {
		into.closed = true
	}
}

var (
	timeType = reflect.TypeFor[time.Time]()
	rawType  = reflect.TypeFor[json.RawMessage]()
)

// checkGoType reports how the schema ref disagrees with Go type typ.
func checkGoType(ref *openapi3.SchemaRef, typ reflect.Type) []string {
	if typ.Kind() == reflect.Pointer {
		typ = typ.Elem()
	}
	s := ref.Value
	var problems []string
	want := ""
	switch typ {
	case rawType:
		if ref.Ref != anyValueRef {
			problems = append(problems, "any JSON value must refer to "+anyValueRef)
		}
		return problems
	case timeType:
		want = openapi3.TypeString
		if s.Format != "date-time" {
			problems = append(problems, "time.Time needs format date-time")
		}
	default:
		switch typ.Kind() {
		case reflect.String:
			want = openapi3.TypeString
		case reflect.Int, reflect.Int64:
			want = openapi3.TypeInteger
		case reflect.Bool:
			want = openapi3.TypeBoolean
		case reflect.Slice:
			want = openapi3.TypeArray
			if s.Items == nil {
				problems = append(problems, "array without items")
			} else {
				problems = append(problems, checkGoType(s.Items, typ.Elem())...)
			}
		case reflect.Map:
			want = openapi3.TypeObject
			if s.AdditionalProperties.Schema == nil {
				problems = append(problems, "map without additionalProperties schema")
			} else {
				problems = append(problems, checkGoType(s.AdditionalProperties.Schema, typ.Elem())...)
			}
		case reflect.Struct:
			want = openapi3.TypeObject
			if !strings.HasSuffix(ref.Ref, "/"+typ.Name()) && !strings.HasSuffix(ref.Ref, "/"+typ.Name()+"Input") {
				problems = append(problems, "struct "+typ.Name()+" is referred to as "+strconv.Quote(ref.Ref))
			}
		default:
			problems = append(problems, "unexpected Go kind "+typ.Kind().String())
		}
	}
	if !s.Type.Is(want) {
		problems = append(problems, "type "+strings.Join(s.Type.Slice(), ",")+", want "+want)
	}
	return problems
}

func TestSchemasMirrorGoTypes(t *testing.T) {
	doc := loadDoc(t)
	for name, typ := range mirroredSchemas() {
		_, input := inputSchemas[name]
		s := component(t, doc, name)
		if typ.Kind() != reflect.Struct {
			for _, p := range checkGoType(&openapi3.SchemaRef{Value: s}, typ) {
				t.Errorf("%s: %s", name, p)
			}
			continue
		}
		got := schemaFields{props: map[string]*openapi3.SchemaRef{}, required: map[string]bool{}}
		collectFields(s, &got)
		if !got.closed && name != "ListMeta" { // ListMeta is the lists' allOf member; each list closes itself.
			t.Errorf("%s: additionalProperties must be false", name)
		}
		fields := jsonFields(typ)
		for prop := range got.props {
			if _, ok := fields[prop]; !ok {
				t.Errorf("%s.%s is in the document but not in the Go type", name, prop)
			}
		}
		for field, f := range fields {
			p, ok := got.props[field]
			if !ok {
				t.Errorf("%s.%s is in the Go type but not in the document", name, field)
				continue
			}
			if wantRequired := !f.omitempty && !input; got.required[field] != wantRequired {
				t.Errorf("%s.%s: required=%v, want %v (omitempty=%v)", name, field, got.required[field], wantRequired, f.omitempty)
			}
			wantNullable := f.typ == rawType || (f.typ.Kind() == reflect.Pointer && !f.omitempty)
			if nullable := p.Value.VisitJSON(nil) == nil; nullable != wantNullable {
				t.Errorf("%s.%s: accepts null=%v, want %v", name, field, nullable, wantNullable)
			}
			for _, problem := range checkGoType(p, f.typ) {
				t.Errorf("%s.%s: %s", name, field, problem)
			}
		}
	}
}

// mirroredSchemas: the wire types' schemas and the input schemas, by name.
func mirroredSchemas() map[string]reflect.Type {
	out := maps.Clone(wireTypes)
	maps.Copy(out, inputSchemas)
	return out
}

// constStrings reads the string constants of types.go whose names start with prefix.
func constStrings(t *testing.T, prefix string) []string {
	t.Helper()
	f, err := parser.ParseFile(token.NewFileSet(), "types.go", nil, parser.SkipObjectResolution)
	if err != nil {
		t.Fatal(err)
	}
	var values []string
	for _, decl := range f.Decls {
		gen, ok := decl.(*ast.GenDecl)
		if !ok || gen.Tok != token.CONST {
			continue
		}
		for _, spec := range gen.Specs {
			vs, ok := spec.(*ast.ValueSpec)
			if !ok {
				continue
			}
			for i, n := range vs.Names {
				if !strings.HasPrefix(n.Name, prefix) || i >= len(vs.Values) {
					continue
				}
				lit, ok := vs.Values[i].(*ast.BasicLit)
				if !ok || lit.Kind != token.STRING {
					continue
				}
				v, err := strconv.Unquote(lit.Value)
				if err != nil {
					t.Fatal(err)
				}
				values = append(values, v)
			}
		}
	}
	return values
}

func enumStrings(s *openapi3.Schema) []string {
	var out []string
	for _, v := range s.Enum {
		if str, ok := v.(string); ok {
			out = append(out, str)
		}
	}
	return out
}

func sameSet(a, b []string) bool {
	a, b = slices.Clone(a), slices.Clone(b)
	slices.Sort(a)
	slices.Sort(b)
	return slices.Equal(a, b)
}

func TestEnumsAndRulesMatchGo(t *testing.T) {
	doc := loadDoc(t)
	prop := func(schema, name string) *openapi3.Schema {
		p, ok := component(t, doc, schema).Properties[name]
		if !ok {
			t.Fatalf("%s has no property %s", schema, name)
		}
		return p.Value
	}

	ids := constStrings(t, "Err")
	if len(ids) < 13 {
		t.Fatalf("found %d error ids in types.go", len(ids))
	}
	if got := enumStrings(prop("ErrorBody", "id")); !sameSet(got, ids) {
		t.Errorf("error id enum %v, types.go has %v", got, ids)
	}
	for group, names := range PermissionGroups {
		for _, schema := range []string{"Permissions", "PermissionsInput"} {
			if got := enumStrings(prop(schema, group).Items.Value); !sameSet(got, names) {
				t.Errorf("%s %s enum %v, want %v", schema, group, got, names)
			}
		}
	}
	enums := map[string][]string{
		"UserStatus": {StatusEnabled, StatusDisabled},
		"MemberRole": {MemberRoleUser, MemberRoleAdmin},
	}
	for name, want := range enums {
		if got := enumStrings(component(t, doc, name)); !sameSet(got, want) {
			t.Errorf("%s enum %v, want %v", name, got, want)
		}
	}
	if got := enumStrings(prop("Me", "kind")); !sameSet(got, []string{CallerAdminUser, CallerClient}) {
		t.Errorf("Me.kind enum %v", got)
	}

	patterns := map[*openapi3.Schema]*regexp.Regexp{
		component(t, doc, "AdminUsername"):       AdminUsernamePattern,
		component(t, doc, "PlatformUsername"):    PlatformUsernamePattern,
		component(t, doc, "RoleName"):            RoleNamePattern,
		component(t, doc, "Email"):               EmailPattern,
		prop("ActivationCode", "activationCode"): ActivationCodePattern,
	}
	for s, re := range patterns {
		if s.Pattern != re.String() {
			t.Errorf("pattern %q, rules.go has %q", s.Pattern, re)
		}
	}

	u := func(v int) *uint64 { n := uint64(v); return &n }
	lengths := []struct {
		name     string
		s        *openapi3.Schema
		min, max *uint64
	}{
		{"AdminPassword", component(t, doc, "AdminPassword"), u(AdminPasswordMin), u(AdminPasswordMax)},
		{"PlatformPassword", component(t, doc, "PlatformPassword"), u(PlatformPasswordMin), u(PlatformPasswordMax)},
		{"Email", component(t, doc, "Email"), nil, u(EmailMax)},
		{"Language", component(t, doc, "Language"), nil, u(LanguageMax)},
		{"PersonName", component(t, doc, "PersonName"), nil, u(NameMax)},
		{"ExternalID", component(t, doc, "ExternalID"), nil, u(ExternalIDMax)},
		{"PlatformUser.external_id", prop("PlatformUser", "external_id"), nil, u(ExternalIDMax)},
		{"Tag", component(t, doc, "Tag"), u(TagMin), u(TagMax)},
		{"Metadata value", component(t, doc, "Metadata").AdditionalProperties.Schema.Value, nil, u(MetadataValueMax)},
		{"RoleDescription", component(t, doc, "RoleDescription"), nil, u(RoleDescriptionMax)},
		{"Account.name", prop("Account", "name"), u(AccountNameMin), u(AccountNameMax)},
		{"AccountInput.name", prop("AccountInput", "name"), u(AccountNameMin), u(AccountNameMax)},
		{"Attributes value", component(t, doc, "Attributes").AdditionalProperties.Schema.Value, u(AttributeValueMin), u(AttributeValueMax)},
	}
	for _, l := range lengths {
		gotMin := l.s.MinLength
		if (l.min == nil) != (gotMin == 0) || (l.min != nil && *l.min != gotMin) {
			t.Errorf("%s minLength %d, want %v", l.name, gotMin, l.min)
		}
		if (l.max == nil) != (l.s.MaxLength == nil) || (l.max != nil && *l.max != *l.s.MaxLength) {
			t.Errorf("%s maxLength %v, want %v", l.name, l.s.MaxLength, l.max)
		}
	}
	for _, schema := range []string{"PlatformUser", "CreatePlatformUser", "UpdatePlatformUser"} {
		if mx := prop(schema, "tags").MaxItems; mx == nil || *mx != TagsMax {
			t.Errorf("%s.tags maxItems %v, want %d", schema, mx, TagsMax)
		}
	}
	counts := map[string]int{"Metadata": MetadataKeysMax, "Attributes": AttributesMax}
	for name, want := range counts {
		if mx := component(t, doc, name).MaxProps; mx == nil || *mx != uint64(want) {
			t.Errorf("%s maxProperties %v, want %d", name, mx, want)
		}
	}

	defaults := map[string]int64{
		"healthTimePeriod":        DefaultHealthTimePeriod,
		"exec_interval":           DefaultExecInterval,
		"base_line_exec_interval": DefaultBaseLineExecInterval,
		"cd_model_frequency":      DefaultCDModelFrequency,
		"cd_execution_frequency":  DefaultCDExecutionFrequency,
		"data_retention":          DefaultDataRetention,
	}
	for field, want := range defaults {
		if got, ok := prop("AccountInput", field).Default.(float64); !ok || int64(got) != want {
			t.Errorf("AccountInput.%s default %v, want %d", field, prop("AccountInput", field).Default, want)
		}
	}

	limit := doc.Components.Parameters["limit"].Value.Schema.Value
	if limit.Default != float64(DefaultLimit) || limit.Max == nil || *limit.Max != MaxLimit || limit.Min == nil || *limit.Min != 1 {
		t.Errorf("limit parameter: default %v, min %v, max %v", limit.Default, limit.Min, limit.Max)
	}
	offset := doc.Components.Parameters["offset"].Value.Schema.Value
	if offset.Default != float64(0) || offset.Min == nil || *offset.Min != 0 {
		t.Errorf("offset parameter: default %v, min %v", offset.Default, offset.Min)
	}
}

func TestSchemasRejectBadValues(t *testing.T) {
	doc := loadDoc(t)
	param := func(name string) *openapi3.Schema { return doc.Components.Parameters[name].Value.Schema.Value }
	cases := []struct {
		name   string
		schema *openapi3.Schema
		raw    string
	}{
		{"unknown field in CreateAdminUser", component(t, doc, "CreateAdminUser"),
			`{"username":"ops","password":"longenough","permissions":{"users":[],"settings":[],"platformUsers":[],"accounts":[]},"admin":true}`},
		{"bad permission name", component(t, doc, "Permissions"),
			`{"users":["fly"],"settings":[],"platformUsers":[],"accounts":[]}`},
		{"permission of another group", component(t, doc, "Permissions"),
			`{"users":[],"settings":["create"],"platformUsers":[],"accounts":[]}`},
		{"permission group missing", component(t, doc, "Permissions"),
			`{"users":[],"settings":[],"platformUsers":[]}`},
		{"permission group null (a nil Go slice)", component(t, doc, "Permissions"),
			`{"users":null,"settings":[],"platformUsers":[],"accounts":[]}`},
		{"limit 101", param("limit"), `101`},
		{"limit 0", param("limit"), `0`},
		{"offset -1", param("offset"), `-1`},
		{"list without total", component(t, doc, "AdminUserList"), `{"offset":0,"limit":10,"users":[]}`},
		{"list without items", component(t, doc, "RoleList"), `{"total":0,"offset":0,"limit":10}`},
		{"list with an extra field", component(t, doc, "AccountList"), `{"total":0,"offset":0,"limit":10,"accounts":[],"next":null}`},
		{"unknown error id", component(t, doc, "ErrorEnvelope"), `{"error":{"id":"oops","message":"x"}}`},
		{"error data not strings", component(t, doc, "ErrorEnvelope"), `{"error":{"id":"forbidden","message":"x","data":{"n":1}}}`},
		{"admin username too short", component(t, doc, "CreateAdminUser"),
			`{"username":"ab","password":"longenough","permissions":{"users":[],"settings":[],"platformUsers":[],"accounts":[]}}`},
		{"admin password too short", component(t, doc, "CreateAdminUser"),
			`{"username":"abc","password":"short","permissions":{"users":[],"settings":[],"platformUsers":[],"accounts":[]}}`},
		{"platform username with a dot", component(t, doc, "CreatePlatformUser"),
			`{"username":"al.ice","email":"a@example.com","password":"secret1"}`},
		{"platform user with password and ldap", component(t, doc, "CreatePlatformUser"),
			`{"username":"alice","email":"a@example.com","password":"secret1","ldap":true}`},
		{"platform user without password nor ldap", component(t, doc, "CreatePlatformUser"),
			`{"username":"alice","email":"a@example.com"}`},
		{"platform user without password, ldap false", component(t, doc, "CreatePlatformUser"),
			`{"username":"alice","email":"a@example.com","ldap":false}`},
		{"33 tags", component(t, doc, "UpdatePlatformUser"),
			`{"tags":["a","b","c","d","e","f","g","h","i","j","k","l","m","n","o","p","q","r","s","t","u","v","w","x","y","z","aa","ab","ac","ad","ae","af","ag"]}`},
		{"empty tag", component(t, doc, "UpdatePlatformUser"), `{"tags":[""]}`},
		{"metadata value not a string", component(t, doc, "UpdatePlatformUser"), `{"metadata":{"a":1}}`},
		{"bad status", component(t, doc, "CreatePlatformUser"),
			`{"username":"alice","email":"a@example.com","password":"secret1","status":"gone"}`},
		{"platform user without external_id", component(t, doc, "PlatformUser"), withoutField(t, examplePlatformUser, "external_id")},
		{"platform user with duplicate tags", component(t, doc, "PlatformUser"), withField(t, examplePlatformUser, "tags", []string{"a", "a"})},
		{"role name with upper case", component(t, doc, "CreateRole"), `{"name":"Admin"}`},
		{"role update without description", component(t, doc, "UpdateRole"), `{}`},
		{"negative account number", component(t, doc, "AccountInput"), `{"name":"x","exec_interval":-1}`},
		{"empty account name", component(t, doc, "AccountInput"), `{"name":""}`},
		{"empty attribute value", component(t, doc, "AccountInput"), `{"name":"x","attributes":{"a":""}}`},
		{"account without attributes", component(t, doc, "Account"), withoutField(t, exampleAccount, "attributes")},
		{"activation code of 7 characters", component(t, doc, "ActivationCode"), `{"activationCode":"abc1234","timeLeft":null,"secondsLeft":null}`},
		{"activation code without timeLeft", component(t, doc, "ActivationCode"), `{"activationCode":"abcd1234","secondsLeft":null}`},
		{"bad member role", component(t, doc, "SetMemberRole"), `{"role":"owner"}`},
		{"setting without value", component(t, doc, "SettingsUpdate"), `{"update":{"API_SETTINGS":{"settings":{"ACCOUNT_DELETION":{}}}}}`},
		{"settings update without update", component(t, doc, "SettingsUpdate"), `{"API_SETTINGS":{}}`},
		{"notify result without failures", component(t, doc, "NotifyResult"), `{"successes":[]}`},
		{"oauth token of another type", component(t, doc, "OAuthToken"), `{"access_token":"x","token_type":"MAC","expires_in":1}`},
		{"me of unknown kind", component(t, doc, "Me"),
			`{"kind":"robot","name":"x","permissions":{"users":[],"settings":[],"platformUsers":[],"accounts":[]}}`},
		{"time not RFC 3339", component(t, doc, "Role"), `{"name":"x","description":"","created_at":"yesterday"}`},
	}
	for _, c := range cases {
		if err := visitRaw(c.schema, c.raw); err == nil {
			t.Errorf("%s: accepted %s", c.name, c.raw)
		}
	}
	if err := visitRaw(param("limit"), `100`); err != nil {
		t.Errorf("limit 100 rejected: %v", err)
	}
}

func withField(t *testing.T, v any, name string, value any) string {
	t.Helper()
	m := asMap(t, v)
	m[name] = value
	b, err := json.Marshal(m)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func withoutField(t *testing.T, v any, name string) string {
	t.Helper()
	m := asMap(t, v)
	if _, ok := m[name]; !ok {
		t.Fatalf("%T has no field %s", v, name)
	}
	delete(m, name)
	b, err := json.Marshal(m)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func asMap(t *testing.T, v any) map[string]any {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	var m map[string]any
	if err := json.Unmarshal(b, &m); err != nil {
		t.Fatal(err)
	}
	return m
}

// wantOperations lists every call of admin-api.md with the permission it
// needs ("" for none) and its success status.
var wantOperations = map[string]struct {
	permission string
	status     int
}{
	"POST /auth/login":   {"", 200},
	"POST /auth/refresh": {"", 200},
	"POST /auth/logout":  {"", 204},
	"GET /auth/me":       {"", 200},
	"POST /oauth/token":  {"", 200},

	"GET /users":                              {"users:read", 200},
	"POST /users":                             {"users:create", 201},
	"GET /users/{username}":                   {"users:read", 200},
	"DELETE /users/{username}":                {"users:delete", 204},
	"PUT /users/{username}/permissions":       {"users:changePermissions", 200},
	"POST /users/{username}/reset-password":   {"users:resetPassword", 200},
	"GET /admin/settings":                     {"settings:read", 200},
	"PUT /admin/settings":                     {"settings:update", 200},
	"POST /admin/notify":                      {"settings:update", 200},
	"GET /platform-users":                     {"platformUsers:read", 200},
	"POST /platform-users":                    {"platformUsers:create", 201},
	"GET /platform-users/{username}":          {"platformUsers:read", 200},
	"PATCH /platform-users/{username}":        {"platformUsers:update", 200},
	"DELETE /platform-users/{username}":       {"platformUsers:delete", 204},
	"PUT /platform-users/{username}/password": {"platformUsers:update", 204},
	"POST /platform-users/{username}/enable":  {"platformUsers:update", 200},
	"POST /platform-users/{username}/disable": {"platformUsers:update", 200},

	"GET /platform-users/{username}/roles/{role}":    {"platformUsers:read", 200},
	"POST /platform-users/{username}/roles/{role}":   {"platformUsers:update", 201},
	"DELETE /platform-users/{username}/roles/{role}": {"platformUsers:update", 204},

	"GET /roles":           {"platformUsers:read", 200},
	"POST /roles":          {"platformUsers:update", 201},
	"GET /roles/{name}":    {"platformUsers:read", 200},
	"PATCH /roles/{name}":  {"platformUsers:update", 200},
	"DELETE /roles/{name}": {"platformUsers:update", 204},

	"GET /accounts":                             {"accounts:read", 200},
	"POST /accounts":                            {"accounts:create", 201},
	"GET /accounts/{id}":                        {"accounts:read", 200},
	"PUT /accounts/{id}":                        {"accounts:update", 200},
	"DELETE /accounts/{id}":                     {"accounts:delete", 204},
	"GET /accounts/{id}/activationcode":         {"accounts:read", 200},
	"PUT /accounts/{id}/activationcode/refresh": {"accounts:update", 200},
	"GET /accounts/{id}/users":                  {"accounts:read", 200},
	"GET /accounts/{id}/users/{username}":       {"accounts:read", 200},
	"PUT /accounts/{id}/users/{username}":       {"accounts:update", 200},
	"DELETE /accounts/{id}/users/{username}":    {"accounts:update", 204},
}

var needsRE = regexp.MustCompile("Needs `([A-Za-z]+):([A-Za-z]+)`")

func TestOperations(t *testing.T) {
	doc := loadDoc(t)
	if len(doc.Security) != 1 || doc.Security[0]["bearerAuth"] == nil {
		t.Errorf("global security = %v, want bearerAuth", doc.Security)
	}
	if s := doc.Components.SecuritySchemes["bearerAuth"]; s == nil || s.Value.Type != "http" || s.Value.Scheme != "bearer" || s.Value.BearerFormat != "JWT" {
		t.Error("bearerAuth must be an http bearer JWT scheme")
	}

	seen := map[string]bool{}
	ids := map[string]string{}
	for path, item := range doc.Paths.Map() {
		for method, op := range item.Operations() {
			key := method + " " + path
			seen[key] = true
			want, ok := wantOperations[key]
			if !ok {
				t.Errorf("%s is not a call of the contract", key)
				continue
			}
			if op.OperationID == "" || op.Summary == "" {
				t.Errorf("%s: operationId %q, summary %q", key, op.OperationID, op.Summary)
			}
			if other, dup := ids[op.OperationID]; dup {
				t.Errorf("%s and %s share operationId %q", key, other, op.OperationID)
			}
			ids[op.OperationID] = key
			checkOperation(t, key, item, op, want.permission, want.status)
		}
	}
	for key := range wantOperations {
		if !seen[key] {
			t.Errorf("%s is missing", key)
		}
	}
}

func checkOperation(t *testing.T, key string, item *openapi3.PathItem, op *openapi3.Operation, permission string, status int) {
	t.Helper()
	codes := map[int]*openapi3.Response{}
	for code, ref := range op.Responses.Map() {
		n, err := strconv.Atoi(code)
		if err != nil {
			t.Errorf("%s: response %q is not a status", key, code)
			continue
		}
		codes[n] = ref.Value
	}
	need := func(code int, why string) {
		if codes[code] == nil {
			t.Errorf("%s: no %d response (%s)", key, code, why)
		}
	}

	public := key == "POST /auth/login" || key == "POST /oauth/token"
	if public != (op.Security != nil) || (public && len(*op.Security) != 0) {
		t.Errorf("%s: security %v; only login and oauth/token set `security: []`", key, op.Security)
	}
	if matches := needsRE.FindAllStringSubmatch(op.Description, -1); permission == "" {
		if len(matches) != 0 || codes[403] != nil {
			t.Errorf("%s needs no permission but mentions %v or answers 403", key, matches)
		}
	} else {
		if len(matches) != 1 || matches[0][1]+":"+matches[0][2] != permission {
			t.Errorf("%s: description must say \"Needs `%s`.\": %q", key, permission, op.Description)
		}
		group, name, _ := strings.Cut(permission, ":")
		if !slices.Contains(PermissionGroups[group], name) {
			t.Errorf("%s: unknown permission %s", key, permission)
		}
		need(403, "needs a permission")
	}

	need(429, "rate limit")
	need(500, "unexpected error")
	if !public {
		need(401, "needs a token")
	}
	if rb := op.RequestBody; rb != nil {
		need(400, "has a body")
		need(413, "has a body")
		if rb.Value.Content.Get("application/json") != nil {
			need(415, "has a JSON body")
		}
	}
	params := slices.Concat(item.Parameters, op.Parameters)
	for _, p := range params {
		switch p.Value.In {
		case openapi3.ParameterInPath:
			need(404, "has a path parameter")
			need(400, "has a path parameter")
			if s := p.Value.Schema.Value; !s.Type.Is(openapi3.TypeString) || s.Pattern != "" {
				t.Errorf("%s: path parameter %s must be a plain string", key, p.Value.Name)
			}
		case openapi3.ParameterInQuery:
			need(400, "has a query parameter")
		}
	}

	var successes []int
	for code, resp := range codes {
		switch {
		case code < 300:
			successes = append(successes, code)
		case code >= 400:
			wantRef := schemaPrefix + errorSchemaOf(key, code)
			if key == "POST /oauth/token" && (code == 400 || code == 401) {
				wantRef = oauthErrorRef
			}
			if key == "POST /oauth/token" && code == 429 {
				// The failed-authentication limit answers in RFC 6749's shape
				// (slow_down), the per-caller rate limit in the envelope.
				checkOAuth429(t, resp)
				continue
			}
			if mt := resp.Content.Get("application/json"); mt == nil || mt.Schema.Ref != wantRef || len(resp.Content) != 1 {
				t.Errorf("%s: %d must answer %s", key, code, wantRef)
			}
		}
	}
	if len(successes) != 1 || successes[0] != status {
		t.Errorf("%s: success statuses %v, want %d", key, successes, status)
		return
	}
	ok := codes[status]
	switch status {
	case 204:
		if len(ok.Content) != 0 {
			t.Errorf("%s: 204 must have no body", key)
		}
	case 201:
		if h := ok.Headers["Location"]; h == nil || !h.Value.Required {
			t.Errorf("%s: 201 needs a required Location header", key)
		}
		fallthrough
	default:
		if mt := ok.Content.Get("application/json"); mt == nil || mt.Schema.Ref == "" {
			t.Errorf("%s: %d must answer a JSON component schema", key, status)
		}
	}
	if r := codes[429]; r != nil {
		if h := r.Headers["Retry-After"]; h == nil || !h.Value.Required {
			t.Errorf("%s: 429 needs a required Retry-After header", key)
		}
	}
}

func TestListFilters(t *testing.T) {
	doc := loadDoc(t)
	queryParams := func(path string) map[string]*openapi3.Parameter {
		out := map[string]*openapi3.Parameter{}
		for _, p := range doc.Paths.Value(path).Get.Parameters {
			if p.Value.In == openapi3.ParameterInQuery {
				out[p.Value.Name] = p.Value
			}
		}
		return out
	}
	want := map[string][]string{
		"/users":                     {"offset", "limit"},
		"/roles":                     {"offset", "limit"},
		"/accounts/{id}/users":       {"offset", "limit"},
		"/accounts":                  {"offset", "limit", "name"},
		"/platform-users":            {"offset", "limit", "email", "name", "status", "tag", "role", "external_id"},
		"/platform-users/{username}": nil,
	}
	for path, names := range want {
		got := slices.Collect(maps.Keys(queryParams(path)))
		if !sameSet(got, names) {
			t.Errorf("GET %s query parameters %v, want %v", path, got, names)
		}
	}
	status := queryParams("/platform-users")["status"].Schema.Value
	if got := enumStrings(status); !sameSet(got, []string{StatusEnabled, StatusDisabled}) {
		t.Errorf("status filter enum %v", got)
	}
}

// TestFilterValidation runs requests and responses through openapi3filter,
// as the server's tests do.
func TestFilterValidation(t *testing.T) {
	doc := loadDoc(t)
	router, err := gorillamux.NewRouter(doc)
	if err != nil {
		t.Fatal(err)
	}
	opts := &openapi3filter.Options{AuthenticationFunc: openapi3filter.NoopAuthenticationFunc, IncludeResponseStatus: true, SkipSettingDefaults: true}

	newRequest := func(method, target, contentType, body string) *http.Request {
		req := httptest.NewRequestWithContext(t.Context(), method, target, strings.NewReader(body))
		if contentType != "" {
			req.Header.Set("Content-Type", contentType)
		}
		req.Header.Set("Authorization", "Bearer x.y.z")
		return req
	}
	validateRequest := func(req *http.Request) (*openapi3filter.RequestValidationInput, error) {
		route, params, err := router.FindRoute(req)
		if err != nil {
			return nil, err
		}
		in := &openapi3filter.RequestValidationInput{Request: req, PathParams: params, Route: route, Options: opts}
		return in, openapi3filter.ValidateRequest(t.Context(), in)
	}

	const jsonCT = "application/json"
	form := url.Values{"grant_type": {"client_credentials"}, "client_id": {"ci"}, "client_secret": {"s"}}.Encode()
	requests := []struct {
		name string
		req  *http.Request
		ok   bool
	}{
		{"create platform user", newRequest("POST", "/platform-users", jsonCT, `{"username":"alice","email":"a@example.com","password":"secret1","tags":["b","a"]}`), true},
		{"create platform user, unknown field", newRequest("POST", "/platform-users", jsonCT, `{"username":"alice","email":"a@example.com","password":"secret1","admin":true}`), false},
		{"create platform user as text", newRequest("POST", "/platform-users", "text/plain", `{}`), false},
		{"client credentials", newRequest("POST", "/oauth/token", "application/x-www-form-urlencoded", form), true},
		{"client credentials, Basic and scope", newRequest("POST", "/oauth/token", "application/x-www-form-urlencoded", "grant_type=client_credentials&scope=users%3Aread"), true},
		{"password grant", newRequest("POST", "/oauth/token", "application/x-www-form-urlencoded", "grant_type=password"), false},
		{"reset password without body", newRequest("POST", "/users/viewer/reset-password", "", ""), true},
		{"reset password with body", newRequest("POST", "/users/viewer/reset-password", jsonCT, `{"password":"longenough"}`), true},
		{"notify without body", newRequest("POST", "/admin/notify", "", ""), true},
		{"list with limit 100", newRequest("GET", "/users?offset=5&limit=100", "", ""), true},
		{"list with limit 101", newRequest("GET", "/users?limit=101", "", ""), false},
		{"list with a bad status filter", newRequest("GET", "/platform-users?status=gone", "", ""), false},
		{"malformed name reaches the server", newRequest("GET", "/platform-users/NOT..valid", "", ""), true},
		{"settings update", newRequest("PUT", "/admin/settings", jsonCT, `{"update":{"EMAIL_SETTINGS":{"settings":{"EMAIL_ENABLED":{"value":false}}}}}`), true},
		{"account replace", newRequest("PUT", "/accounts/9b2f7c1e-4d3a-4c6b-8e5f-1a2b3c4d5e6f", jsonCT, `{"name":"x"}`), true},
		{"account replace with a null number", newRequest("PUT", "/accounts/9b2f7c1e-4d3a-4c6b-8e5f-1a2b3c4d5e6f", jsonCT, `{"name":"x","exec_interval":null}`), false},
		{"admin user with a partial permission set", newRequest("POST", "/users", jsonCT, `{"username":"ops","password":"longenough","permissions":{"settings":["read"]}}`), true},
		{"admin user without permissions", newRequest("POST", "/users", jsonCT, `{"username":"ops","password":"longenough"}`), false},
		{"permissions replaced by an empty set", newRequest("PUT", "/users/ops/permissions", jsonCT, `{"permissions":{}}`), true},
		{"permissions with a null group", newRequest("PUT", "/users/ops/permissions", jsonCT, `{"permissions":{"users":null}}`), false},
		{"settings group without settings", newRequest("PUT", "/admin/settings", jsonCT, `{"update":{"API_SETTINGS":{}}}`), false},
		{"patch with null tags", newRequest("PATCH", "/platform-users/alice", jsonCT, `{"tags":null}`), false},
	}
	for _, c := range requests {
		if _, err := validateRequest(c.req); (err == nil) != c.ok {
			t.Errorf("%s: valid=%v, err=%v", c.name, c.ok, err)
		}
	}

	responses := []struct {
		name         string
		method, path string
		status       int
		header       http.Header
		body         any
		ok           bool
	}{
		{"created platform user", "POST", "/platform-users", 201, http.Header{"Location": {"/platform-users/alice-01"}}, examplePlatformUser, true},
		{"created without Location", "POST", "/platform-users", 201, nil, examplePlatformUser, false},
		{"deleted", "DELETE", "/roles/analyst", 204, nil, nil, true},
		{"rate limited", "GET", "/users", 429, http.Header{"Retry-After": {"3"}}, ErrorEnvelope{Error: ErrorBody{ID: ErrTooManyRequests, Message: "Slow down."}}, true},
		{"rate limited without Retry-After", "GET", "/users", 429, nil, ErrorEnvelope{Error: ErrorBody{ID: ErrTooManyRequests, Message: "Slow down."}}, false},
		{"undocumented status", "GET", "/users", 418, nil, ErrorEnvelope{Error: ErrorBody{ID: ErrUnexpected, Message: "x"}}, false},
		{"oauth error", "POST", "/oauth/token", 401, nil, OAuthError{Error: "invalid_client"}, true},
		{"oauth error as envelope", "POST", "/oauth/token", 401, nil, ErrorEnvelope{Error: ErrorBody{ID: ErrInvalidCredentials, Message: "x"}}, false},
		{"too large", "POST", "/accounts", 413, nil, ErrorEnvelope{Error: ErrorBody{ID: ErrRequestTooLarge, Message: "Body over 1 MiB."}}, true},
		{"not found with a 403 id", "GET", "/users/x", 404, nil, ErrorEnvelope{Error: ErrorBody{ID: ErrForbidden, Message: "x"}}, false},
		{"400 with a 500 id", "POST", "/roles", 400, nil, ErrorEnvelope{Error: ErrorBody{ID: ErrUnexpected, Message: "x"}}, false},
		{"deletion disabled elsewhere", "DELETE", "/users/x", 403, nil, ErrorEnvelope{Error: ErrorBody{ID: ErrDeletionDisabled, Message: "x"}}, false},
		{"deletion disabled", "DELETE", "/platform-users/x", 403, nil, ErrorEnvelope{Error: ErrorBody{ID: ErrDeletionDisabled, Message: "x"}}, true},
		{"platform-user deletion forbidden", "DELETE", "/platform-users/x", 403, nil,
			ErrorEnvelope{Error: ErrorBody{ID: ErrForbidden, Message: "x", Data: map[string]string{"permission": "platformUsers:delete"}}}, true},
		{"conflict as 409", "DELETE", "/roles/x", 409, nil, ErrorEnvelope{Error: ErrorBody{ID: ErrConflict, Message: "x"}}, true},
		{"conflict as 400", "POST", "/roles", 400, nil, ErrorEnvelope{Error: ErrorBody{ID: ErrConflict, Message: "x"}}, false},
		{"expired activation code", "GET", "/accounts/x/activationcode", 200, nil, ActivationCode{ActivationCode: "aB3dE5gH"}, true},
	}
	for _, c := range responses {
		route, params, err := router.FindRoute(newRequest(c.method, c.path, "", ""))
		if err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		header := http.Header{}
		var body []byte
		if c.body != nil {
			header.Set("Content-Type", jsonCT)
			if body, err = json.Marshal(c.body); err != nil {
				t.Fatal(err)
			}
		}
		for k, v := range c.header {
			header[k] = v
		}
		in := &openapi3filter.ResponseValidationInput{
			RequestValidationInput: &openapi3filter.RequestValidationInput{
				Request: newRequest(c.method, c.path, "", ""), PathParams: params, Route: route, Options: opts,
			},
			Status: c.status, Header: header, Options: opts,
		}
		in.SetBodyBytes(bytes.Clone(body))
		if err := openapi3filter.ValidateResponse(t.Context(), in); (err == nil) != c.ok {
			t.Errorf("%s: valid=%v, err=%v", c.name, c.ok, err)
		}
	}
}

// TestErrorSchemasNarrowIDs: each status's error schema accepts exactly its
// ids, and the statuses share out every id of the envelope.
func TestErrorSchemasNarrowIDs(t *testing.T) {
	doc := loadDoc(t)
	all := enumStrings(component(t, doc, "ErrorBody").Properties["id"].Value)
	owners := map[string][]string{}
	for name, ids := range errorSchemas {
		s := component(t, doc, name)
		for _, id := range all {
			err := visit(s, ErrorEnvelope{Error: ErrorBody{ID: id, Message: "m", Data: map[string]string{"f": "r"}}})
			if allowed := slices.Contains(ids, id); (err == nil) != allowed {
				t.Errorf("%s with id %s: allowed %v, validation error %v", name, id, allowed, err)
			}
		}
		if err := visitRaw(s, `{"error":{"id":"`+ids[0]+`","message":"m"},"extra":1}`); err == nil {
			t.Errorf("%s accepts a field beside error", name)
		}
		for _, id := range ids {
			owners[id] = append(owners[id], name)
		}
	}
	for _, id := range all {
		if n := len(owners[id]); n == 0 || (n > 1 && id != ErrForbidden) {
			t.Errorf("id %s is allowed by %v; every id belongs to one status", id, owners[id])
		}
	}
}

func TestPermissionsInput(t *testing.T) {
	doc := loadDoc(t)
	in := component(t, doc, "PermissionsInput")
	for _, raw := range []string{`{}`, `{"settings":["read"]}`, `{"users":[],"settings":[],"platformUsers":[],"accounts":["read","read"]}`} {
		if err := visitRaw(in, raw); err != nil {
			t.Errorf("PermissionsInput refuses %s: %v", raw, err)
		}
	}
	for _, raw := range []string{`{"users":null}`, `{"users":[null]}`, `{"users":["fly"]}`, `{"robots":[]}`, `null`} {
		if err := visitRaw(in, raw); err == nil {
			t.Errorf("PermissionsInput accepts %s", raw)
		}
	}
	for _, name := range []string{"CreateAdminUser", "UpdatePermissions"} {
		if !slices.Contains(component(t, doc, name).Required, "permissions") {
			t.Errorf("%s.permissions is not required", name)
		}
	}
}

// TestEmailCaseIsDocumented: the e-mail filter and fields say that letter
// case does not count.
func TestEmailCaseIsDocumented(t *testing.T) {
	doc := loadDoc(t)
	descriptions := map[string]string{}
	for _, p := range doc.Paths.Value("/platform-users").Get.Parameters {
		if p.Value.Name == "email" {
			descriptions["email filter"] = p.Value.Description
		}
	}
	for _, schema := range []string{"PlatformUser", "CreatePlatformUser", "UpdatePlatformUser"} {
		descriptions[schema+".email"] = component(t, doc, schema).Properties["email"].Value.Description
	}
	for where, d := range descriptions {
		if !strings.Contains(strings.Join(strings.Fields(d), " "), "case of the ASCII letters A-Z") {
			t.Errorf("%s does not say that e-mail letter case does not count: %q", where, d)
		}
	}
	if len(descriptions) != 4 {
		t.Errorf("found %d descriptions, want 4", len(descriptions))
	}
}

func checkOAuth429(t *testing.T, resp *openapi3.Response) {
	t.Helper()
	mt := resp.Content.Get("application/json")
	if mt == nil || mt.Schema.Value == nil || len(mt.Schema.Value.OneOf) != 2 ||
		mt.Schema.Value.OneOf[0].Ref != oauthErrorRef || mt.Schema.Value.OneOf[1].Ref != schemaPrefix+"TooManyRequestsError" {
		t.Errorf("POST /oauth/token: 429 must answer oneOf %s and the TooManyRequestsError envelope", oauthErrorRef)
	}
}
