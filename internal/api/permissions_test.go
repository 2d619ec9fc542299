package api

import (
	"regexp"
	"testing"
)

var needs = regexp.MustCompile("Needs `([a-zA-Z]+):([a-zA-Z]+)`")

// The document says what each operation needs as OperationPermissions does.
func TestOperationPermissionsMatchTheDocument(t *testing.T) {
	doc, err := LoadOpenAPI()
	if err != nil {
		t.Fatal(err)
	}
	documented := 0
	for path, item := range doc.Paths.Map() {
		for method, op := range item.Operations() {
			key := Operation(method + " " + path)
			want, listed := OperationPermissions[key]
			m := needs.FindStringSubmatch(op.Description)
			switch {
			case m == nil && listed:
				t.Errorf("%s: the document names no permission, OperationPermissions %s", key, want)
			case m != nil && !listed:
				t.Errorf("%s: the document says it needs %s:%s, OperationPermissions nothing", key, m[1], m[2])
			case m != nil && (Permission{m[1], m[2]}) != want:
				t.Errorf("%s: the document says %s:%s, OperationPermissions %s", key, m[1], m[2], want)
			case m != nil:
				documented++
			}
		}
	}
	if documented != len(OperationPermissions) {
		t.Errorf("%d operations documented, %d listed", documented, len(OperationPermissions))
	}
}

func TestPermissionsHolds(t *testing.T) {
	ps := Permissions{PlatformUsers: []string{"read"}, Users: []string{"create"}}
	for p, want := range map[Permission]bool{
		{GroupPlatformUsers, "read"}: true, {GroupPlatformUsers, "delete"}: false,
		{GroupUsers, "create"}: true, {GroupAccounts, "read"}: false, {"nope", "read"}: false,
	} {
		if got := ps.Holds(p); got != want {
			t.Errorf("holds %s = %v, want %v", p, got, want)
		}
	}
}
