package platformuser

import (
	"errors"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/diag"

	"github.com/adminapi/terraform-provider-adminapi/internal/api"
	"github.com/adminapi/terraform-provider-adminapi/internal/client"
	"github.com/adminapi/terraform-provider-adminapi/internal/provider/common"
)

func TestAddCreateError(t *testing.T) {
	taken := func(fields ...string) error {
		data := map[string]string{}
		for _, f := range fields {
			data[f] = "is taken"
		}
		return &client.APIError{Status: 409, ID: api.ErrItemAlreadyExists, Message: "taken", Data: data}
	}
	for _, c := range []struct {
		name       string
		err        error
		idFields   []string
		hint       bool
		wantInText []string
	}{
		{"own username", taken("username"), []string{"username"}, true, []string{`Could not create platform user "alice": already exists`, "terraform import adminapi_platform_user.<name> alice"}},
		{"username and email", taken("email", "username"), []string{"username"}, true, []string{`Could not create platform user "alice": already exists`}},
		{"email", taken("email"), []string{"username"}, false, []string{`Could not create platform user "alice": email already taken`, "Another platform user already has this email."}},
		{"email and external id", taken("external_id", "email"), []string{"username"}, false,
			[]string{`Could not create platform user "alice": email and external_id already taken`, "this email.", "this external_id."}},
		{"no field named", &client.APIError{Status: 409, ID: api.ErrItemAlreadyExists}, []string{"username"}, true, []string{`Could not create platform user "alice": already exists`}},
		{"any field is the id without idFields", taken("name"), nil, true, []string{`Could not create platform user "alice": already exists`}},
		{"other error", errors.New("boom"), []string{"username"}, false, []string{`Could not create platform user "alice"`, "boom"}},
	} {
		var diags diag.Diagnostics
		common.AddCreateError(&diags, "adminapi_platform_user", common.Object{Kind: platformUserKind, Name: "alice"}, "alice", c.err, c.idFields...)
		if len(diags) != 1 {
			t.Fatalf("%s: %v", c.name, diags)
		}
		text := diags[0].Summary() + "\n" + diags[0].Detail()
		if got := strings.Contains(text, "terraform import"); got != c.hint {
			t.Errorf("%s: import hint %v, want %v:\n%s", c.name, got, c.hint, text)
		}
		for _, want := range c.wantInText {
			if !strings.Contains(text, want) {
				t.Errorf("%s: %q missing from:\n%s", c.name, want, text)
			}
		}
	}
}
