package common

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
	_ basetypes.StringTypable                    = EmailType{}
	_ basetypes.StringValuableWithSemanticEquals = EmailValue{}
)

// EmailType is a string type for e-mail addresses whose values that differ
// only in letter case are semantically equal: when the API answers
// ALICE@example.com for a configured alice@example.com, the state keeps
// what the configuration says and no change is planned.
type EmailType struct {
	basetypes.StringType
}

func (t EmailType) String() string { return "common.EmailType" }

func (t EmailType) ValueType(context.Context) attr.Value { return EmailValue{} }

func (t EmailType) Equal(o attr.Type) bool {
	other, ok := o.(EmailType)
	return ok && t.StringType.Equal(other.StringType)
}

func (t EmailType) ValueFromString(_ context.Context, in basetypes.StringValue) (basetypes.StringValuable, diag.Diagnostics) {
	return EmailValue{StringValue: in}, nil
}

func (t EmailType) ValueFromTerraform(ctx context.Context, in tftypes.Value) (attr.Value, error) {
	v, err := t.StringType.ValueFromTerraform(ctx, in)
	if err != nil {
		return nil, err
	}
	s, ok := v.(basetypes.StringValue)
	if !ok {
		return nil, fmt.Errorf("unexpected value type %T", v)
	}
	return EmailValue{StringValue: s}, nil
}

type EmailValue struct {
	basetypes.StringValue
}

func NewEmailValue(s string) EmailValue { return EmailValue{StringValue: basetypes.NewStringValue(s)} }

func (v EmailValue) Type(context.Context) attr.Type { return EmailType{} }

func (v EmailValue) Equal(o attr.Value) bool {
	other, ok := o.(EmailValue)
	return ok && v.StringValue.Equal(other.StringValue)
}

// StringSemanticEquals: e-mail addresses that differ only in letter case are the same.
func (v EmailValue) StringSemanticEquals(_ context.Context, newValuable basetypes.StringValuable) (bool, diag.Diagnostics) {
	var diags diag.Diagnostics
	other, ok := newValuable.(EmailValue)
	if !ok {
		diags.AddError("Semantic equality check error",
			fmt.Sprintf("expected a value of type %T, got %T; please report this to the provider's maintainers", v, newValuable))
		return false, diags
	}
	return strings.EqualFold(v.ValueString(), other.ValueString()), diags
}
