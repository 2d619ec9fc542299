package main

import (
	"strings"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"
)

// TestEveryOperationCanBeDriven: every operation of the document whose body
// is required has a sample, and every path parameter names an object the
// driver knows how to make, so that make contract-check drives a new
// operation without failing on it.
func TestEveryOperationCanBeDriven(t *testing.T) {
	doc, err := openapi3.NewLoader().LoadFromFile("../../api/openapi.yaml")
	if err != nil {
		t.Fatal(err)
	}
	d := &driver{doc: doc, clientID: "c", clientSecret: "s"}
	ops := d.operations()
	if len(ops) == 0 {
		t.Fatal("no operations in the document")
	}
	for _, o := range ops {
		if rb := o.op.RequestBody; rb != nil && rb.Value.Required && d.sampleFor(o.name()) == nil {
			t.Errorf("%s: its body is required: add a sample", o.name())
		}
		segs := strings.Split(strings.TrimPrefix(o.path, "/"), "/")
		for i, s := range segs {
			if strings.HasPrefix(s, "{") {
				if _, err := paramKind(segs, i); err != nil {
					t.Errorf("%s: %v", o.name(), err)
				}
			}
		}
	}
}

// TestInvalidBodies: the invalid bodies derived from a schema break it in
// each of the ways the driver tries.
func TestInvalidBodies(t *testing.T) {
	maxLen := uint64(3)
	no := false
	s := &openapi3.Schema{
		Type:                 &openapi3.Types{"object"},
		Required:             []string{"name"},
		AdditionalProperties: openapi3.AdditionalProperties{Has: &no},
		Properties: openapi3.Schemas{
			"name":  {Value: &openapi3.Schema{Type: &openapi3.Types{"string"}, MaxLength: &maxLen}},
			"count": {Value: &openapi3.Schema{Type: &openapi3.Types{"integer"}}},
		},
	}
	got := map[string]map[string]any{}
	for _, v := range invalidBodies(map[string]any{"name": "ab", "count": 1}, s, false) {
		got[v.label] = v.body
	}
	want := map[string]func(map[string]any) bool{
		"unknown field":             func(m map[string]any) bool { return m["contractCheckUnknownField"] != nil },
		"wrong type of count":       func(m map[string]any) bool { return m["count"] == "not-a-integer" },
		"required name left out":    func(m map[string]any) bool { _, ok := m["name"]; return !ok },
		"name over its maxLength 3": func(m map[string]any) bool { return m["name"] == "aaaa" },
	}
	for label, ok := range want {
		if m, found := got[label]; !found || !ok(m) {
			t.Errorf("%s: got %v", label, m)
		}
	}
	if len(got) != len(want) {
		t.Errorf("got %d variants, want %d: %v", len(got), len(want), got)
	}
}
