package server

import (
	"encoding/base64"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/adminapi/terraform-provider-adminapi/internal/api"
)

func TestContractAuth(t *testing.T) {
	f := newFixture(t)
	pair := f.login(rootUser, rootPassword)
	spare := f.login(rootUser, rootPassword)
	form := func(v url.Values) string { return v.Encode() }
	basic := "Basic " + base64.StdEncoding.EncodeToString([]byte(clientID+":"+clientSecret))
	formCT := "application/x-www-form-urlencoded"
	runContract(t, f.testAPI, []contractCase{
		{name: "login", req: req{method: "POST", path: "/auth/login", body: api.LoginRequest{Username: rootUser, Password: rootPassword}},
			status: 200, check: func(t *testing.T, r resp) {
				p := decodeInto[api.TokenPair](t, r)
				if p.Token == "" || p.RefreshToken == "" || p.ExpiresAt.IsZero() {
					t.Errorf("login answered %+v", p)
				}
			}},
		{name: "login wrong password", req: req{method: "POST", path: "/auth/login", body: api.LoginRequest{Username: rootUser, Password: "wrong-password"}},
			status: 401, errID: api.ErrInvalidCredentials},
		{name: "login unknown user", req: req{method: "POST", path: "/auth/login", body: api.LoginRequest{Username: "ghost", Password: rootPassword}},
			status: 401, errID: api.ErrInvalidCredentials},
		{name: "login without fields", req: req{method: "POST", path: "/auth/login", body: `{}`, invalid: true},
			status: 400, errID: api.ErrInvalidParametersFormat, data: []string{"username", "password"}},
		{name: "login not JSON", req: req{method: "POST", path: "/auth/login", body: `{"username":`, invalid: true},
			status: 400, errID: api.ErrInvalidRequestStructure},
		{name: "login trailing data", req: req{method: "POST", path: "/auth/login", body: `{"username":"a","password":"b"} {}`, invalid: true},
			status: 400, errID: api.ErrInvalidRequestStructure},
		{name: "login unknown field", req: req{method: "POST", path: "/auth/login", body: `{"username":"a","password":"b","otp":"1"}`, invalid: true},
			status: 400, errID: api.ErrInvalidRequestStructure, data: []string{"otp"}},
		{name: "login field in other case", req: req{method: "POST", path: "/auth/login", body: `{"Username":"root","password":"b"}`, invalid: true},
			status: 400, errID: api.ErrInvalidRequestStructure, data: []string{"Username"}},
		{name: "login wrong type", req: req{method: "POST", path: "/auth/login", body: `{"username":1,"password":"b"}`, invalid: true},
			status: 400, errID: api.ErrInvalidRequestStructure, data: []string{"username"}},
		{name: "login array body", req: req{method: "POST", path: "/auth/login", body: `[]`, invalid: true},
			status: 400, errID: api.ErrInvalidRequestStructure},

		{name: "refresh", req: req{method: "POST", path: "/auth/refresh", token: pair.RefreshToken}, status: 200},
		{name: "refresh again with the rotated token", req: req{method: "POST", path: "/auth/refresh", token: pair.RefreshToken},
			status: 401, errID: api.ErrInvalidAccessToken},
		{name: "refresh with an access token", req: req{method: "POST", path: "/auth/refresh", token: spare.Token},
			status: 401, errID: api.ErrInvalidAccessToken},
		{name: "access with a refresh token", req: req{method: "GET", path: "/auth/me", token: spare.RefreshToken},
			status: 401, errID: api.ErrInvalidAccessToken},

		{name: "me", req: req{method: "GET", path: "/auth/me", token: f.reader}, status: 200, check: func(t *testing.T, r resp) {
			me := decodeInto[api.Me](t, r)
			if me.Kind != api.CallerAdminUser || me.Name != "reader" || len(me.Permissions.Users) != 1 || me.Permissions.Settings[0] != "read" {
				t.Errorf("me answered %+v", me)
			}
		}},
		{name: "me with the bare token", req: req{method: "GET", path: "/auth/me", header: map[string]string{"Authorization": f.reader}}, status: 200},
		{name: "me with lower-case bearer", req: req{method: "GET", path: "/auth/me", header: map[string]string{"Authorization": "bearer " + f.reader}}, status: 200},

		{name: "logout", req: req{method: "POST", path: "/auth/logout", token: spare.Token}, status: 204},
		{name: "the logged out token", req: req{method: "GET", path: "/auth/me", token: spare.Token}, status: 401, errID: api.ErrInvalidAccessToken},
		{name: "the logged out token's refresh token", req: req{method: "POST", path: "/auth/refresh", token: spare.RefreshToken},
			status: 401, errID: api.ErrInvalidAccessToken},

		{name: "client credentials in the form", req: req{method: "POST", path: "/oauth/token", contentType: formCT,
			body: form(url.Values{"grant_type": {"client_credentials"}, "client_id": {clientID}, "client_secret": {clientSecret}, "scope": {"admin"}})},
			status: 200, check: func(t *testing.T, r resp) {
				tok := decodeInto[api.OAuthToken](t, r)
				if tok.TokenType != "Bearer" || tok.ExpiresIn < 3590 || tok.Scope != "admin" || r.header.Get("Cache-Control") != "no-store" {
					t.Errorf("token answer %+v, headers %v", tok, r.header)
				}
				if strings.Contains(string(r.body), "refresh") {
					t.Errorf("a client token came with a refresh token: %s", r.body)
				}
				var me api.Me
				f.ok(req{method: "GET", path: "/auth/me", token: tok.AccessToken}, 200, &me)
				if me.Kind != api.CallerClient || me.Name != clientID || me.Permissions.PlatformUsers[0] != "read" || me.Permissions.Users == nil {
					t.Errorf("client me %+v", me)
				}
				f.fail(req{method: "GET", path: "/users", token: tok.AccessToken}, 403, api.ErrForbidden)
				f.ok(req{method: "GET", path: "/platform-users", token: tok.AccessToken}, 200, nil)
			}},
		{name: "client credentials with Basic", req: req{method: "POST", path: "/oauth/token", contentType: formCT,
			body: form(url.Values{"grant_type": {"client_credentials"}}), header: map[string]string{"Authorization": basic}}, status: 200},
		{name: "client credentials wrong secret", req: req{method: "POST", path: "/oauth/token", contentType: formCT,
			body: form(url.Values{"grant_type": {"client_credentials"}, "client_id": {clientID}, "client_secret": {"nope"}})},
			status: 401, errID: "oauth:invalid_client"},
		{name: "client credentials wrong Basic", req: req{method: "POST", path: "/oauth/token", contentType: formCT,
			body:   form(url.Values{"grant_type": {"client_credentials"}}),
			header: map[string]string{"Authorization": "Basic " + base64.StdEncoding.EncodeToString([]byte(clientID+":x"))}},
			status: 401, errID: "oauth:invalid_client", check: func(t *testing.T, r resp) {
				if r.header.Get("WWW-Authenticate") == "" {
					t.Error("401 to Basic without WWW-Authenticate")
				}
			}},
		{name: "client credentials unknown client", req: req{method: "POST", path: "/oauth/token", contentType: formCT,
			body: form(url.Values{"grant_type": {"client_credentials"}, "client_id": {"ghost"}, "client_secret": {clientSecret}})},
			status: 401, errID: "oauth:invalid_client"},
		{name: "client credentials without client", req: req{method: "POST", path: "/oauth/token", contentType: formCT,
			body: form(url.Values{"grant_type": {"client_credentials"}})}, status: 401, errID: "oauth:invalid_client"},
		{name: "client credentials Basic and form", req: req{method: "POST", path: "/oauth/token", contentType: formCT,
			body:   form(url.Values{"grant_type": {"client_credentials"}, "client_id": {clientID}, "client_secret": {clientSecret}}),
			header: map[string]string{"Authorization": basic}}, status: 400, errID: "oauth:invalid_request"},
		{name: "password grant", req: req{method: "POST", path: "/oauth/token", contentType: formCT, invalid: true,
			body: form(url.Values{"grant_type": {"password"}, "client_id": {clientID}, "client_secret": {clientSecret}})},
			status: 400, errID: "oauth:unsupported_grant_type"},
		{name: "no grant type", req: req{method: "POST", path: "/oauth/token", contentType: formCT, invalid: true,
			body: form(url.Values{"client_id": {clientID}, "client_secret": {clientSecret}})}, status: 400, errID: "oauth:invalid_request"},
		{name: "token request as JSON", req: req{method: "POST", path: "/oauth/token", invalid: true,
			body: map[string]string{"grant_type": "client_credentials"}}, status: 400, errID: "oauth:invalid_request"},
	})
}

func TestContractAdminUsers(t *testing.T) {
	f := newFixture(t)
	all := allPermissions()
	creator := f.adminWith("creator", api.Permissions{Users: []string{"create", "changePermissions", "read"}})
	runContract(t, f.testAPI, []contractCase{
		{name: "list", req: req{method: "GET", path: "/users", token: f.reader}, status: 200, check: func(t *testing.T, r resp) {
			l := decodeInto[api.AdminUserList](t, r)
			names := []string{}
			for _, u := range l.Users {
				names = append(names, u.Username)
			}
			if l.Total != 4 || l.Offset != 0 || l.Limit != 10 || strings.Join(names, ",") != "creator,noperm,reader,root" {
				t.Errorf("list answered total %d offset %d limit %d users %v", l.Total, l.Offset, l.Limit, names)
			}
		}},
		{name: "list paged", req: req{method: "GET", path: "/users?offset=1&limit=2", token: f.reader}, status: 200, check: func(t *testing.T, r resp) {
			l := decodeInto[api.AdminUserList](t, r)
			if l.Total != 4 || len(l.Users) != 2 || l.Users[0].Username != "noperm" || l.Limit != 2 || l.Offset != 1 {
				t.Errorf("page answered %+v", l)
			}
		}},
		{name: "list past the end", req: req{method: "GET", path: "/users?offset=50", token: f.reader}, status: 200, check: func(t *testing.T, r resp) {
			if !strings.Contains(string(r.body), `"users":[]`) {
				t.Errorf("empty page is not []: %s", r.body)
			}
		}},
		{name: "list offset negative", req: req{method: "GET", path: "/users?offset=-1", token: f.reader, invalid: true},
			status: 400, errID: api.ErrInvalidParametersFormat, data: []string{"offset"}},
		{name: "list limit 0 and offset not a number", req: req{method: "GET", path: "/users?limit=0&offset=x", token: f.reader, invalid: true},
			status: 400, errID: api.ErrInvalidParametersFormat, data: []string{"limit", "offset"}},
		{name: "list limit 101", req: req{method: "GET", path: "/users?limit=101", token: f.reader, invalid: true},
			status: 400, errID: api.ErrInvalidParametersFormat, data: []string{"limit"}},
		{name: "list limit not a number", req: req{method: "GET", path: "/users?limit=1.5", token: f.reader, invalid: true},
			status: 400, errID: api.ErrInvalidParametersFormat, data: []string{"limit"}},

		{name: "get", req: req{method: "GET", path: "/users/root", token: f.reader}, status: 200, check: func(t *testing.T, r resp) {
			u := decodeInto[api.AdminUser](t, r)
			if u.Username != rootUser || len(u.Permissions.Users) != 5 || u.CreatedAt.IsZero() {
				t.Errorf("get answered %+v", u)
			}
		}},
		{name: "get unknown", req: req{method: "GET", path: "/users/ghost", token: f.reader}, status: 404, errID: api.ErrUnknownResource},

		{name: "create", req: req{method: "POST", path: "/users", token: f.root, body: api.CreateAdminUser{
			Username: "ops.team_1", Password: strings.Repeat("p", 200),
			Permissions: api.Permissions{Users: []string{"read", "read"}, Settings: []string{}, PlatformUsers: []string{"update", "read"}, Accounts: []string{}}}},
			status: 201, check: func(t *testing.T, r resp) {
				u := decodeInto[api.AdminUser](t, r)
				if r.header.Get("Location") != "/users/ops.team_1" || strings.Join(u.Permissions.PlatformUsers, ",") != "read,update" || len(u.Permissions.Users) != 1 {
					t.Errorf("create answered %+v, Location %q", u, r.header.Get("Location"))
				}
				f.login("ops.team_1", strings.Repeat("p", 200))
				f.fail(req{method: "POST", path: "/auth/login", body: api.LoginRequest{Username: "ops.team_1", Password: strings.Repeat("p", 199) + "q"}},
					401, api.ErrInvalidCredentials)
			}},
		{name: "create taken", req: req{method: "POST", path: "/users", token: f.root, body: api.CreateAdminUser{
			Username: "ops.team_1", Password: "password1", Permissions: all}}, status: 409, errID: api.ErrItemAlreadyExists},
		{name: "create breaking every rule", req: req{method: "POST", path: "/users", token: f.root, invalid: true,
			body: `{"username":"-Bad","password":"short","permissions":{"users":["read","fly"],"settings":[],"platformUsers":[],"accounts":["own"]}}`},
			status: 400, errID: api.ErrInvalidParametersFormat, data: []string{"username", "password", "permissions.users.1", "permissions.accounts.0"}},
		{name: "create password too long", req: req{method: "POST", path: "/users", token: f.root, invalid: true, body: api.CreateAdminUser{
			Username: "longpw", Password: strings.Repeat("p", 257), Permissions: all}},
			status: 400, errID: api.ErrInvalidParametersFormat, data: []string{"password"}},
		{name: "create wrong types", req: req{method: "POST", path: "/users", token: f.root, invalid: true,
			body: `{"username":"abc","password":"password1","permissions":{"users":"read"}}`},
			status: 400, errID: api.ErrInvalidRequestStructure, data: []string{"permissions.users"}},
		{name: "create unknown permission group", req: req{method: "POST", path: "/users", token: f.root, invalid: true,
			body: `{"username":"abc","password":"password1","permissions":{"robots":["read"]}}`},
			status: 400, errID: api.ErrInvalidRequestStructure, data: []string{"permissions.robots"}},
		{name: "create granting what the caller lacks", req: req{method: "POST", path: "/users", token: creator, body: api.CreateAdminUser{
			Username: "minion", Password: "password1", Permissions: api.Permissions{Users: []string{"read"}, Settings: []string{"read"}, PlatformUsers: []string{}, Accounts: []string{}}}},
			status: 403, errID: api.ErrForbidden, check: func(t *testing.T, r resp) {
				if d := errData(t, r); d["permission"] != "settings:read" {
					t.Errorf("403 names %v", d)
				}
			}},
		{name: "create granting what the caller holds", req: req{method: "POST", path: "/users", token: creator, body: api.CreateAdminUser{
			Username: "minion", Password: "password1", Permissions: api.Permissions{Users: []string{"read"}, Settings: []string{}, PlatformUsers: []string{}, Accounts: []string{}}}},
			status: 201},

		{name: "set permissions", req: req{method: "PUT", path: "/users/minion/permissions", token: f.root, body: api.UpdatePermissions{
			Permissions: api.Permissions{Users: []string{}, Settings: []string{"update"}, PlatformUsers: []string{}, Accounts: []string{"delete", "read"}}}},
			status: 200, check: func(t *testing.T, r resp) {
				u := decodeInto[api.AdminUser](t, r)
				if strings.Join(u.Permissions.Accounts, ",") != "read,delete" || len(u.Permissions.Users) != 0 || !u.UpdatedAt.After(u.CreatedAt.Add(-1)) {
					t.Errorf("set permissions answered %+v", u)
				}
			}},
		{name: "set permissions of an admin holding what the caller lacks", req: req{method: "PUT", path: "/users/minion/permissions", token: creator,
			body: api.UpdatePermissions{Permissions: api.Permissions{Users: []string{"read"}, Settings: []string{"update"}, PlatformUsers: []string{}, Accounts: []string{"read", "delete"}}}},
			status: 403, errID: api.ErrForbidden, check: func(t *testing.T, r resp) {
				if d := errData(t, r); d["permission"] != "settings:update" {
					t.Errorf("403 names %v", d)
				}
			}},
		{name: "set permissions removing what the caller lacks", req: req{method: "PUT", path: "/users/minion/permissions", token: creator,
			body: api.UpdatePermissions{Permissions: api.Permissions{Users: []string{"read"}, Settings: []string{"update"}, PlatformUsers: []string{}, Accounts: []string{"read"}}}},
			status: 403, errID: api.ErrForbidden, check: func(t *testing.T, r resp) {
				if d := errData(t, r); d["permission"] != "settings:update" {
					t.Errorf("403 names %v", d)
				}
			}},
		{name: "set permissions within the caller's", req: req{method: "PUT", path: "/users/minion/permissions", token: f.root,
			body: api.UpdatePermissions{Permissions: api.Permissions{Users: []string{"read"}, Settings: []string{}, PlatformUsers: []string{}, Accounts: []string{}}}},
			status: 200},
		{name: "set permissions as a caller holding the target's", req: req{method: "PUT", path: "/users/minion/permissions", token: creator,
			body: api.UpdatePermissions{Permissions: api.Permissions{Users: []string{"read", "create"}, Settings: []string{}, PlatformUsers: []string{}, Accounts: []string{}}}},
			status: 200},
		{name: "set permissions granting what the caller lacks", req: req{method: "PUT", path: "/users/minion/permissions", token: creator,
			body: api.UpdatePermissions{Permissions: api.Permissions{Users: []string{"delete"}, Settings: []string{}, PlatformUsers: []string{}, Accounts: []string{}}}},
			status: 403, errID: api.ErrForbidden, check: func(t *testing.T, r resp) {
				if d := errData(t, r); d["permission"] != "users:delete" {
					t.Errorf("403 names %v", d)
				}
			}},
		{name: "set permissions invalid", req: req{method: "PUT", path: "/users/minion/permissions", token: f.root, invalid: true,
			body: `{"permissions":{"users":["root"],"settings":["write"],"platformUsers":[],"accounts":[]}}`},
			status: 400, errID: api.ErrInvalidParametersFormat, data: []string{"permissions.users.0", "permissions.settings.0"}},
		{name: "set permissions unknown user", req: req{method: "PUT", path: "/users/ghost/permissions", token: f.root,
			body: api.UpdatePermissions{Permissions: normalized(api.Permissions{})}}, status: 404, errID: api.ErrUnknownResource},

		{name: "reset password to a given one", req: req{method: "POST", path: "/users/minion/reset-password", token: f.root,
			body: api.ResetPassword{Password: ptr("new-password-1")}}, status: 200, check: func(t *testing.T, r resp) {
			res := decodeInto[api.ResetPasswordResult](t, r)
			if res.Username != "minion" || res.Password != "new-password-1" {
				t.Errorf("reset answered %+v", res)
			}
			f.login("minion", "new-password-1")
		}},
		{name: "reset password to a random one", req: req{method: "POST", path: "/users/minion/reset-password", token: f.root},
			status: 200, check: func(t *testing.T, r resp) {
				res := decodeInto[api.ResetPasswordResult](t, r)
				if len(res.Password) != 16 {
					t.Errorf("random password %q", res.Password)
				}
				f.login("minion", res.Password)
			}},
		{name: "reset password with an empty object", req: req{method: "POST", path: "/users/minion/reset-password", token: f.root, body: `{}`},
			status: 200},
		{name: "reset password too short", req: req{method: "POST", path: "/users/minion/reset-password", token: f.root, invalid: true,
			body: api.ResetPassword{Password: ptr("short")}}, status: 400, errID: api.ErrInvalidParametersFormat, data: []string{"password"}},
		{name: "reset password unknown user", req: req{method: "POST", path: "/users/ghost/reset-password", token: f.root},
			status: 404, errID: api.ErrUnknownResource},

		{name: "delete", req: req{method: "DELETE", path: "/users/minion", token: f.root}, status: 204, check: func(t *testing.T, r resp) {
			if len(r.body) != 0 {
				t.Errorf("204 with a body: %s", r.body)
			}
			f.fail(req{method: "GET", path: "/users/minion", token: f.root}, 404, api.ErrUnknownResource)
		}},
		{name: "delete again", req: req{method: "DELETE", path: "/users/minion", token: f.root}, status: 404, errID: api.ErrUnknownResource},
		{name: "delete yourself", req: req{method: "DELETE", path: "/users/root", token: f.root}, status: 409, errID: api.ErrConflict},
		{name: "a deleted user's token", req: req{method: "DELETE", path: "/users/creator", token: f.root}, status: 204, check: func(t *testing.T, r resp) {
			f.fail(req{method: "GET", path: "/auth/me", token: creator}, http.StatusUnauthorized, api.ErrInvalidAccessToken)
		}},
		{name: "a permission change applies at once", req: req{method: "PUT", path: "/users/reader/permissions", token: f.root,
			body: api.UpdatePermissions{Permissions: normalized(api.Permissions{})}}, status: 200, check: func(t *testing.T, r resp) {
			f.fail(req{method: "GET", path: "/users", token: f.reader}, http.StatusForbidden, api.ErrForbidden)
		}},
	})
}
