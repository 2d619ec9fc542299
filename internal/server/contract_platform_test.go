package server

import (
	"fmt"
	"net/http"
	"slices"
	"strings"
	"testing"

	"github.com/adminapi/terraform-provider-adminapi/internal/api"
)

func usernames(t *testing.T, r resp) string {
	l := decodeInto[api.PlatformUserList](t, r)
	var names []string
	for _, u := range l.Users {
		names = append(names, u.Username)
	}
	return fmt.Sprintf("%d:%s", l.Total, strings.Join(names, ","))
}

func wantUsers(want string) func(t *testing.T, r resp) {
	return func(t *testing.T, r resp) {
		if got := usernames(t, r); got != want {
			t.Errorf("listed %s, want %s", got, want)
		}
	}
}

func TestContractPlatformUsers(t *testing.T) {
	f := newFixture(t)
	long := strings.Repeat("x", 300)
	runContract(t, f.testAPI, []contractCase{
		{name: "create with every field", req: req{method: "POST", path: "/platform-users", token: f.root, body: api.CreatePlatformUser{
			Username: "carol-1", Email: "Carol@Example.com", Password: ptr("secret"), Name: ptr("Carol"), Language: ptr("fr-CH"),
			Tags: []string{"zeta", "alpha", "zeta"}, Metadata: map[string]string{"team": "blue"}, ExternalID: ptr("S-1-5-21"),
			Referer: ptr("partner"), InvitationToken: ptr("invite-1"), Status: ptr("disabled"),
		}}, status: 201, check: func(t *testing.T, r resp) {
			u := decodeInto[api.PlatformUser](t, r)
			if r.header.Get("Location") != "/platform-users/carol-1" || strings.Join(u.Tags, ",") != "alpha,zeta" ||
				u.Language != "fr-CH" || u.Status != "disabled" || *u.ExternalID != "S-1-5-21" || u.Referer != "partner" ||
				u.InvitationToken != "invite-1" || u.Server != "https://core.example.com/" || u.RegisteredTimestamp == 0 ||
				u.RegisteredDate == "" || u.Metadata["team"] != "blue" || u.LDAP || u.Email != "Carol@Example.com" {
				t.Errorf("create answered %+v", u)
			}
		}},
		{name: "create with the defaults", req: req{method: "POST", path: "/platform-users", token: f.root,
			body: api.CreatePlatformUser{Username: "dave0", Email: "dave@example.com", Password: ptr("secret")}},
			status: 201, check: func(t *testing.T, r resp) {
				u := decodeInto[api.PlatformUser](t, r)
				if u.Language != "en" || u.Status != "enabled" || u.ExternalID != nil || u.Tags == nil || u.Metadata == nil || u.Roles == nil {
					t.Errorf("defaults %+v", u)
				}
				for _, s := range []string{`"tags":[]`, `"metadata":{}`, `"roles":[]`, `"external_id":null`, `"name":""`} {
					if !strings.Contains(string(r.body), s) {
						t.Errorf("answer lacks %s: %s", s, r.body)
					}
				}
			}},
		{name: "create LDAP", req: req{method: "POST", path: "/platform-users", token: f.root,
			body: api.CreatePlatformUser{Username: "erin-ldap", Email: "erin@example.com", LDAP: ptr(true)}}, status: 201},
		{name: "create LDAP with a password", req: req{method: "POST", path: "/platform-users", token: f.root, invalid: true,
			body: api.CreatePlatformUser{Username: "frank", Email: "frank@example.com", LDAP: ptr(true), Password: ptr("secret")}},
			status: 400, errID: api.ErrInvalidParametersFormat, data: []string{"password"}},
		{name: "create without password", req: req{method: "POST", path: "/platform-users", token: f.root, invalid: true,
			body: api.CreatePlatformUser{Username: "frank", Email: "frank@example.com"}},
			status: 400, errID: api.ErrInvalidParametersFormat, data: []string{"password"}},
		{name: "create breaking every rule", req: req{method: "POST", path: "/platform-users", token: f.root, invalid: true,
			body: api.CreatePlatformUser{Username: "Bad_", Email: "not-an-email", Password: ptr("12345"), Name: ptr(long),
				Language: ptr("english"), Tags: []string{"", strings.Repeat("t", 65)}, Metadata: map[string]string{"k": strings.Repeat("v", 1025)},
				ExternalID: ptr(strings.Repeat("e", 256)), Status: ptr("gone")}},
			status: 400, errID: api.ErrInvalidParametersFormat,
			data: []string{"username", "email", "password", "name", "language", "tags.0", "tags.1", "metadata.k", "external_id", "status"}},
		{name: "create too many tags and keys", req: req{method: "POST", path: "/platform-users", token: f.root, invalid: true,
			body: api.CreatePlatformUser{Username: "frank", Email: strings.Repeat("a", 300) + "@x.io", Password: ptr("secret"),
				Tags: manyStrings(33), Metadata: manyKeys(101)}},
			status: 400, errID: api.ErrInvalidParametersFormat, data: []string{"email", "tags", "metadata"}},
		{name: "create password too long", req: req{method: "POST", path: "/platform-users", token: f.root, invalid: true,
			body: api.CreatePlatformUser{Username: "frank", Email: "frank@example.com", Password: ptr(strings.Repeat("p", 100))}},
			status: 400, errID: api.ErrInvalidParametersFormat, data: []string{"password"}},
		{name: "create wrong types", req: req{method: "POST", path: "/platform-users", token: f.root, invalid: true,
			body: `{"username":"frank","email":"frank@example.com","password":"secret","tags":"a"}`},
			status: 400, errID: api.ErrInvalidRequestStructure, data: []string{"tags"}},
		{name: "create wrong metadata value type", req: req{method: "POST", path: "/platform-users", token: f.root, invalid: true,
			body: `{"username":"frank","email":"frank@example.com","password":"secret","metadata":{"a":1}}`},
			status: 400, errID: api.ErrInvalidRequestStructure, data: []string{"metadata"}},
		{name: "create unknown field", req: req{method: "POST", path: "/platform-users", token: f.root, invalid: true,
			body: `{"username":"frank","email":"frank@example.com","password":"secret","admin":true}`},
			status: 400, errID: api.ErrInvalidRequestStructure, data: []string{"admin"}},
		{name: "create taken username", req: req{method: "POST", path: "/platform-users", token: f.root,
			body: api.CreatePlatformUser{Username: "alice", Email: "other@example.com", Password: ptr("secret")}},
			status: 409, errID: api.ErrItemAlreadyExists, data: []string{"username"}},
		{name: "create taken e-mail in other case", req: req{method: "POST", path: "/platform-users", token: f.root,
			body: api.CreatePlatformUser{Username: "frank", Email: "ALICE@example.com", Password: ptr("secret")}},
			status: 409, errID: api.ErrItemAlreadyExists, data: []string{"email"}},
		{name: "create taken external id", req: req{method: "POST", path: "/platform-users", token: f.root,
			body: api.CreatePlatformUser{Username: "frank", Email: "frank@example.com", Password: ptr("secret"), ExternalID: ptr("sid-alice")}},
			status: 409, errID: api.ErrItemAlreadyExists, data: []string{"external_id"}},

		{name: "list", req: req{method: "GET", path: "/platform-users", token: f.reader}, status: 200,
			check: wantUsers("5:alice,bobby,carol-1,dave0,erin-ldap")},
		{name: "list paged", req: req{method: "GET", path: "/platform-users?offset=2&limit=2", token: f.reader}, status: 200,
			check: wantUsers("5:carol-1,dave0")},
		{name: "list by e-mail, in another case than stored", req: req{method: "GET", path: "/platform-users?email=carol@example.com", token: f.reader}, status: 200,
			check: wantUsers("1:carol-1")},
		{name: "list by e-mail in upper case", req: req{method: "GET", path: "/platform-users?email=CAROL@EXAMPLE.COM", token: f.reader}, status: 200,
			check: wantUsers("1:carol-1")},
		{name: "list by name", req: req{method: "GET", path: "/platform-users?name=Alice", token: f.reader}, status: 200, check: wantUsers("1:alice")},
		{name: "list by status", req: req{method: "GET", path: "/platform-users?status=disabled", token: f.reader}, status: 200, check: wantUsers("1:carol-1")},
		{name: "list by tag", req: req{method: "GET", path: "/platform-users?tag=zeta", token: f.reader}, status: 200, check: wantUsers("1:carol-1")},
		{name: "list by external id", req: req{method: "GET", path: "/platform-users?external_id=sid-alice", token: f.reader}, status: 200, check: wantUsers("1:alice")},
		{name: "list by tag and status", req: req{method: "GET", path: "/platform-users?tag=zeta&status=enabled", token: f.reader}, status: 200, check: wantUsers("0:")},
		{name: "list bad status and limit", req: req{method: "GET", path: "/platform-users?status=gone&limit=500", token: f.reader, invalid: true},
			status: 400, errID: api.ErrInvalidParametersFormat, data: []string{"status", "limit"}},

		{name: "get", req: req{method: "GET", path: "/platform-users/alice", token: f.reader}, status: 200},
		{name: "get unknown", req: req{method: "GET", path: "/platform-users/ghost", token: f.reader}, status: 404, errID: api.ErrUnknownResource},

		{name: "patch", req: req{method: "PATCH", path: "/platform-users/dave0", token: f.root, body: api.UpdatePlatformUser{
			Email: ptr("dave@new.example.com"), Name: ptr("Dave"), Language: ptr("de"), Tags: &[]string{"b", "a"},
			Metadata: &map[string]string{"x": "y"}, ExternalID: ptr("sid-dave")}}, status: 200, check: func(t *testing.T, r resp) {
			u := decodeInto[api.PlatformUser](t, r)
			if u.Email != "dave@new.example.com" || u.Name != "Dave" || u.Language != "de" || strings.Join(u.Tags, ",") != "a,b" ||
				u.Metadata["x"] != "y" || *u.ExternalID != "sid-dave" || u.Status != "enabled" {
				t.Errorf("patch answered %+v", u)
			}
		}},
		{name: "patch clears", req: req{method: "PATCH", path: "/platform-users/dave0", token: f.root, body: api.UpdatePlatformUser{
			Name: ptr(""), ExternalID: ptr(""), Language: ptr(""), Tags: &[]string{}, Metadata: &map[string]string{}}},
			status: 200, check: func(t *testing.T, r resp) {
				u := decodeInto[api.PlatformUser](t, r)
				if u.Name != "" || u.ExternalID != nil || u.Language != "en" || len(u.Tags) != 0 || len(u.Metadata) != 0 || u.Email != "dave@new.example.com" {
					t.Errorf("patch answered %+v", u)
				}
			}},
		{name: "patch nothing", req: req{method: "PATCH", path: "/platform-users/dave0", token: f.root, body: `{}`}, status: 200},
		{name: "patch e-mail taken", req: req{method: "PATCH", path: "/platform-users/dave0", token: f.root,
			body: api.UpdatePlatformUser{Email: ptr("alice@example.com")}}, status: 409, errID: api.ErrItemAlreadyExists, data: []string{"email"}},
		{name: "patch own e-mail in other case", req: req{method: "PATCH", path: "/platform-users/alice", token: f.root,
			body: api.UpdatePlatformUser{Email: ptr("Alice@example.com")}}, status: 200},
		{name: "patch external id taken", req: req{method: "PATCH", path: "/platform-users/dave0", token: f.root,
			body: api.UpdatePlatformUser{ExternalID: ptr("sid-alice")}}, status: 409, errID: api.ErrItemAlreadyExists, data: []string{"external_id"}},
		{name: "patch breaking rules", req: req{method: "PATCH", path: "/platform-users/dave0", token: f.root, invalid: true,
			body: api.UpdatePlatformUser{Email: ptr("nope"), Language: ptr("toolong"), Tags: &[]string{""}}},
			status: 400, errID: api.ErrInvalidParametersFormat, data: []string{"email", "language", "tags.0"}},
		{name: "patch a field of another resource", req: req{method: "PATCH", path: "/platform-users/dave0", token: f.root, invalid: true,
			body: `{"status":"disabled"}`}, status: 400, errID: api.ErrInvalidRequestStructure, data: []string{"status"}},
		{name: "patch unknown", req: req{method: "PATCH", path: "/platform-users/ghost", token: f.root, body: api.UpdatePlatformUser{Name: ptr("x")}},
			status: 404, errID: api.ErrUnknownResource},

		{name: "set password", req: req{method: "PUT", path: "/platform-users/alice/password", token: f.root, body: api.SetPassword{Password: "another"}},
			status: 204},
		{name: "set password too short", req: req{method: "PUT", path: "/platform-users/alice/password", token: f.root, invalid: true,
			body: api.SetPassword{Password: "abc"}}, status: 400, errID: api.ErrInvalidParametersFormat, data: []string{"password"}},
		{name: "set password of an LDAP user", req: req{method: "PUT", path: "/platform-users/bobby/password", token: f.root,
			body: api.SetPassword{Password: "another"}}, status: 409, errID: api.ErrConflict},
		{name: "set password unknown", req: req{method: "PUT", path: "/platform-users/ghost/password", token: f.root,
			body: api.SetPassword{Password: "another"}}, status: 404, errID: api.ErrUnknownResource},

		{name: "disable", req: req{method: "POST", path: "/platform-users/alice/disable", token: f.root}, status: 200, check: wantStatus("disabled")},
		{name: "disable again", req: req{method: "POST", path: "/platform-users/alice/disable", token: f.root}, status: 200, check: wantStatus("disabled")},
		{name: "enable", req: req{method: "POST", path: "/platform-users/alice/enable", token: f.root}, status: 200, check: wantStatus("enabled")},
		{name: "enable again", req: req{method: "POST", path: "/platform-users/alice/enable", token: f.root}, status: 200, check: wantStatus("enabled")},
		{name: "enable unknown", req: req{method: "POST", path: "/platform-users/ghost/enable", token: f.root}, status: 404, errID: api.ErrUnknownResource},
		{name: "disable unknown", req: req{method: "POST", path: "/platform-users/ghost/disable", token: f.root}, status: 404, errID: api.ErrUnknownResource},
	})
}

func wantStatus(status string) func(t *testing.T, r resp) {
	return func(t *testing.T, r resp) {
		if u := decodeInto[api.PlatformUser](t, r); u.Status != status {
			t.Errorf("status %s, want %s", u.Status, status)
		}
	}
}

func manyStrings(n int) []string {
	out := make([]string, n)
	for i := range out {
		out[i] = fmt.Sprintf("s%03d", i)
	}
	return out
}

func manyKeys(n int) map[string]string {
	out := map[string]string{}
	for i := range n {
		out[fmt.Sprintf("k%03d", i)] = "v"
	}
	return out
}

func TestContractRoles(t *testing.T) {
	f := newFixture(t)
	runContract(t, f.testAPI, []contractCase{
		{name: "create", req: req{method: "POST", path: "/roles", token: f.root, body: api.CreateRole{Name: "admin_2"}},
			status: 201, check: func(t *testing.T, r resp) {
				role := decodeInto[api.Role](t, r)
				if r.header.Get("Location") != "/roles/admin_2" || role.Description != "" || role.CreatedAt.IsZero() {
					t.Errorf("create answered %+v", role)
				}
			}},
		{name: "create taken", req: req{method: "POST", path: "/roles", token: f.root, body: api.CreateRole{Name: "auditor"}},
			status: 409, errID: api.ErrItemAlreadyExists},
		{name: "create breaking rules", req: req{method: "POST", path: "/roles", token: f.root, invalid: true,
			body: api.CreateRole{Name: "Bad Name", Description: ptr(strings.Repeat("d", 1025))}},
			status: 400, errID: api.ErrInvalidParametersFormat, data: []string{"name", "description"}},
		{name: "create without platformUsers:update", req: req{method: "POST", path: "/roles", token: f.reader, body: api.CreateRole{Name: "x"}},
			status: 403, errID: api.ErrForbidden},
		{name: "list", req: req{method: "GET", path: "/roles", token: f.reader}, status: 200, check: func(t *testing.T, r resp) {
			l := decodeInto[api.RoleList](t, r)
			if l.Total != 2 || len(l.Roles) != 2 || l.Roles[0].Name != "admin_2" || l.Roles[1].Name != "auditor" {
				t.Errorf("list answered %+v", l)
			}
		}},
		{name: "list bad offset", req: req{method: "GET", path: "/roles?offset=abc", token: f.reader, invalid: true},
			status: 400, errID: api.ErrInvalidParametersFormat, data: []string{"offset"}},
		{name: "get", req: req{method: "GET", path: "/roles/auditor", token: f.reader}, status: 200, check: func(t *testing.T, r resp) {
			if role := decodeInto[api.Role](t, r); role.Description != "reads logs" {
				t.Errorf("get answered %+v", role)
			}
		}},
		{name: "get unknown", req: req{method: "GET", path: "/roles/ghost", token: f.reader}, status: 404, errID: api.ErrUnknownResource},
		{name: "patch", req: req{method: "PATCH", path: "/roles/auditor", token: f.root, body: api.UpdateRole{Description: "audits"}},
			status: 200, check: func(t *testing.T, r resp) {
				if role := decodeInto[api.Role](t, r); role.Description != "audits" {
					t.Errorf("patch answered %+v", role)
				}
			}},
		{name: "patch too long", req: req{method: "PATCH", path: "/roles/auditor", token: f.root, invalid: true,
			body: api.UpdateRole{Description: strings.Repeat("d", 1025)}}, status: 400, errID: api.ErrInvalidParametersFormat, data: []string{"description"}},
		{name: "patch unknown", req: req{method: "PATCH", path: "/roles/ghost", token: f.root, body: api.UpdateRole{Description: "x"}},
			status: 404, errID: api.ErrUnknownResource},

		{name: "assign", req: req{method: "POST", path: "/platform-users/alice/roles/auditor", token: f.root}, status: 201,
			check: func(t *testing.T, r resp) {
				a := decodeInto[api.RoleAssignment](t, r)
				if a.Username != "alice" || a.Role != "auditor" || r.header.Get("Location") != "/platform-users/alice/roles/auditor" {
					t.Errorf("assign answered %+v %v", a, r.header)
				}
			}},
		{name: "assign a second role", req: req{method: "POST", path: "/platform-users/alice/roles/admin_2", token: f.root}, status: 201},
		{name: "assign again", req: req{method: "POST", path: "/platform-users/alice/roles/auditor", token: f.root},
			status: 409, errID: api.ErrItemAlreadyExists},
		{name: "assign unknown role", req: req{method: "POST", path: "/platform-users/alice/roles/ghost", token: f.root},
			status: 404, errID: api.ErrUnknownResource},
		{name: "assign to unknown user", req: req{method: "POST", path: "/platform-users/ghost/roles/auditor", token: f.root},
			status: 404, errID: api.ErrUnknownResource},
		{name: "roles on the user, sorted", req: req{method: "GET", path: "/platform-users/alice", token: f.reader}, status: 200,
			check: func(t *testing.T, r resp) {
				if u := decodeInto[api.PlatformUser](t, r); !slices.Equal(u.Roles, []string{"admin_2", "auditor"}) {
					t.Errorf("roles %v", u.Roles)
				}
			}},
		{name: "list by role", req: req{method: "GET", path: "/platform-users?role=auditor", token: f.reader}, status: 200, check: wantUsers("1:alice")},
		{name: "delete an assigned role", req: req{method: "DELETE", path: "/roles/auditor", token: f.root}, status: 409, errID: api.ErrConflict},
		{name: "unassign", req: req{method: "DELETE", path: "/platform-users/alice/roles/auditor", token: f.root}, status: 204},
		{name: "unassign again", req: req{method: "DELETE", path: "/platform-users/alice/roles/auditor", token: f.root},
			status: 404, errID: api.ErrUnknownResource},
		{name: "delete", req: req{method: "DELETE", path: "/roles/auditor", token: f.root}, status: 204},
		{name: "delete again", req: req{method: "DELETE", path: "/roles/auditor", token: f.root}, status: 404, errID: api.ErrUnknownResource},
	})
}

func TestContractPlatformUserDeletion(t *testing.T) {
	f := newFixture(t)
	setDeletion := func(values ...string) {
		f.ok(req{method: "PUT", path: "/admin/settings", token: f.root, body: map[string]any{"update": map[string]any{
			"API_SETTINGS": map[string]any{"settings": map[string]any{"ACCOUNT_DELETION": map[string]any{"value": append([]string{}, values...)}}}}}}, 200, nil)
	}
	setDeletion()
	f.ok(req{method: "POST", path: "/platform-users/alice/roles/auditor", token: f.root}, 201, nil)
	f.ok(req{method: "PUT", path: "/accounts/" + f.account + "/users/alice", token: f.root, body: api.SetMemberRole{Role: "admin"}}, 200, nil)
	runContract(t, f.testAPI, []contractCase{
		{name: "deletion switched off", req: req{method: "DELETE", path: "/platform-users/alice", token: f.root}, status: 403,
			errID: api.ErrDeletionDisabled, check: func(*testing.T, resp) { setDeletion("personalToken") }},
		{name: "deletion without adminToken", req: req{method: "DELETE", path: "/platform-users/alice", token: f.root}, status: 403,
			errID: api.ErrDeletionDisabled, check: func(*testing.T, resp) { setDeletion("adminToken") }},
		{name: "delete", req: req{method: "DELETE", path: "/platform-users/alice", token: f.root}, status: 204, check: func(t *testing.T, r resp) {
			var n int
			if err := f.srv.db.QueryRow(`SELECT (SELECT count(*) FROM role_assignments) + (SELECT count(*) FROM account_members)`).Scan(&n); err != nil || n != 0 {
				t.Errorf("assignments and memberships left: %d, %v", n, err)
			}
		}},
		{name: "delete again", req: req{method: "DELETE", path: "/platform-users/alice", token: f.root}, status: 404, errID: api.ErrUnknownResource},
		{name: "delete without permission", req: req{method: "DELETE", path: "/platform-users/bobby", token: f.reader}, status: http.StatusForbidden,
			errID: api.ErrForbidden},
	})
}

// TestEmailCaseFoldsASCIIOnly: e-mail addresses compare without regard to
// the case of A-Z, for uniqueness and the filter; other characters compare
// exactly (an address is ASCII, but the filter takes any text), and the
// address is answered as given.
func TestEmailCaseFoldsASCIIOnly(t *testing.T) {
	a := newTestAPI(t)
	var u api.PlatformUser
	a.ok(req{method: "POST", path: "/platform-users", token: a.root,
		body: api.CreatePlatformUser{Username: "elodie", Email: "Elodie.Martin@Example.org", Password: ptr("secret")}}, 201, &u)
	if u.Email != "Elodie.Martin@Example.org" {
		t.Errorf("e-mail answered as %q", u.Email)
	}
	for query, want := range map[string]string{
		"ELODIE.MARTIN@EXAMPLE.ORG":      "1:elodie",
		"elodie.martin@example.org":      "1:elodie",
		"%C3%89lodie.martin@example.org": "0:",
		"%C3%A9lodie.martin@example.org": "0:",
	} {
		r := a.ok(req{method: "GET", path: "/platform-users?email=" + query, token: a.root}, 200, nil)
		if got := usernames(t, r); got != want {
			t.Errorf("email=%s listed %s, want %s", query, got, want)
		}
	}
	a.fail(req{method: "POST", path: "/platform-users", token: a.root,
		body: api.CreatePlatformUser{Username: "elodie2", Email: "ELODIE.MARTIN@EXAMPLE.ORG", Password: ptr("secret")}},
		http.StatusConflict, api.ErrItemAlreadyExists)
}
