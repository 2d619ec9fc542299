package server

import (
	"net/http"
	"testing"

	"github.com/adminapi/terraform-provider-adminapi/internal/api"
)

// TestIntegerSettings: the TTLs and the SMTP port take whole numbers in
// their range, written as plain JSON integers.
func TestIntegerSettings(t *testing.T) {
	a := newTestAPI(t)
	for _, c := range []struct{ group, key, value string }{
		{"TOKEN_SETTINGS", "ACCESS_TOKEN_TTL_SECONDS", "-1.5"},
		{"TOKEN_SETTINGS", "ACCESS_TOKEN_TTL_SECONDS", "1.5"},
		{"TOKEN_SETTINGS", "ACCESS_TOKEN_TTL_SECONDS", "0"},
		{"TOKEN_SETTINGS", "ACCESS_TOKEN_TTL_SECONDS", "-60"},
		{"TOKEN_SETTINGS", "ACCESS_TOKEN_TTL_SECONDS", "1e3"},
		{"TOKEN_SETTINGS", "ACCESS_TOKEN_TTL_SECONDS", "99999999999999999999"},
		{"TOKEN_SETTINGS", "ACCESS_TOKEN_TTL_SECONDS", `"3600"`},
		{"TOKEN_SETTINGS", "PERSONAL_TOKEN_TTL_SECONDS", "0"},
		{"EMAIL_SETTINGS", "SMTP_PORT", "0"},
		{"EMAIL_SETTINGS", "SMTP_PORT", "65536"},
	} {
		e := a.fail(req{method: "PUT", path: "/admin/settings", token: a.root, body: update(c.group, c.key, c.value)},
			http.StatusBadRequest, api.ErrInvalidParametersFormat)
		if path := "update." + c.group + ".settings." + c.key; e.Data[path] == "" {
			t.Errorf("%s = %s: data %v does not name %s", c.key, c.value, e.Data, path)
		}
	}
	for _, c := range []struct{ group, key, value string }{
		{"TOKEN_SETTINGS", "ACCESS_TOKEN_TTL_SECONDS", "1"},
		{"TOKEN_SETTINGS", "PERSONAL_TOKEN_TTL_SECONDS", "31536000"},
		{"EMAIL_SETTINGS", "SMTP_PORT", "65535"},
	} {
		r := a.ok(req{method: "PUT", path: "/admin/settings", token: a.root, body: update(c.group, c.key, c.value)}, 200, nil)
		if got := settingValue(t, r, c.group, c.key); got != c.value {
			t.Errorf("%s.%s = %s, want %s", c.group, c.key, got, c.value)
		}
	}
}

func TestLoadCatalogChecksIntegerBounds(t *testing.T) {
	for name, raw := range map[string]string{
		"bounds on a number": `{"G":{"name":"g","description":"d","settings":{"K":{"type":"number","minimum":1,"value":2,"description":"d"}}}}`,
		"default below":      `{"G":{"name":"g","description":"d","settings":{"K":{"type":"integer","minimum":1,"value":0,"description":"d"}}}}`,
		"default above":      `{"G":{"name":"g","description":"d","settings":{"K":{"type":"integer","maximum":9,"value":10,"description":"d"}}}}`,
		"default fraction":   `{"G":{"name":"g","description":"d","settings":{"K":{"type":"integer","value":1.5,"description":"d"}}}}`,
	} {
		if _, err := loadCatalog([]byte(raw)); err == nil {
			t.Errorf("%s: loadCatalog accepted %s", name, raw)
		}
	}
	if _, err := loadCatalog([]byte(`{"G":{"name":"g","description":"d","settings":{"K":{"type":"integer","minimum":1,"maximum":9,"value":9,"description":"d"}}}}`)); err != nil {
		t.Errorf("a default at its maximum refused: %v", err)
	}
}
