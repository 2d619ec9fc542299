package common

import (
	"context"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/adminapi/terraform-provider-adminapi/internal/api"
)

func TestEmailSemanticEquality(t *testing.T) {
	ctx := context.Background()
	for _, c := range []struct {
		a, b string
		want bool
	}{
		{"alice@example.com", "alice@example.com", true},
		{"Alice@Example.COM", "alice@example.com", true},
		{"alice@example.com", "alice@example.org", false},
		{"alice@example.com", "alice2@example.com", false},
	} {
		got, diags := NewEmailValue(c.a).StringSemanticEquals(ctx, NewEmailValue(c.b))
		if diags.HasError() || got != c.want {
			t.Errorf("%q vs %q: %v %v, want %v", c.a, c.b, got, diags, c.want)
		}
	}
	if _, diags := NewEmailValue("a@b.c").StringSemanticEquals(ctx, types.StringValue("a@b.c")); !diags.HasError() {
		t.Error("a plain string value must be reported, not compared")
	}
	if NewEmailValue("A@b.c").Equal(NewEmailValue("a@b.c")) {
		t.Error("Equal must stay exact: only semantic equality ignores case")
	}
}

func TestEmailTypeFromTerraform(t *testing.T) {
	v, err := EmailType{}.ValueFromTerraform(context.Background(), tftypes.NewValue(tftypes.String, "x@y.z"))
	if err != nil {
		t.Fatal(err)
	}
	ev, ok := v.(EmailValue)
	if !ok || ev.ValueString() != "x@y.z" {
		t.Fatalf("got %#v", v)
	}
	if !ev.Type(context.Background()).Equal(EmailType{}) || (EmailType{}).Equal(types.StringType) {
		t.Error("type equality")
	}
	null, err := EmailType{}.ValueFromTerraform(context.Background(), tftypes.NewValue(tftypes.String, nil))
	if err != nil || !null.IsNull() {
		t.Errorf("null: %v %v", null, err)
	}
}

func TestEmailValidator(t *testing.T) {
	long := strings.Repeat("a", api.EmailMax-len("@example.com")+1) + "@example.com"
	for _, c := range []struct {
		in string
		ok bool
	}{
		{"alice@example.com", true},
		{"alice.o'neil+tag@sub.example.co.uk", true},
		{long[1:], true},
		{long, false},
		{"not-an-email", false},
		{"Alice <alice@example.com>", false},
		{"alice@", false},
		{"al ice@example.com", false},
		{"", false},
		// The contract's rule, not net/mail's: no IP literal, no IDN, no quoted local part.
		{"a@[127.0.0.1]", false},
		{"a@bücher.example", false},
		{"a@xn--bcher-kva.example", true},
		{`"a b"@example.com`, false},
		{"a@localhost", false},
	} {
		var resp validator.StringResponse
		EmailValidator{}.ValidateString(context.Background(), validator.StringRequest{
			Path: path.Root("email"), ConfigValue: types.StringValue(c.in),
		}, &resp)
		if resp.Diagnostics.HasError() == c.ok {
			t.Errorf("%q: errors %v, want ok=%v", c.in, resp.Diagnostics, c.ok)
		}
	}
}
