package server

import (
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/golang-jwt/jwt/v5"

	"github.com/adminapi/terraform-provider-adminapi/internal/api"
)

// sampleBodies are valid bodies of the routes whose body is required.
var sampleBodies = map[string]any{
	"POST /users":                             api.CreateAdminUser{Username: "sample", Password: "password-1", Permissions: normalized(api.Permissions{})},
	"PUT /users/{username}/permissions":       api.UpdatePermissions{Permissions: normalized(api.Permissions{})},
	"PUT /admin/settings":                     update("EMAIL_SETTINGS", "EMAIL_ENABLED", "true"),
	"POST /platform-users":                    api.CreatePlatformUser{Username: "sample", Email: "sample@example.com", LDAP: ptr(true)},
	"PATCH /platform-users/{username}":        api.UpdatePlatformUser{Name: ptr("Sample")},
	"PUT /platform-users/{username}/password": api.SetPassword{Password: "password-1"},
	"POST /roles":                             api.CreateRole{Name: "sample"},
	"PATCH /roles/{name}":                     api.UpdateRole{Description: "sample"},
	"POST /accounts":                          api.AccountInput{Name: "sample"},
	"PUT /accounts/{id}":                      api.AccountInput{Name: "sample"},
	"PUT /accounts/{id}/users/{username}":     api.SetMemberRole{Role: api.MemberRoleUser},
}

// allBut answers every permission but p.
func allBut(p permission) api.Permissions {
	var out api.Permissions
	groups := map[string]*[]string{api.GroupUsers: &out.Users, api.GroupSettings: &out.Settings,
		api.GroupPlatformUsers: &out.PlatformUsers, api.GroupAccounts: &out.Accounts}
	for _, q := range permissionList(allPermissions()) {
		if q != p {
			*groups[q.group] = append(*groups[q.group], q.name)
		}
	}
	return normalized(out)
}

// lackingName names the admin user and the API client that lack p.
func lackingName(p permission) string { return strings.ToLower("lacks-" + p.group + "-" + p.name) }

// badTokens are tokens that every route taking a token refuses, by the
// route's way of authentication.
func badTokens(t *testing.T, f *fixture) map[authMode]map[string]string {
	live := f.login(rootUser, rootPassword)
	revoked := f.login(rootUser, rootPassword)
	f.ok(req{method: "POST", path: "/auth/logout", token: revoked.Token}, 204, nil)
	resign := func(raw, tokenType string, key []byte, exp time.Time) string {
		c, err := f.srv.parseToken(raw, tokenType)
		if err != nil {
			t.Fatal(err)
		}
		c.ExpiresAt = jwt.NewNumericDate(exp)
		s, err := jwt.NewWithClaims(jwt.SigningMethodHS256, c).SignedString(key)
		if err != nil {
			t.Fatal(err)
		}
		return s
	}
	past, future := time.Now().Add(-time.Minute), time.Now().Add(time.Hour)
	otherKey := []byte("another key of 32 bytes, not ours")
	access := map[string]string{
		"expired access token":               resign(live.Token, tokenAccess, f.srv.signingKey, past),
		"revoked access token":               revoked.Token,
		"access token signed by another key": resign(live.Token, tokenAccess, otherKey, future),
	}
	refresh := map[string]string{
		"expired refresh token":               resign(live.RefreshToken, tokenRefresh, f.srv.signingKey, past),
		"revoked refresh token":               revoked.RefreshToken,
		"refresh token signed by another key": resign(live.RefreshToken, tokenRefresh, otherKey, future),
	}
	out := map[authMode]map[string]string{authAccess: {"refresh token as access token": live.RefreshToken},
		authRefresh: {"access token to refresh": live.Token}, authAny: {}}
	for name, tok := range access {
		out[authAccess][name], out[authAny][name] = tok, tok
	}
	for name, tok := range refresh {
		out[authRefresh][name], out[authAny][name] = tok, tok
	}
	return out
}

// TestRouteAuthorizationTable: every route of the route table answers 403
// naming its permission to an admin user and to an API client holding every
// permission but that one, and 401 to an expired, revoked or foreign token
// and to a token of the wrong type.
func TestRouteAuthorizationTable(t *testing.T) {
	hash, err := bcryptHash(clientSecret)
	if err != nil {
		t.Fatal(err)
	}
	perms := permissionList(allPermissions())
	f := newFixture(t, func(c *Config) {
		for _, p := range perms {
			c.Clients = append(c.Clients, APIClient{ID: lackingName(p), SecretHash: hash, Permissions: allBut(p)})
		}
	})
	lacking := map[permission][]string{}
	for _, p := range perms {
		var tok api.OAuthToken
		f.ok(req{method: "POST", path: "/oauth/token", contentType: "application/x-www-form-urlencoded",
			body: "grant_type=client_credentials&client_id=" + lackingName(p) + "&client_secret=" + clientSecret}, 200, &tok)
		lacking[p] = []string{f.adminWith(lackingName(p), allBut(p)), tok.AccessToken}
	}
	bad := badTokens(t, f)
	doc, err := openAPIDoc()
	if err != nil {
		t.Fatal(err)
	}
	var checked401, checked403 int
	for _, rt := range routeTable {
		name := rt.method + " " + rt.path
		if rt.auth == authNone {
			continue // a public route: no token, no permission
		}
		rq := req{method: rt.method, path: f.samplePath(rt.path), body: sampleBodies[name]}
		if body := doc.Paths.Find(rt.path).GetOperation(rt.method).RequestBody; body != nil && body.Value.Required && rq.body == nil {
			t.Errorf("%s: add a valid body to sampleBodies", name)
			continue
		}
		checked401++
		for what, tok := range bad[rt.auth] {
			rq.token = tok
			if r := f.do(rq); r.status != http.StatusUnauthorized || decodeInto[api.ErrorEnvelope](t, r).Error.ID != api.ErrInvalidAccessToken {
				t.Errorf("%s (%s): answered %d %s, want 401 invalid-access-token", name, what, r.status, r.body)
			}
		}
		if rt.needs == (permission{}) {
			continue
		}
		checked403++
		for i, tok := range lacking[rt.needs] {
			rq.token = tok
			r := f.do(rq)
			if e := decodeInto[api.ErrorEnvelope](t, r).Error; r.status != http.StatusForbidden || e.ID != api.ErrForbidden ||
				e.Data["permission"] != rt.needs.String() {
				t.Errorf("%s by the %s lacking %s: answered %d %s", name, []string{"admin user", "API client"}[i], rt.needs, r.status, r.body)
			}
		}
	}
	if public := 2; checked401 != len(routeTable)-public || checked403 != len(routeTable)-public-3 {
		t.Errorf("checked 401 on %d routes and 403 on %d of %d", checked401, checked403, len(routeTable))
	}
}
