package server

import (
	"strings"
	"testing"

	"github.com/adminapi/terraform-provider-adminapi/internal/api"
)

// nested is a JSON object nesting depth levels of objects and arrays.
func nested(depth int) string {
	var b strings.Builder
	b.WriteString(`{"a":`)
	for range depth - 1 {
		b.WriteString("[")
	}
	b.WriteString("1")
	for range depth - 1 {
		b.WriteString("]")
	}
	b.WriteString("}")
	return b.String()
}

const versioningPath = "update.API_SETTINGS.settings.VERSIONING_SETTINGS"

// TestLimitsUnboundedStrings: referer, invitationToken and notify services
// are bounded; longer ones are 400 naming the field (finding 4).
func TestLimitsUnboundedStrings(t *testing.T) {
	f := newFixture(t)
	user := func(username string, mutate func(*api.CreatePlatformUser)) api.CreatePlatformUser {
		u := api.CreatePlatformUser{Username: username, Email: username + "@example.com", Password: ptr("secret")}
		mutate(&u)
		return u
	}
	runContract(t, f.testAPI, []contractCase{
		{name: "referer of 1 MB", req: req{method: "POST", path: "/platform-users", token: f.root, invalid: true,
			body: user("frank", func(u *api.CreatePlatformUser) { u.Referer = ptr(strings.Repeat("r", 1<<20-200)) })},
			status: 400, errID: api.ErrInvalidParametersFormat, data: []string{"referer"}},
		{name: "referer and invitationToken of 257", req: req{method: "POST", path: "/platform-users", token: f.root, invalid: true,
			body: user("frank", func(u *api.CreatePlatformUser) {
				u.Referer, u.InvitationToken = ptr(strings.Repeat("r", api.RefererMax+1)), ptr(strings.Repeat("i", api.InvitationTokenMax+1))
			})},
			status: 400, errID: api.ErrInvalidParametersFormat, data: []string{"referer", "invitationToken"}},
		{name: "referer and invitationToken of 256", req: req{method: "POST", path: "/platform-users", token: f.root,
			body: user("frank", func(u *api.CreatePlatformUser) {
				u.Referer, u.InvitationToken = ptr(strings.Repeat("r", api.RefererMax)), ptr(strings.Repeat("i", api.InvitationTokenMax))
			})}, status: 201},
		{name: "notify a service of 257", req: req{method: "POST", path: "/admin/notify", token: f.root, invalid: true,
			body: api.NotifyRequest{Services: []string{"ok", strings.Repeat("s", api.NotifyServiceMax+1)}}},
			status: 400, errID: api.ErrInvalidParametersFormat, data: []string{"services.1"}},
	})
}

// TestLimitsSettingsValue: a settings value nests at most 32 levels and
// encodes to at most 64 KiB; 400 naming the key's path (finding 5).
func TestLimitsSettingsValue(t *testing.T) {
	f := newFixture(t)
	put := func(value string) req {
		return req{method: "PUT", path: "/admin/settings", token: f.root, body: update("API_SETTINGS", "VERSIONING_SETTINGS", value)}
	}
	big := `{"a":"` + strings.Repeat("x", api.SettingValueBytesMax) + `"}`
	runContract(t, f.testAPI, []contractCase{
		{name: "9000 deep", req: put(nested(9000)), status: 400, errID: api.ErrInvalidParametersFormat, data: []string{versioningPath}},
		{name: "33 deep", req: put(nested(33)), status: 400, errID: api.ErrInvalidParametersFormat, data: []string{versioningPath}},
		{name: "over 64 KiB", req: put(big), status: 400, errID: api.ErrInvalidParametersFormat, data: []string{versioningPath}},
		{name: "32 deep", req: put(nested(32)), status: 200},
		{name: "64 KiB once compact", req: put(`{ "a" : "` + strings.Repeat("x", api.SettingValueBytesMax-8) + `" }`), status: 200},
		{name: "the refused ones changed nothing", req: req{method: "GET", path: "/admin/settings", token: f.reader}, status: 200,
			check: func(t *testing.T, r resp) {
				if v := settingValue(t, r, "API_SETTINGS", "VERSIONING_SETTINGS"); len(v) != api.SettingValueBytesMax {
					t.Errorf("VERSIONING_SETTINGS of %d bytes", len(v))
				}
			}},
	})
}

// TestLimitsControlCharacters: names, tags and metadata (keys and values)
// and account names and attributes refuse control characters and
// bidirectional overrides: 400 naming the field (finding 8).
func TestLimitsControlCharacters(t *testing.T) {
	f := newFixture(t)
	create := func(mutate func(*api.CreatePlatformUser)) req {
		u := api.CreatePlatformUser{Username: "frank", Email: "frank@example.com", Password: ptr("secret")}
		mutate(&u)
		return req{method: "POST", path: "/platform-users", token: f.root, body: u, invalid: true}
	}
	patch := func(u api.UpdatePlatformUser) req {
		return req{method: "PATCH", path: "/platform-users/alice", token: f.root, body: u, invalid: true}
	}
	runContract(t, f.testAPI, []contractCase{
		{name: "NUL in a name", req: create(func(u *api.CreatePlatformUser) { u.Name = ptr("Fr\x00ank") }),
			status: 400, errID: api.ErrInvalidParametersFormat, data: []string{"name"}},
		{name: "ESC in a tag", req: create(func(u *api.CreatePlatformUser) { u.Tags = []string{"ok", "\x1b[31mred"} }),
			status: 400, errID: api.ErrInvalidParametersFormat, data: []string{"tags.1"}},
		{name: "U+202E in a metadata value, U+2066 in a key", req: create(func(u *api.CreatePlatformUser) {
			u.Metadata = map[string]string{"team": "\u202eeulb", "x\u2066": "v"}
		}), status: 400, errID: api.ErrInvalidParametersFormat, data: []string{"metadata.team", "metadata"}},
		{name: "DEL in a patched name, newline in a tag", req: patch(api.UpdatePlatformUser{Name: ptr("Al\x7fice"), Tags: &[]string{"a\nb"}}),
			status: 400, errID: api.ErrInvalidParametersFormat, data: []string{"name", "tags.0"}},
		{name: "U+202A in patched metadata", req: patch(api.UpdatePlatformUser{Metadata: &map[string]string{"k": "\u202a"}}),
			status: 400, errID: api.ErrInvalidParametersFormat, data: []string{"metadata.k"}},
		{name: "control characters in an account", req: req{method: "POST", path: "/accounts", token: f.root, invalid: true,
			body: api.AccountInput{Name: "acme\r\n", Attributes: map[string]string{"phone": "1\t2"}}},
			status: 400, errID: api.ErrInvalidParametersFormat, data: []string{"name", "attributes.phone"}},
		{name: "control characters in a replaced account", req: req{method: "PUT", path: "/accounts/" + f.account, token: f.root, invalid: true,
			body: api.AccountInput{Name: "\u2069acme"}},
			status: 400, errID: api.ErrInvalidParametersFormat, data: []string{"name"}},
		{name: "printable Unicode is fine", req: create(func(u *api.CreatePlatformUser) {
			u.Name, u.Tags, u.Metadata = ptr("Zoë O'Brien 日本"), []string{"ünï"}, map[string]string{"clé": "välue 🙂"}
		}), status: 201},
	})
}

// TestRoleAssignmentLocation: the Location of an assignment answers it;
// GET /platform-users/{username}/roles/{role} needs platformUsers:read and
// is 404 when the role is not assigned (finding 6).
func TestRoleAssignmentLocation(t *testing.T) {
	f := newFixture(t)
	res := f.ok(req{method: "POST", path: "/platform-users/alice/roles/auditor", token: f.root}, 201, nil)
	location := res.header.Get("Location")
	runContract(t, f.testAPI, []contractCase{
		{name: "GET the Location", req: req{method: "GET", path: location, token: f.reader}, status: 200, check: func(t *testing.T, r resp) {
			if a := decodeInto[api.RoleAssignment](t, r); a != (api.RoleAssignment{Username: "alice", Role: "auditor"}) {
				t.Errorf("answered %+v", a)
			}
		}},
		{name: "not assigned", req: req{method: "GET", path: "/platform-users/bobby/roles/auditor", token: f.reader},
			status: 404, errID: api.ErrUnknownResource},
		{name: "unknown user", req: req{method: "GET", path: "/platform-users/ghost/roles/auditor", token: f.reader},
			status: 404, errID: api.ErrUnknownResource},
		{name: "without platformUsers:read", req: req{method: "GET", path: location, token: f.noperm},
			status: 403, errID: api.ErrForbidden, data: []string{"permission"}},
		{name: "unassigned", req: req{method: "DELETE", path: location, token: f.root}, status: 204},
		{name: "gone after unassign", req: req{method: "GET", path: location, token: f.reader},
			status: 404, errID: api.ErrUnknownResource},
	})
}
