package main

import (
	"bytes"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/adminapi/terraform-provider-adminapi/internal/api"
	"github.com/adminapi/terraform-provider-adminapi/internal/provider"
	"github.com/adminapi/terraform-provider-adminapi/internal/provider/common"
)

// root is the repository's root, from this package's directory.
var root = filepath.Join("..", "..", "..")

// TestGuideIsFresh fails while the committed guide differs from what the
// provider's declarations render, so that its tables cannot drift.
func TestGuideIsFresh(t *testing.T) {
	got, err := os.ReadFile(filepath.Join(root, filepath.FromSlash(guidePath)))
	if err != nil {
		t.Fatalf("%v: run `go run ./internal/cmd/guidetables` and commit the result", err)
	}
	want, err := renderGuide(got, filepath.Join(root, filepath.FromSlash(exampleDir)))
	if err != nil {
		t.Fatal(err)
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
		t.Fatalf("%s is stale (line %d is %q, want %q): run `go run ./internal/cmd/guidetables` and commit the result",
			guidePath, line+1, at(gl), at(wl))
	}
}

// TestEveryResourceHasARow: the table names every resource the provider
// serves, each with the permission of every operation its Needs name.
func TestEveryResourceHasARow(t *testing.T) {
	set, err := collect(provider.New("test")())
	if err != nil {
		t.Fatal(err)
	}
	if len(set.Resources) == 0 {
		t.Fatal("no resource found")
	}
	table := set.permissionsTable()
	for _, r := range set.Resources {
		i := strings.Index(table, "| `"+r.Name+"` |")
		if i < 0 {
			t.Errorf("%s has no row", r.Name)
			continue
		}
		row, _, _ := strings.Cut(table[i:], "\n")
		for _, p := range common.Permissions(slices.Concat(r.Needs.Read, r.Needs.Create, r.Needs.Update, r.Needs.Delete)) {
			if !strings.Contains(row, "`"+p.String()+"`") {
				t.Errorf("%s: the row lacks %s: %s", r.Name, p, row)
			}
		}
		if len(r.Needs.Read) == 0 {
			t.Errorf("%s: declares no read", r.Name)
		}
	}
	if set.DataSourcesDeclared {
		for _, d := range set.DataSources {
			if !strings.Contains(table, "| `"+d.Name+"` |") {
				t.Errorf("data source %s has no row", d.Name)
			}
		}
	} else if !strings.Contains(table, "their rows join here once they declare Needs") {
		t.Error("without data sources' needs, the table keeps no place for them")
	}
}

// TestNeedsOf finds needs where the provider's types keep them.
func TestNeedsOf(t *testing.T) {
	want := common.Needs{Read: []api.Operation{"GET /roles/{name}"}}
	type spec struct{ Needs common.Needs }
	type base struct{ Spec spec }
	type resource struct{ base }
	type hidden struct{ spec spec }
	type dataSource struct {
		Name  string
		Needs []api.Operation
	}
	for name, v := range map[string]any{
		"promoted field":  &resource{base{Spec: spec{Needs: want}}},
		"unexported":      &hidden{spec: spec{Needs: want}},
		"operations":      &dataSource{Needs: want.Read},
		"Needs() method":  needsMethod{want},
		"plain structure": struct{ N common.Needs }{want},
	} {
		got, ok := needsOf(v)
		if !ok || !slices.Equal(got.Read, want.Read) {
			t.Errorf("%s: %v, %v; want %v", name, got, ok, want)
		}
	}
	if _, ok := needsOf(&struct{ Name string }{}); ok {
		t.Error("found needs in a type that declares none")
	}
}

type needsMethod struct{ n common.Needs }

func (m needsMethod) Needs() common.Needs { return m.n }

// TestClientsOfTheExample: the pipeline's client holds every permission of
// the example's types, the drift client their reads only.
func TestClientsOfTheExample(t *testing.T) {
	set, err := collect(provider.New("test")())
	if err != nil {
		t.Fatal(err)
	}
	out, err := set.clientsYAML([]kindType{{"resource", "adminapi_role"}})
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{
		"- id: ci-pipeline\n    secret_hash: \"<the output of adminapi-server hash-secret>\"\n    permissions:\n      users: []\n      settings: []\n      platformUsers: [read, update]\n      accounts: []\n",
		"- id: ci-drift\n    secret_hash: \"<the output of adminapi-server hash-secret>\"\n    permissions:\n      users: []\n      settings: []\n      platformUsers: [read]\n      accounts: []\n",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("clients lack\n%s\nin\n%s", want, out)
		}
	}
	if _, err := set.clientsYAML([]kindType{{"resource", "adminapi_nothing"}}); err == nil {
		t.Error("a type the provider does not serve: no error")
	}
}

func TestReplaceRegion(t *testing.T) {
	page := []byte("a\n" + startMarker("x") + "\nold\n" + endMarker + "\nb\n")
	got, err := replaceRegion(page, "x", "new\n")
	if err != nil || string(got) != "a\n"+startMarker("x")+"\nnew\n"+endMarker+"\nb\n" {
		t.Errorf("%q, %v", got, err)
	}
	if _, err := replaceRegion([]byte("a\n"), "x", ""); err == nil {
		t.Error("no marker: no error")
	}
	if _, err := replaceRegion([]byte(startMarker("x")+"\nold\n"), "x", ""); err == nil {
		t.Error("no end marker: no error")
	}
}
