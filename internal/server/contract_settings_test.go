package server

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"sync/atomic"
	"testing"
	"time"

	"github.com/adminapi/terraform-provider-adminapi/internal/api"
)

func settingValue(t *testing.T, r resp, group, key string) string {
	t.Helper()
	doc := decodeInto[api.SettingsResponse](t, r)
	return string(doc.Settings[group].Settings[key].Value)
}

func update(group, key, value string) string {
	return `{"update":{"` + group + `":{"settings":{"` + key + `":{"value":` + value + `}}}}}`
}

func TestContractSettings(t *testing.T) {
	f := newFixture(t)
	runContract(t, f.testAPI, []contractCase{
		{name: "get", req: req{method: "GET", path: "/admin/settings", token: f.reader}, status: 200, check: func(t *testing.T, r resp) {
			doc := decodeInto[api.SettingsResponse](t, r).Settings
			for _, k := range [][2]string{{"API_SETTINGS", "ACCOUNT_DELETION"}, {"MACHINES_AND_PLATFORM_SETTINGS", "DOMAIN"},
				{"MACHINES_AND_PLATFORM_SETTINGS", "REGISTER_ADMIN_KEY"}, {"EMAIL_SETTINGS", "EMAIL_ENABLED"}, {"TOKEN_SETTINGS", "ACCESS_TOKEN_TTL_SECONDS"}} {
				s, ok := doc[k[0]].Settings[k[1]]
				if !ok || s.Description == "" || len(s.Value) == 0 {
					t.Errorf("%s.%s missing or undescribed: %+v", k[0], k[1], s)
				}
			}
			if v := string(doc["API_SETTINGS"].Settings["ACCOUNT_DELETION"].Value); v != `["adminToken","personalToken"]` {
				t.Errorf("ACCOUNT_DELETION default %s", v)
			}
			var key string
			if err := json.Unmarshal(doc["MACHINES_AND_PLATFORM_SETTINGS"].Settings["REGISTER_ADMIN_KEY"].Value, &key); err != nil || len(key) < 32 {
				t.Errorf("REGISTER_ADMIN_KEY %q was not made at start", key)
			}
			if doc["EMAIL_SETTINGS"].Name == "" {
				t.Error("group without name")
			}
		}},
		{name: "update one key", req: req{method: "PUT", path: "/admin/settings", token: f.root, body: update("EMAIL_SETTINGS", "EMAIL_ENABLED", "true")},
			status: 200, check: func(t *testing.T, r resp) {
				if v := settingValue(t, r, "EMAIL_SETTINGS", "EMAIL_ENABLED"); v != "true" {
					t.Errorf("EMAIL_ENABLED %s", v)
				}
				if v := settingValue(t, r, "EMAIL_SETTINGS", "SMTP_PORT"); v != "587" {
					t.Errorf("a key not named changed: SMTP_PORT %s", v)
				}
			}},
		{name: "update several keys", req: req{method: "PUT", path: "/admin/settings", token: f.root, body: `{"update":{
			"MACHINES_AND_PLATFORM_SETTINGS":{"settings":{"DOMAIN":{"value":"pryv.example.org"}}},
			"TOKEN_SETTINGS":{"settings":{"ACCESS_TOKEN_TTL_SECONDS":{"value": 60}}},
			"API_SETTINGS":{"settings":{"VERSIONING_SETTINGS":{"value":{"forceKeepHistory":true, "deletionMode":"keep-authors"}}}}}}`},
			status: 200, check: func(t *testing.T, r resp) {
				if v := settingValue(t, r, "TOKEN_SETTINGS", "ACCESS_TOKEN_TTL_SECONDS"); v != "60" {
					t.Errorf("ACCESS_TOKEN_TTL_SECONDS %s", v)
				}
				if v := settingValue(t, r, "API_SETTINGS", "VERSIONING_SETTINGS"); v != `{"forceKeepHistory":true,"deletionMode":"keep-authors"}` {
					t.Errorf("VERSIONING_SETTINGS %s", v)
				}
				if v := settingValue(t, r, "EMAIL_SETTINGS", "EMAIL_ENABLED"); v != "true" {
					t.Errorf("an earlier change was lost: %s", v)
				}
				var u api.PlatformUser
				f.ok(req{method: "POST", path: "/platform-users", token: f.root, body: api.CreatePlatformUser{
					Username: "newbie", Email: "newbie@example.com", Password: ptr("secret")}}, 201, &u)
				if u.Server != "https://core.pryv.example.org/" {
					t.Errorf("server %q does not follow DOMAIN", u.Server)
				}
			}},
		{name: "update reads back", req: req{method: "GET", path: "/admin/settings", token: f.reader}, status: 200, check: func(t *testing.T, r resp) {
			if v := settingValue(t, r, "MACHINES_AND_PLATFORM_SETTINGS", "DOMAIN"); v != `"pryv.example.org"` {
				t.Errorf("DOMAIN %s", v)
			}
		}},
		{name: "update with every kind of problem", req: req{method: "PUT", path: "/admin/settings", token: f.root, invalid: true, body: `{"update":{
			"NOPE":{"settings":{"X":{"value":1}}},
			"EMAIL_SETTINGS":{"settings":{"EMAIL_ENABLED":{"value":"yes"},"NOPE":{"value":1},"SMTP_PORT":{"value":null}}},
			"API_SETTINGS":{"settings":{"ACCOUNT_DELETION":{"value":["adminToken",1]},"VERSIONING_SETTINGS":{"value":[]}}}}}`},
			status: 400, errID: api.ErrInvalidParametersFormat, data: []string{"update.NOPE", "update.EMAIL_SETTINGS.settings.EMAIL_ENABLED",
				"update.EMAIL_SETTINGS.settings.NOPE", "update.EMAIL_SETTINGS.settings.SMTP_PORT",
				"update.API_SETTINGS.settings.ACCOUNT_DELETION", "update.API_SETTINGS.settings.VERSIONING_SETTINGS"}},
		{name: "update without values and settings", req: req{method: "PUT", path: "/admin/settings", token: f.root, invalid: true,
			body: `{"update":{"API_SETTINGS":{},"EMAIL_SETTINGS":{"settings":{"EMAIL_ENABLED":{"value":false},"EMAIL_SENDER_ADDRESS":{}}}}}`},
			status: 400, errID: api.ErrInvalidParametersFormat,
			data: []string{"update.API_SETTINGS.settings", "update.EMAIL_SETTINGS.settings.EMAIL_SENDER_ADDRESS.value"}},
		{name: "a refused update changes nothing", req: req{method: "PUT", path: "/admin/settings", token: f.root, invalid: true,
			body: `{"update":{"EMAIL_SETTINGS":{"settings":{"EMAIL_ENABLED":{"value":false},"SMTP_PORT":{"value":"25"}}}}}`},
			status: 400, errID: api.ErrInvalidParametersFormat, data: []string{"update.EMAIL_SETTINGS.settings.SMTP_PORT"},
			check: func(t *testing.T, _ resp) {
				r := f.ok(req{method: "GET", path: "/admin/settings", token: f.root}, 200, nil)
				if v := settingValue(t, r, "EMAIL_SETTINGS", "EMAIL_ENABLED"); v != "true" {
					t.Errorf("EMAIL_ENABLED changed by a refused update: %s", v)
				}
			}},
		{name: "update without update", req: req{method: "PUT", path: "/admin/settings", token: f.root, invalid: true, body: `{}`},
			status: 400, errID: api.ErrInvalidParametersFormat, data: []string{"update"}},
		{name: "update with a wrong shape", req: req{method: "PUT", path: "/admin/settings", token: f.root, invalid: true,
			body: `{"update":{"EMAIL_SETTINGS":{"EMAIL_ENABLED":true}}}`},
			status: 400, errID: api.ErrInvalidRequestStructure, data: []string{"update.EMAIL_SETTINGS.EMAIL_ENABLED"}},
		{name: "update without settings:update", req: req{method: "PUT", path: "/admin/settings", token: f.reader,
			body: update("EMAIL_SETTINGS", "EMAIL_ENABLED", "true")}, status: 403, errID: api.ErrForbidden},
		{name: "notify without followers", req: req{method: "POST", path: "/admin/notify", token: f.root, body: api.NotifyRequest{Services: []string{"core"}}},
			status: 200, check: func(t *testing.T, r resp) {
				if string(r.body) != `{"successes":[],"failures":[]}`+"\n" {
					t.Errorf("notify answered %s", r.body)
				}
			}},
		{name: "notify without body", req: req{method: "POST", path: "/admin/notify", token: f.root}, status: 200},
		{name: "notify with an unknown field", req: req{method: "POST", path: "/admin/notify", token: f.root, invalid: true, body: `{"service":["core"]}`},
			status: 400, errID: api.ErrInvalidRequestStructure, data: []string{"service"}},
	})
}

func TestNotifyFollowers(t *testing.T) {
	var got atomic.Value
	ok := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		var body map[string][]string
		if r.URL.Path != "/notify" || r.Header.Get("Content-Type") != "application/json" || json.NewDecoder(r.Body).Decode(&body) != nil {
			w.WriteHeader(http.StatusBadRequest)
			return
		}
		got.Store(body["services"])
	}))
	defer ok.Close()
	failing := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(http.StatusServiceUnavailable)
	}))
	defer failing.Close()
	release := make(chan struct{})
	slow := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-release:
		case <-r.Context().Done():
		}
	}))
	defer slow.Close()
	defer close(release)
	closed := httptest.NewServer(http.NotFoundHandler())
	closed.Close()

	a := newTestAPI(t, func(c *Config) {
		c.NotifyTimeout = 300 * time.Millisecond
		c.Followers = []Follower{{URL: ok.URL + "/", Role: "core"}, {URL: failing.URL, Role: "reg"}, {URL: slow.URL, Role: "static"},
			{URL: closed.URL, Role: "core"}}
	})
	var res api.NotifyResult
	a.ok(req{method: "POST", path: "/admin/notify", token: a.root, body: api.NotifyRequest{Services: []string{"core", "register"}}}, 200, &res)
	if len(res.Successes) != 1 || res.Successes[0] != (api.Machine{URL: ok.URL + "/", Role: "core"}) {
		t.Errorf("successes %+v", res.Successes)
	}
	if s, _ := got.Load().([]string); len(s) != 2 || s[0] != "core" || s[1] != "register" {
		t.Errorf("follower received services %v", s)
	}
	if len(res.Failures) != 3 {
		t.Fatalf("failures %+v", res.Failures)
	}
	for i, want := range []string{failing.URL, slow.URL, closed.URL} {
		if res.Failures[i].URL != want || res.Failures[i].Error == "" {
			t.Errorf("failure %d: %+v, want %s", i, res.Failures[i], want)
		}
	}
	a.ok(req{method: "POST", path: "/admin/notify", token: a.root}, 200, &res)
	if s, _ := got.Load().([]string); s == nil || len(s) != 0 {
		t.Errorf("without services the follower received %v, want []", s)
	}
}
