package account

import (
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

func TestAccountIDValidator(t *testing.T) {
	const id = "0b9f1c2e-5d4a-4e8b-9c3f-2a1b0c9d8e7f"
	for _, tc := range []struct {
		value types.String
		err   string
	}{
		{value: types.StringValue(id)},
		{value: types.StringValue(strings.ToUpper(id))},
		{value: types.StringNull()},
		{value: types.StringUnknown()},
		{value: types.StringValue("acme"), err: `Attribute account_id: expected an account id, a UUID such as 0b9f1c2e-5d4a-4e8b-9c3f-2a1b0c9d8e7f, got "acme"`},
		{value: types.StringValue("{" + id + "}"), err: "expected an account id"},
		{value: types.StringValue(strings.ReplaceAll(id, "-", "")), err: "expected an account id"},
	} {
		var resp validator.StringResponse
		accountIDValidator{}.ValidateString(t.Context(), validator.StringRequest{Path: path.Root("account_id"), ConfigValue: tc.value}, &resp)
		switch {
		case tc.err == "" && resp.Diagnostics.HasError():
			t.Errorf("%v: %v, want no error", tc.value, resp.Diagnostics)
		case tc.err != "" && (!resp.Diagnostics.HasError() || !strings.Contains(resp.Diagnostics[0].Detail(), tc.err)):
			t.Errorf("%v: %v, want an error containing %q", tc.value, resp.Diagnostics, tc.err)
		}
	}
	if got := parsedAccountID(types.StringValue(strings.ToUpper(id))); got != id {
		t.Errorf("parsedAccountID = %q, want %q", got, id)
	}
}
