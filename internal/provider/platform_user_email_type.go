package provider

import (
	"context"
	"fmt"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/types/basetypes"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
)

var (
	_ basetypes.StringTypable                    = emailType{}
	_ basetypes.StringValuableWithSemanticEquals = emailValue{}
)

// emailType is a string type for e-mail addresses whose values that differ
// only in letter case are semantically equal: when the API answers
// ALICE@example.com for a configured alice@example.com, the state keeps
// what the configuration says and no change is planned.
type emailType struct {
	basetypes.StringType
}

func (t emailType) String() string { return "provider.emailType" }

func (t emailType) ValueType(context.Context) attr.Value { return emailValue{} }

func (t emailType) Equal(o attr.Type) bool {
	other, ok := o.(emailType)
	return ok && t.StringType.Equal(other.StringType)
}

func (t emailType) ValueFromString(_ context.Context, in basetypes.StringValue) (basetypes.StringValuable, diag.Diagnostics) {
	return emailValue{StringValue: in}, nil
}

func (t emailType) ValueFromTerraform(ctx context.Context, in tftypes.Value) (attr.Value, error) {
	v, err := t.StringType.ValueFromTerraform(ctx, in)
	if err != nil {
		return nil, err
	}
	s, ok := v.(basetypes.StringValue)
	if !ok {
		return nil, fmt.Errorf("unexpected value type %T", v)
	}
	return emailValue{StringValue: s}, nil
}

type emailValue struct {
	basetypes.StringValue
}

func newEmailValue(s string) emailValue { return emailValue{StringValue: basetypes.NewStringValue(s)} }

func (v emailValue) Type(context.Context) attr.Type { return emailType{} }

func (v emailValue) Equal(o attr.Value) bool {
	other, ok := o.(emailValue)
	return ok && v.StringValue.Equal(other.StringValue)
}

// StringSemanticEquals: e-mail addresses that differ only in letter case are the same.
func (v emailValue) StringSemanticEquals(_ context.Context, newValuable basetypes.StringValuable) (bool, diag.Diagnostics) {
	var diags diag.Diagnostics
	other, ok := newValuable.(emailValue)
	if !ok {
		diags.AddError("Semantic equality check error",
			fmt.Sprintf("expected a value of type %T, got %T; please report this to the provider's maintainers", v, newValuable))
		return false, diags
	}
	return strings.EqualFold(v.ValueString(), other.ValueString()), diags
}
