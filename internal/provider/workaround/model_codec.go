// Works around the framework's per-call reflection on models
// (terraform-plugin-framework #725: internal/reflect.isValidFieldName
// compiles a regular expression for every struct field on every Get and
// Set, where internal/fwschema has one compiled once).
//
// GetState, GetPlan and SetState are tfsdk.State.Get, tfsdk.Plan.Get and
// tfsdk.State.Set for the resources' models. The framework (v1.19) finds
// a model's fields from its struct tags on every call, compiling that
// expression for each field: a tenth of the provider's CPU in a plan of
// 1,000 platform users. These find the fields once per model type.
// They handle models whose tagged fields are all attr.Value, in the struct
// or in structs it embeds by value, and none an xattr.ValidateableAttribute,
// and run the types' validation as the framework does; anything else, and
// any value that fails, goes to the framework, which reports what is wrong.
//
// Canary: TestUpstreamFrameworkCompilesARegexpPerField fails once
// tfsdk.State.Get no longer compiles a regular expression.

package workaround

import (
	"context"
	"reflect"
	"slices"
	"sync"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/attr/xattr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
)

// GetState reads state into target, a pointer to a model.
func GetState(ctx context.Context, state tfsdk.State, target any) diag.Diagnostics {
	if state.Schema != nil && getModel(ctx, state.Raw, state.Schema.Type(), target) {
		return nil
	}
	return state.Get(ctx, target)
}

// GetPlan reads plan into target, a pointer to a model.
func GetPlan(ctx context.Context, plan tfsdk.Plan, target any) diag.Diagnostics {
	if plan.Schema != nil && getModel(ctx, plan.Raw, plan.Schema.Type(), target) {
		return nil
	}
	return plan.Get(ctx, target)
}

// SetState writes model, a model or a pointer to one, to state.
func SetState(ctx context.Context, state *tfsdk.State, model any) diag.Diagnostics {
	if state.Schema != nil {
		if v, ok := modelValue(ctx, state.Schema.Type(), model); ok {
			return state.Set(ctx, v)
		}
	}
	return state.Set(ctx, model)
}

// ModelFitsSchema tells whether GetState, GetPlan and SetState read and
// write model, a model or a pointer to one, themselves for a schema of
// type typ, rather than through the framework.
func ModelFitsSchema(typ attr.Type, model any) bool {
	t := reflect.TypeOf(model)
	if t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	return attributeTypes(typ, modelFields(t)) != nil
}

// modelField is a tagged field of a model: its attribute's name, and its
// index in the model, through the embedded structs.
type modelField struct {
	name  string
	index []int
}

// modelFieldCache holds modelFields' answer by model type.
var modelFieldCache sync.Map

// modelFields answers the fields of model type t, or nil when the framework
// must read and write it.
func modelFields(t reflect.Type) []modelField {
	if cached, ok := modelFieldCache.Load(t); ok {
		f, _ := cached.([]modelField)
		return f
	}
	f, ok := collectFields(t, nil)
	if !ok {
		f = nil
	}
	modelFieldCache.Store(t, f)
	return f
}

var (
	attrValueType    = reflect.TypeFor[attr.Value]()
	validateableType = reflect.TypeFor[xattr.ValidateableAttribute]()
)

func collectFields(t reflect.Type, prefix []int) ([]modelField, bool) {
	if t.Kind() != reflect.Struct {
		return nil, false
	}
	var fields []modelField
	for i := range t.NumField() {
		sf := t.Field(i)
		index := append(slices.Clip(prefix), i)
		tag, tagged := sf.Tag.Lookup("tfsdk")
		switch {
		case tag == "-":
		case !tagged && sf.Anonymous:
			embedded, ok := collectFields(sf.Type, index)
			if !ok {
				return nil, false
			}
			fields = append(fields, embedded...)
		case !tagged || !sf.IsExported() || !sf.Type.Implements(attrValueType) || sf.Type.Implements(validateableType):
			return nil, false
		default:
			fields = append(fields, modelField{name: tag, index: index})
		}
	}
	return fields, true
}

// attributeTypes answers the attribute types of a schema's object type
// when model fields match them one to one, else nil.
func attributeTypes(typ attr.Type, fields []modelField) map[string]attr.Type {
	obj, ok := typ.(attr.TypeWithAttributeTypes)
	if !ok || fields == nil {
		return nil
	}
	types := obj.AttributeTypes()
	if len(types) != len(fields) {
		return nil
	}
	for _, f := range fields {
		if t, ok := types[f.name]; !ok || t == nil {
			return nil
		}
	}
	return types
}

// getModel reads raw, of the object type typ, into target, and tells
// whether it could. Fields may be set when it could not.
func getModel(ctx context.Context, raw tftypes.Value, typ attr.Type, target any) bool {
	ptr := reflect.ValueOf(target)
	if ptr.Kind() != reflect.Pointer || ptr.IsNil() {
		return false
	}
	model := ptr.Elem()
	fields := modelFields(model.Type())
	types := attributeTypes(typ, fields)
	if types == nil || !raw.IsKnown() || raw.IsNull() {
		return false
	}
	var values map[string]tftypes.Value
	if raw.As(&values) != nil {
		return false
	}
	for _, f := range fields {
		tv, ok := values[f.name]
		if !ok {
			return false
		}
		v, err := types[f.name].ValueFromTerraform(ctx, tv)
		if err != nil || !valid(ctx, types[f.name], tv, f.name) {
			return false
		}
		field := model.FieldByIndex(f.index)
		if reflect.TypeOf(v) != field.Type() {
			return false
		}
		field.Set(reflect.ValueOf(v))
	}
	return true
}

// modelValue is model, a model or a pointer to one, as a value of the
// object type typ, if it can be made.
func modelValue(ctx context.Context, typ attr.Type, model any) (tftypes.Value, bool) {
	v := reflect.ValueOf(model)
	if v.Kind() == reflect.Pointer {
		if v.IsNil() {
			return tftypes.Value{}, false
		}
		v = v.Elem()
	}
	fields := modelFields(v.Type())
	types := attributeTypes(typ, fields)
	if types == nil {
		return tftypes.Value{}, false
	}
	values := make(map[string]tftypes.Value, len(fields))
	for _, f := range fields {
		av, ok := v.FieldByIndex(f.index).Interface().(attr.Value)
		if !ok || !types[f.name].Equal(av.Type(ctx)) {
			return tftypes.Value{}, false
		}
		tv, err := av.ToTerraformValue(ctx)
		if err != nil || !valid(ctx, types[f.name], tv, f.name) {
			return tftypes.Value{}, false
		}
		values[f.name] = tv
	}
	objType := typ.TerraformType(ctx)
	if tftypes.ValidateValue(objType, values) != nil {
		return tftypes.Value{}, false
	}
	return tftypes.NewValue(objType, values), true
}

// valid runs the validation the framework runs on every read and write of a
// value of typ (a set's duplicate elements, a number too large for an
// Int64): a value that fails it goes to the framework, which reports it.
func valid(ctx context.Context, typ attr.Type, v tftypes.Value, name string) bool {
	t, ok := typ.(xattr.TypeWithValidate) //nolint:staticcheck // the framework still runs it
	return !ok || !t.Validate(ctx, v, path.Root(name)).HasError()
}
