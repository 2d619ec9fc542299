package common

import (
	"errors"
	"net/http"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/diag"

	"github.com/adminapi/terraform-provider-adminapi/internal/api"
	"github.com/adminapi/terraform-provider-adminapi/internal/client"
)

func TestTitles(t *testing.T) {
	alice := Object{Kind: "platform user", Name: "alice"}
	forbidden := &client.APIError{Status: http.StatusForbidden, ID: api.ErrForbidden, Method: "DELETE", Path: "/platform-users/alice",
		Message: "the caller lacks the permission platformUsers:delete", Data: map[string]string{"permission": "platformUsers:delete"}}
	disabled := &client.APIError{Status: http.StatusForbidden, ID: api.ErrDeletionDisabled, Method: "DELETE", Path: "/platform-users/alice"}
	for _, c := range []struct {
		name        string
		add         func(*diag.Diagnostics)
		title, text string
	}{
		{"create", func(d *diag.Diagnostics) { CreateFailed(d, alice, errors.New("boom")) }, `Could not create platform user "alice"`, "boom"},
		{"read", func(d *diag.Diagnostics) { ReadFailed(d, alice, errors.New("boom")) }, `Could not read platform user "alice"`, "boom"},
		{"update", func(d *diag.Diagnostics) { UpdateFailed(d, alice, errors.New("boom")) }, `Could not update platform user "alice"`, "boom"},
		{"delete", func(d *diag.Diagnostics) { DeleteFailed(d, alice, errors.New("boom")) }, `Could not delete platform user "alice"`, "boom"},
		{"step", func(d *diag.Diagnostics) { Failed(d, "set the password of", alice, errors.New("boom")) },
			`Could not set the password of platform user "alice"`, "boom"},
		{"refused", func(d *diag.Diagnostics) {
			Refused(d, "delete", Object{"role", "auditor"}, "still assigned", "unassign it")
		},
			`Could not delete role "auditor": still assigned`, "unassign it"},
		{"403 naming the permission", func(d *diag.Diagnostics) { DeleteFailed(d, alice, forbidden) },
			`Could not delete platform user "alice": missing permission platformUsers:delete`, "lacks the permission platformUsers:delete"},
		{"403 deletion disabled stays an API error", func(d *diag.Diagnostics) { DeleteFailed(d, alice, disabled) },
			`Could not delete platform user "alice"`, "403"},
		{"list", func(d *diag.Diagnostics) { APIFailed(d, "list roles", errors.New("boom")) }, "Could not list roles", "boom"},
		{"lookup 404", func(d *diag.Diagnostics) {
			AddLookupError(d, "role", "name", "ghost", &client.APIError{Status: http.StatusNotFound})
		}, "No role found", `No role has name = "ghost".`},
		{"lookup other", func(d *diag.Diagnostics) { AddLookupError(d, "role", "name", "ghost", errors.New("boom")) },
			`Could not read role "ghost"`, "boom"},
	} {
		t.Run(c.name, func(t *testing.T) {
			var d diag.Diagnostics
			c.add(&d)
			if len(d) != 1 || d[0].Summary() != c.title || !strings.Contains(d[0].Detail(), c.text) {
				t.Errorf("%v, want one error %q with %q", d, c.title, c.text)
			}
		})
	}
}
