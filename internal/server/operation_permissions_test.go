package server

import (
	"testing"

	"github.com/adminapi/terraform-provider-adminapi/internal/api"
)

// The server checks the permissions api.OperationPermissions lists, which
// the provider checks at plan time: the same, for every route.
func TestRoutesNeedTheOperationPermissions(t *testing.T) {
	seen := map[api.Operation]bool{}
	for _, rt := range routeTable {
		op := api.Operation(rt.method + " " + rt.path)
		seen[op] = true
		want, listed := api.OperationPermissions[op]
		if rt.needs == (permission{}) {
			if listed {
				t.Errorf("%s needs no permission, api.OperationPermissions says %s", op, want)
			}
			continue
		}
		if got := (api.Permission{Group: rt.needs.group, Name: rt.needs.name}); got != want {
			t.Errorf("%s needs %s, api.OperationPermissions says %q", op, got, want)
		}
	}
	for op := range api.OperationPermissions {
		if !seen[op] {
			t.Errorf("api.OperationPermissions lists %s, which the server does not serve", op)
		}
	}
}
