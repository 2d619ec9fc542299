package server

import (
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/adminapi/terraform-provider-adminapi/internal/api"
)

func TestContractAccounts(t *testing.T) {
	f := newFixture(t)
	acct := "/accounts/" + f.account
	var second api.Account
	runContract(t, f.testAPI, []contractCase{
		{name: "create with the defaults", req: req{method: "POST", path: "/accounts", token: f.root, body: api.AccountInput{Name: "beta"}},
			status: 201, check: func(t *testing.T, r resp) {
				second = decodeInto[api.Account](t, r)
				want := api.Account{ID: second.ID, Name: "beta", HealthTimePeriod: 86400, ExecInterval: 300, BaseLineExecInterval: 86400,
					CDModelFrequency: 604800, CDExecutionFrequency: 600, DataRetention: 0, Attributes: map[string]string{},
					Created: second.Created, Updated: second.Updated}
				if !equalAccounts(second, want) || r.header.Get("Location") != "/accounts/"+second.ID || second.Created < time.Now().Add(-time.Minute).UnixMilli() {
					t.Errorf("create answered %+v", second)
				}
				if !strings.Contains(string(r.body), `"attributes":{}`) {
					t.Errorf("attributes not {}: %s", r.body)
				}
			}},
		{name: "create with every field", req: req{method: "POST", path: "/accounts", token: f.root, body: api.AccountInput{Name: "gamma",
			HealthTimePeriod: ptr[int64](1), ExecInterval: ptr[int64](2), BaseLineExecInterval: ptr[int64](3), CDModelFrequency: ptr[int64](4),
			CDExecutionFrequency: ptr[int64](5), DataRetention: ptr[int64](6), Attributes: map[string]string{"phone": "123"}}},
			status: 201, check: func(t *testing.T, r resp) {
				a := decodeInto[api.Account](t, r)
				if a.HealthTimePeriod != 1 || a.ExecInterval != 2 || a.BaseLineExecInterval != 3 || a.CDModelFrequency != 4 ||
					a.CDExecutionFrequency != 5 || a.DataRetention != 6 || a.Attributes["phone"] != "123" {
					t.Errorf("create answered %+v", a)
				}
			}},
		{name: "create breaking every rule", req: req{method: "POST", path: "/accounts", token: f.root, invalid: true, body: api.AccountInput{
			Name: "", HealthTimePeriod: ptr[int64](-1), ExecInterval: ptr[int64](-1), BaseLineExecInterval: ptr[int64](-1),
			CDModelFrequency: ptr[int64](-1), CDExecutionFrequency: ptr[int64](-1), DataRetention: ptr[int64](-1),
			Attributes: map[string]string{"empty": "", strings.Repeat("k", 1025): "v"}}},
			status: 400, errID: api.ErrInvalidParametersFormat, data: []string{"name", "healthTimePeriod", "exec_interval",
				"base_line_exec_interval", "cd_model_frequency", "cd_execution_frequency", "data_retention", "attributes.empty",
				"attributes." + strings.Repeat("k", 1025)}},
		{name: "create name too long and too many attributes", req: req{method: "POST", path: "/accounts", token: f.root, invalid: true,
			body: api.AccountInput{Name: strings.Repeat("n", 256), Attributes: manyKeys(101)}},
			status: 400, errID: api.ErrInvalidParametersFormat, data: []string{"name", "attributes"}},
		{name: "create with a fraction", req: req{method: "POST", path: "/accounts", token: f.root, invalid: true,
			body: `{"name":"x","exec_interval":1.5}`}, status: 400, errID: api.ErrInvalidRequestStructure, data: []string{"exec_interval"}},
		{name: "create with a string number", req: req{method: "POST", path: "/accounts", token: f.root, invalid: true,
			body: `{"name":"x","data_retention":"1"}`}, status: 400, errID: api.ErrInvalidRequestStructure, data: []string{"data_retention"}},
		{name: "create with an id", req: req{method: "POST", path: "/accounts", token: f.root, invalid: true,
			body: `{"name":"x","id":"321ef007-8449-477f-9ea0-d702d77e64b9"}`}, status: 400, errID: api.ErrInvalidRequestStructure, data: []string{"id"}},

		{name: "list", req: req{method: "GET", path: "/accounts", token: f.reader}, status: 200, check: func(t *testing.T, r resp) {
			l := decodeInto[api.AccountList](t, r)
			if l.Total != 3 || len(l.Accounts) != 3 {
				t.Fatalf("list answered %+v", l)
			}
			for i := 1; i < len(l.Accounts); i++ {
				if l.Accounts[i-1].ID >= l.Accounts[i].ID {
					t.Errorf("accounts not sorted by id: %s before %s", l.Accounts[i-1].ID, l.Accounts[i].ID)
				}
			}
		}},
		{name: "list by name", req: req{method: "GET", path: "/accounts?name=beta", token: f.reader}, status: 200, check: func(t *testing.T, r resp) {
			if l := decodeInto[api.AccountList](t, r); l.Total != 1 || l.Accounts[0].Name != "beta" {
				t.Errorf("list answered %+v", l)
			}
		}},
		{name: "list bad limit", req: req{method: "GET", path: "/accounts?limit=-3", token: f.reader, invalid: true},
			status: 400, errID: api.ErrInvalidParametersFormat, data: []string{"limit"}},
		{name: "get", req: req{method: "GET", path: acct, token: f.reader}, status: 200},
		{name: "get unknown", req: req{method: "GET", path: "/accounts/00000000-0000-0000-0000-000000000000", token: f.reader},
			status: 404, errID: api.ErrUnknownResource},

		{name: "replace", req: req{method: "PUT", path: acct, token: f.root, body: api.AccountInput{Name: "acme-2", ExecInterval: ptr[int64](120),
			Attributes: map[string]string{"a": "b"}}}, status: 200, check: func(t *testing.T, r resp) {
			a := decodeInto[api.Account](t, r)
			if a.Name != "acme-2" || a.ExecInterval != 120 || a.Attributes["a"] != "b" || a.Updated < a.Created {
				t.Errorf("replace answered %+v", a)
			}
		}},
		{name: "replace resets what is omitted", req: req{method: "PUT", path: acct, token: f.root, body: api.AccountInput{Name: "acme-3"}},
			status: 200, check: func(t *testing.T, r resp) {
				a := decodeInto[api.Account](t, r)
				if a.ExecInterval != api.DefaultExecInterval || len(a.Attributes) != 0 || a.ID != f.account {
					t.Errorf("replace answered %+v", a)
				}
			}},
		{name: "replace breaking rules", req: req{method: "PUT", path: acct, token: f.root, invalid: true,
			body: api.AccountInput{Name: "", DataRetention: ptr[int64](-5)}},
			status: 400, errID: api.ErrInvalidParametersFormat, data: []string{"name", "data_retention"}},
		{name: "replace unknown", req: req{method: "PUT", path: "/accounts/ghost", token: f.root, body: api.AccountInput{Name: "x"}},
			status: 404, errID: api.ErrUnknownResource},

		{name: "activation code", req: req{method: "GET", path: acct + "/activationcode", token: f.reader}, status: 200,
			check: func(t *testing.T, r resp) {
				c := decodeInto[api.ActivationCode](t, r)
				if !api.ActivationCodePattern.MatchString(c.ActivationCode) || c.SecondsLeft == nil || *c.SecondsLeft < 3500 ||
					*c.SecondsLeft > 3600 || c.TimeLeft == nil || *c.TimeLeft-time.Now().Unix() < 3500 {
					t.Errorf("activation code %s", r.body)
				}
			}},
		{name: "activation code unknown account", req: req{method: "GET", path: "/accounts/ghost/activationcode", token: f.reader},
			status: 404, errID: api.ErrUnknownResource},
		{name: "refresh activation code", req: req{method: "PUT", path: acct + "/activationcode/refresh", token: f.root}, status: 200,
			check: func(t *testing.T, r resp) {
				c := decodeInto[api.ActivationCode](t, r)
				var again api.ActivationCode
				f.ok(req{method: "GET", path: acct + "/activationcode", token: f.root}, 200, &again)
				if again.ActivationCode != c.ActivationCode || c.SecondsLeft == nil {
					t.Errorf("refreshed %+v, then read %+v", c, again)
				}
				if _, err := f.srv.db.Exec(`UPDATE activation_codes SET expires_s = ? WHERE account_id = ?`, time.Now().Unix()-1, f.account); err != nil {
					t.Fatal(err)
				}
				r = f.ok(req{method: "GET", path: acct + "/activationcode", token: f.root}, 200, &again)
				if again.TimeLeft != nil || again.SecondsLeft != nil || !strings.Contains(string(r.body), `"timeLeft":null`) {
					t.Errorf("expired code answered %s", r.body)
				}
			}},
		{name: "refresh activation code unknown", req: req{method: "PUT", path: "/accounts/ghost/activationcode/refresh", token: f.root},
			status: 404, errID: api.ErrUnknownResource},

		{name: "add member", req: req{method: "PUT", path: acct + "/users/alice", token: f.root, body: api.SetMemberRole{Role: "user"}},
			status: 200, check: func(t *testing.T, r resp) {
				if m := decodeInto[api.AccountMember](t, r); m.Username != "alice" || m.Role != "user" {
					t.Errorf("member %+v", m)
				}
			}},
		{name: "add an unknown platform user", req: req{method: "PUT", path: acct + "/users/ghost", token: f.root, body: api.SetMemberRole{Role: "user"}},
			status: 404, errID: api.ErrUnknownResource},
		{name: "add to an unknown account", req: req{method: "PUT", path: "/accounts/ghost/users/alice", token: f.root, body: api.SetMemberRole{Role: "user"}},
			status: 404, errID: api.ErrUnknownResource},
		{name: "add with a bad role", req: req{method: "PUT", path: acct + "/users/alice", token: f.root, invalid: true, body: api.SetMemberRole{Role: "owner"}},
			status: 400, errID: api.ErrInvalidParametersFormat, data: []string{"role"}},
		{name: "promote", req: req{method: "PUT", path: acct + "/users/alice", token: f.root, body: api.SetMemberRole{Role: "admin"}}, status: 200},
		{name: "set admin again", req: req{method: "PUT", path: acct + "/users/alice", token: f.root, body: api.SetMemberRole{Role: "admin"}}, status: 200},
		{name: "demote", req: req{method: "PUT", path: acct + "/users/alice", token: f.root, body: api.SetMemberRole{Role: "user"}},
			status: 409, errID: api.ErrConflict, check: func(t *testing.T, r resp) {
				if e := decodeInto[api.ErrorEnvelope](t, r); e.Error.Message != "admin privileges cannot be revoked" {
					t.Errorf("message %q", e.Error.Message)
				}
			}},
		{name: "add a second member", req: req{method: "PUT", path: acct + "/users/bobby", token: f.root, body: api.SetMemberRole{Role: "user"}}, status: 200},
		{name: "list members", req: req{method: "GET", path: acct + "/users", token: f.reader}, status: 200, check: func(t *testing.T, r resp) {
			l := decodeInto[api.AccountMemberList](t, r)
			if l.Total != 2 || l.Users[0] != (api.AccountMember{Username: "alice", Role: "admin"}) || l.Users[1] != (api.AccountMember{Username: "bobby", Role: "user"}) {
				t.Errorf("members %+v", l)
			}
		}},
		{name: "list members paged", req: req{method: "GET", path: acct + "/users?offset=1&limit=1", token: f.reader}, status: 200,
			check: func(t *testing.T, r resp) {
				if l := decodeInto[api.AccountMemberList](t, r); l.Total != 2 || len(l.Users) != 1 || l.Users[0].Username != "bobby" {
					t.Errorf("members %+v", l)
				}
			}},
		{name: "list members bad offset", req: req{method: "GET", path: acct + "/users?offset=-1", token: f.reader, invalid: true},
			status: 400, errID: api.ErrInvalidParametersFormat, data: []string{"offset"}},
		{name: "list members unknown account", req: req{method: "GET", path: "/accounts/ghost/users", token: f.reader},
			status: 404, errID: api.ErrUnknownResource},
		{name: "get member", req: req{method: "GET", path: acct + "/users/bobby", token: f.reader}, status: 200},
		{name: "get non-member", req: req{method: "GET", path: acct + "/users/carol", token: f.reader}, status: 404, errID: api.ErrUnknownResource},
		{name: "get member of unknown account", req: req{method: "GET", path: "/accounts/ghost/users/bobby", token: f.reader},
			status: 404, errID: api.ErrUnknownResource},
		{name: "remove the last admin while a member remains", req: req{method: "DELETE", path: acct + "/users/alice", token: f.root},
			status: 409, errID: api.ErrConflict},
		{name: "remove a member", req: req{method: "DELETE", path: acct + "/users/bobby", token: f.root}, status: 204},
		{name: "remove a member again", req: req{method: "DELETE", path: acct + "/users/bobby", token: f.root}, status: 404, errID: api.ErrUnknownResource},
		{name: "remove the last admin alone", req: req{method: "DELETE", path: acct + "/users/alice", token: f.root}, status: 204},
		{name: "remove from an unknown account", req: req{method: "DELETE", path: "/accounts/ghost/users/alice", token: f.root},
			status: 404, errID: api.ErrUnknownResource},

		{name: "delete", req: req{method: "PUT", path: acct + "/users/bobby", token: f.root, body: api.SetMemberRole{Role: "admin"}}, status: 200,
			check: func(t *testing.T, r resp) {
				f.ok(req{method: "DELETE", path: acct, token: f.root}, 204, nil)
				var n int
				if err := f.srv.db.QueryRow(`SELECT (SELECT count(*) FROM activation_codes WHERE account_id = ?1) +
					(SELECT count(*) FROM account_members WHERE account_id = ?1)`, f.account).Scan(&n); err != nil || n != 0 {
					t.Errorf("rows left after delete: %d %v", n, err)
				}
			}},
		{name: "get deleted", req: req{method: "GET", path: acct, token: f.reader}, status: 404, errID: api.ErrUnknownResource},
		{name: "delete again", req: req{method: "DELETE", path: acct, token: f.root}, status: 404, errID: api.ErrUnknownResource},
	})
}

func equalAccounts(a, b api.Account) bool {
	return reflect.DeepEqual(a, b)
}
