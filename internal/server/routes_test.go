package server

import (
	"slices"
	"strings"
	"testing"
)

// TestRoutesMatchOpenAPI fails when the server registers an operation the
// document lacks, or the document has one the server does not register.
func TestRoutesMatchOpenAPI(t *testing.T) {
	doc, err := openAPIDoc()
	if err != nil {
		t.Fatal(err)
	}
	var inDoc []string
	for path, item := range doc.Paths.Map() {
		for method := range item.Operations() {
			inDoc = append(inDoc, strings.ToUpper(method)+" "+path)
		}
	}
	var registered []string
	for _, rt := range routeTable {
		registered = append(registered, rt.method+" "+rt.path)
	}
	slices.Sort(inDoc)
	slices.Sort(registered)
	if len(slices.Compact(slices.Clone(registered))) != len(registered) {
		t.Errorf("the route table holds a route twice: %v", registered)
	}
	for _, r := range registered {
		if !slices.Contains(inDoc, r) {
			t.Errorf("the server registers %s, which openapi.yaml lacks", r)
		}
	}
	for _, d := range inDoc {
		if !slices.Contains(registered, d) {
			t.Errorf("openapi.yaml has %s, which the server does not register", d)
		}
	}
}

// TestRouteSecurityMatchesOpenAPI: the operations that need no token in the
// document are the server's public routes, and each route's permission is
// the one its description names.
func TestRouteSecurityMatchesOpenAPI(t *testing.T) {
	doc, err := openAPIDoc()
	if err != nil {
		t.Fatal(err)
	}
	for _, rt := range routeTable {
		op := doc.Paths.Find(rt.path).GetOperation(rt.method)
		public := op.Security != nil && len(*op.Security) == 0
		if public != (rt.auth == authNone) {
			t.Errorf("%s %s: public in openapi.yaml %v, in the server %v", rt.method, rt.path, public, rt.auth == authNone)
		}
		if rt.needs != (permission{}) && !strings.Contains(op.Description, "`"+rt.needs.String()+"`") {
			t.Errorf("%s %s: needs %s, the document says %q", rt.method, rt.path, rt.needs, op.Description)
		}
	}
}
