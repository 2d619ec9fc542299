package main

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/adminapi/terraform-provider-adminapi/internal/api"
	"github.com/adminapi/terraform-provider-adminapi/internal/server"
)

// TestPageIsFresh fails while the committed guide differs from what the
// server's settings definitions render, so that the page cannot drift.
func TestPageIsFresh(t *testing.T) {
	want, err := render(server.SettingsDefinitions())
	if err != nil {
		t.Fatal(err)
	}
	got, err := os.ReadFile(filepath.Join("..", "..", "..", filepath.FromSlash(pagePath)))
	if err != nil {
		t.Fatalf("%v: run `go run ./internal/cmd/settingsdoc` and commit the result", err)
	}
	if !bytes.Equal(got, want) {
		gl, wl := strings.Split(string(got), "\n"), strings.Split(string(want), "\n")
		line := 0
		for line < len(gl) && line < len(wl) && gl[line] == wl[line] {
			line++
		}
		at := func(l []string) string {
			if line < len(l) {
				return l[line]
			}
			return "(end of file)"
		}
		t.Fatalf("%s is stale (line %d is %q, want %q): run `go run ./internal/cmd/settingsdoc` and commit the result",
			pagePath, line+1, at(gl), at(wl))
	}
}

// TestPageNamesEveryKey: every group and key the server ships is on the
// page with its type, default and secrecy, and no secret key is offered as
// HCL to write in settings.
func TestPageNamesEveryKey(t *testing.T) {
	groups := server.SettingsDefinitions()
	if len(groups) == 0 {
		t.Fatal("the server ships no settings group")
	}
	page, err := render(groups)
	if err != nil {
		t.Fatal(err)
	}
	sections := strings.Split(string(page), "\n### ")
	bySection := map[string]string{}
	for _, s := range sections[1:] {
		title, _, _ := strings.Cut(s, "\n")
		bySection[title] = s
	}
	for _, g := range groups {
		if !strings.Contains(string(page), "\n## "+mdText(g.Name)+" (`"+g.ID+"`)\n") {
			t.Errorf("group %s has no heading", g.ID)
		}
		for _, d := range g.Settings {
			name := g.ID + "." + d.Key
			s, ok := bySection["`"+name+"`"]
			if !ok {
				t.Errorf("%s has no section", name)
				continue
			}
			def, err := compactJSON(d.Default)
			if err != nil {
				t.Fatal(err)
			}
			for _, want := range []string{mdText(d.Description), "- Type: ", "- Default: " + code(def)} {
				if !strings.Contains(s, want) {
					t.Errorf("%s: section lacks %q", name, want)
				}
			}
			secret := api.IsSecretSetting(g.ID, d.Key)
			if strings.Contains(s, "- Secret: **yes**") != secret || strings.Contains(s, "- Secret: no") == secret {
				t.Errorf("%s: secret is %v, the section says otherwise:\n%s", name, secret, s)
			}
			if strings.Contains(s, "jsonencode(") == secret {
				t.Errorf("%s: secret is %v, yet the section %s HCL", name, secret, map[bool]string{true: "offers", false: "lacks"}[!secret])
			}
		}
	}
}

// TestRenderRefusesDrift: a secret or example key the definitions lack, or
// an unknown type, fails the rendering instead of writing a wrong page.
func TestRenderRefusesDrift(t *testing.T) {
	full := server.SettingsDefinitions()
	var withoutSecret, withoutExample, unknownType []server.SettingsGroupDefinition
	for _, g := range full {
		g2 := g
		g2.Settings = nil
		for _, d := range g.Settings {
			if !api.IsSecretSetting(g.ID, d.Key) {
				g2.Settings = append(g2.Settings, d)
			}
		}
		withoutSecret = append(withoutSecret, g2)
		if g.ID != exampleSettings[0].group {
			withoutExample = append(withoutExample, g)
		}
		g3 := g
		g3.Settings = append([]server.SettingDefinition{}, g.Settings...)
		g3.Settings[0].Type = "duration"
		unknownType = append(unknownType, g3)
	}
	for name, groups := range map[string][]server.SettingsGroupDefinition{
		"without secret keys": withoutSecret, "without an example key": withoutExample, "with an unknown type": unknownType,
	} {
		if _, err := render(groups); err == nil {
			t.Errorf("render %s: no error", name)
		}
	}
}

// TestHCLJSON: jsonencode of the HCL expression gives back the JSON value.
func TestHCLJSON(t *testing.T) {
	for in, want := range map[string]string{
		`true`:                                   `true`,
		`-12.5e3`:                                `-12.5e3`,
		`null`:                                   `null`,
		`""`:                                     `""`,
		`"a \"b\" \\ c\nd\te"`:                   `"a \"b\" \\ c\nd\te"`,
		`"${x} %{y} $ %"`:                        `"$${x} %%{y} $ %"`,
		`"\u0001é"`:                              `"\u0001é"`,
		`[]`:                                     `[]`,
		`["a", "b"]`:                             `["a", "b"]`,
		`{}`:                                     `{}`,
		`{"b": 1, "a": [true], "x-y z": {}}`:     `{ b = 1, a = [true], "x-y z" = {} }`,
		`{"null": 1, "true": {"false": null}}`:   `{ "null" = 1, "true" = { "false" = null } }`,
		`{"forceKeepHistory":false,"mode":"k"} `: `{ forceKeepHistory = false, mode = "k" }`,
	} {
		got, err := hclJSON(in)
		if err != nil || got != want {
			t.Errorf("hclJSON(%s) = %s, %v; want %s", in, got, err, want)
		}
	}
	for _, in := range []string{``, `[`, `1 2`, `{"a":}`} {
		if got, err := hclJSON(in); err == nil {
			t.Errorf("hclJSON(%q) = %s, no error", in, got)
		}
	}
	// Every default the page shows converts.
	for _, g := range server.SettingsDefinitions() {
		for _, d := range g.Settings {
			if _, err := hclJSON(string(d.Default)); err != nil {
				t.Errorf("%s.%s: %v", g.ID, d.Key, err)
			}
			if reason := d.Check(d.Default); reason != "" {
				t.Errorf("%s.%s: default %s", g.ID, d.Key, reason)
			}
			if !json.Valid(d.Default) {
				t.Errorf("%s.%s: default is not JSON", g.ID, d.Key)
			}
		}
	}
}

func TestMarkdown(t *testing.T) {
	for in, want := range map[string]string{
		"x":         "`x`",
		"a`b":       "`` a`b ``",
		"a``b`":     "``` a``b` ```",
		" lead":     "` lead`",
		" both ":    "`  both  `",
		"[\"a\",1]": "`[\"a\",1]`",
	} {
		if got := code(in); got != want {
			t.Errorf("code(%q) = %q, want %q", in, got, want)
		}
	}
	for in, want := range map[string]string{
		"https://core.<DOMAIN>/": `https://core.\<DOMAIN\>/`,
		"API_SETTINGS and _x_":   `API_SETTINGS and \_x\_`,
		"*a* [b] `c` \\":         "\\*a\\* \\[b\\] \\`c\\` \\\\",
	} {
		if got := mdText(in); got != want {
			t.Errorf("mdText(%q) = %q, want %q", in, got, want)
		}
	}
}
