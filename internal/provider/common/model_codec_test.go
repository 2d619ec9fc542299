package common

import (
	"context"
	"reflect"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
)

var codecSchema = schema.Schema{Attributes: map[string]schema.Attribute{
	"id":      schema.StringAttribute{Computed: true},
	"email":   schema.StringAttribute{CustomType: EmailType{}, Required: true},
	"enabled": schema.BoolAttribute{Optional: true},
	"count":   schema.Int64Attribute{Optional: true},
	"tags":    schema.SetAttribute{ElementType: types.StringType, Optional: true},
	"meta":    schema.MapAttribute{ElementType: types.StringType, Optional: true},
	"secret":  schema.StringAttribute{Optional: true, WriteOnly: true},
}}

type codecBase struct {
	ID    types.String `tfsdk:"id"`
	Email EmailValue   `tfsdk:"email"`
}

type codecModel struct {
	codecBase
	Enabled types.Bool   `tfsdk:"enabled"`
	Count   types.Int64  `tfsdk:"count"`
	Tags    types.Set    `tfsdk:"tags"`
	Meta    types.Map    `tfsdk:"meta"`
	Secret  types.String `tfsdk:"secret"`
	scratch int          //nolint:unused // an untagged unexported field is refused to the fast path
}

type codecModelFast struct {
	codecBase
	Enabled types.Bool   `tfsdk:"enabled"`
	Count   types.Int64  `tfsdk:"count"`
	Tags    types.Set    `tfsdk:"tags"`
	Meta    types.Map    `tfsdk:"meta"`
	Secret  types.String `tfsdk:"secret"`
	Ignored string       `tfsdk:"-"`
}

func codecRaw(t *testing.T, unknownTags bool) tftypes.Value {
	t.Helper()
	ctx := context.Background()
	objType := codecSchema.Type().TerraformType(ctx)
	strSet := tftypes.Set{ElementType: tftypes.String}
	tags := tftypes.NewValue(strSet, []tftypes.Value{tftypes.NewValue(tftypes.String, "a"), tftypes.NewValue(tftypes.String, "b")})
	if unknownTags {
		tags = tftypes.NewValue(strSet, tftypes.UnknownValue)
	}
	return tftypes.NewValue(objType, map[string]tftypes.Value{
		"id":      tftypes.NewValue(tftypes.String, "u1"),
		"email":   tftypes.NewValue(tftypes.String, "A@Example.com"),
		"enabled": tftypes.NewValue(tftypes.Bool, true),
		"count":   tftypes.NewValue(tftypes.Number, 7),
		"tags":    tags,
		"meta":    tftypes.NewValue(tftypes.Map{ElementType: tftypes.String}, nil),
		"secret":  tftypes.NewValue(tftypes.String, nil),
	})
}

func TestModelCodecTakesFlatModelsWithEmbeddedStructs(t *testing.T) {
	f := modelFields(reflect.TypeFor[codecModelFast]())
	var names []string
	for _, field := range f {
		names = append(names, field.name)
	}
	if got := strings.Join(names, " "); got != "id email enabled count tags meta secret" {
		t.Errorf("fields: %q", got)
	}
	if f := modelFields(reflect.TypeFor[codecModel]()); f != nil {
		t.Errorf("a model with an untagged field must go to the framework, got %v", f)
	}
	type withSlice struct {
		Names []string `tfsdk:"names"`
	}
	if f := modelFields(reflect.TypeFor[withSlice]()); f != nil {
		t.Errorf("a model with a field that is no attr.Value must go to the framework, got %v", f)
	}
}

// The fast path reads and writes what the framework reads and writes.
func TestModelCodecMatchesTheFramework(t *testing.T) {
	ctx := context.Background()
	for _, unknownTags := range []bool{false, true} {
		raw := codecRaw(t, unknownTags)
		state := tfsdk.State{Schema: codecSchema, Raw: raw}

		var fast, framework codecModelFast
		if !getModel(ctx, raw, codecSchema.Type(), &fast) {
			t.Fatal("getModel did not take the model")
		}
		if diags := state.Get(ctx, &framework); diags.HasError() {
			t.Fatal(diags)
		}
		if !reflect.DeepEqual(fast, framework) {
			t.Errorf("unknown tags %v: read\n%+v\nthe framework reads\n%+v", unknownTags, fast, framework)
		}
		var viaHelper codecModelFast
		if diags := GetState(ctx, state, &viaHelper); diags.HasError() || !reflect.DeepEqual(viaHelper, framework) {
			t.Errorf("GetState: %v\n%+v", diags, viaHelper)
		}
		var viaPlan codecModelFast
		if diags := GetPlan(ctx, tfsdk.Plan{Schema: codecSchema, Raw: raw}, &viaPlan); diags.HasError() || !reflect.DeepEqual(viaPlan, framework) {
			t.Errorf("GetPlan: %v\n%+v", diags, viaPlan)
		}

		written, ok := modelValue(ctx, codecSchema.Type(), &fast)
		if !ok {
			t.Fatal("modelValue did not take the model")
		}
		out := tfsdk.State{Schema: codecSchema}
		if diags := out.Set(ctx, &framework); diags.HasError() {
			t.Fatal(diags)
		}
		if !written.Equal(out.Raw) || !written.Equal(raw) {
			t.Errorf("unknown tags %v: wrote %v, the framework writes %v", unknownTags, written, out.Raw)
		}
		viaSet := tfsdk.State{Schema: codecSchema}
		if diags := SetState(ctx, &viaSet, fast); diags.HasError() || !viaSet.Raw.Equal(raw) {
			t.Errorf("SetState: %v %v", diags, viaSet.Raw)
		}
	}
}

// What the fast path does not take, the framework does, errors included.
func TestModelCodecLeavesTheRestToTheFramework(t *testing.T) {
	ctx := context.Background()
	raw := codecRaw(t, false)
	state := tfsdk.State{Schema: codecSchema, Raw: raw}

	var slow codecModel
	if diags := GetState(ctx, state, &slow); diags.HasError() || slow.ID.ValueString() != "u1" || slow.Count.ValueInt64() != 7 {
		t.Errorf("GetState of a model the framework reads: %v %+v", diags, slow)
	}

	type missing struct {
		ID types.String `tfsdk:"id"`
	}
	var m missing
	diags := GetState(ctx, state, &m)
	if !diags.HasError() || !strings.Contains(diags[0].Detail(), "Object defines fields not found in struct") {
		t.Errorf("a model that lacks attributes: want the framework's error, got %v", diags)
	}
	if diags := SetState(ctx, &tfsdk.State{Schema: codecSchema}, m); !diags.HasError() {
		t.Error("SetState of a model that lacks attributes: want the framework's error")
	}

	wrongType := codecModelFast{Tags: types.SetValueMust(types.Int64Type, nil)}
	if _, ok := modelValue(ctx, codecSchema.Type(), wrongType); ok {
		t.Error("modelValue took a set of the wrong element type")
	}
	if diags := SetState(ctx, &tfsdk.State{Schema: codecSchema}, wrongType); !diags.HasError() {
		t.Error("SetState of a value of the wrong type: want the framework's error")
	}

	dup := codecRaw(t, false)
	dup, err := tftypes.Transform(dup, func(p *tftypes.AttributePath, v tftypes.Value) (tftypes.Value, error) {
		if p.Equal(tftypes.NewAttributePath().WithAttributeName("tags")) {
			a := tftypes.NewValue(tftypes.String, "a")
			return tftypes.NewValue(v.Type(), []tftypes.Value{a, a}), nil
		}
		return v, nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if getModel(ctx, dup, codecSchema.Type(), &codecModelFast{}) {
		t.Error("getModel took a set with a duplicate element")
	}
	if diags := GetState(ctx, tfsdk.State{Schema: codecSchema, Raw: dup}, &codecModelFast{}); !diags.HasError() ||
		!strings.Contains(diags[0].Summary(), "Duplicate") {
		t.Errorf("a set with a duplicate element: want the framework's error, got %v", diags)
	}

	null := tfsdk.State{Schema: codecSchema, Raw: tftypes.NewValue(codecSchema.Type().TerraformType(ctx), nil)}
	if getModel(ctx, null.Raw, codecSchema.Type(), &codecModelFast{}) {
		t.Error("getModel took a null object")
	}
}
