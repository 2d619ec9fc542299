package platformuser

import (
	"slices"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
)

func TestEmailKeepPriorCase(t *testing.T) {
	for _, c := range []struct {
		name        string
		state, plan types.String
		wantPlanned types.String
	}{
		{"case only", types.StringValue("alice@example.com"), types.StringValue("Alice@Example.COM"), types.StringValue("alice@example.com")},
		{"same", types.StringValue("a@example.com"), types.StringValue("a@example.com"), types.StringValue("a@example.com")},
		{"other address", types.StringValue("alice@example.com"), types.StringValue("bob@example.com"), types.StringValue("bob@example.com")},
		{"create", types.StringNull(), types.StringValue("Alice@Example.com"), types.StringValue("Alice@Example.com")},
		{"unknown", types.StringValue("alice@example.com"), types.StringUnknown(), types.StringUnknown()},
	} {
		req := planmodifier.StringRequest{StateValue: c.state, PlanValue: c.plan, ConfigValue: c.plan}
		resp := planmodifier.StringResponse{PlanValue: c.plan}
		emailKeepPriorCase{}.PlanModifyString(t.Context(), req, &resp)
		if !resp.PlanValue.Equal(c.wantPlanned) {
			t.Errorf("%s: planned %v, want %v", c.name, resp.PlanValue, c.wantPlanned)
		}
	}
}

func TestSamePlanAsPrior(t *testing.T) {
	typ := tftypes.Object{AttributeTypes: map[string]tftypes.Type{
		"email": tftypes.String, "updated_at": tftypes.String, "roles": tftypes.Set{ElementType: tftypes.String},
	}}
	obj := func(email string, updated, roles tftypes.Value) tftypes.Value {
		return tftypes.NewValue(typ, map[string]tftypes.Value{
			"email": tftypes.NewValue(tftypes.String, email), "updated_at": updated, "roles": roles,
		})
	}
	roles := tftypes.NewValue(tftypes.Set{ElementType: tftypes.String}, []tftypes.Value{tftypes.NewValue(tftypes.String, "ops")})
	updated := tftypes.NewValue(tftypes.String, "2025-01-01T00:00:00Z")
	unknownStr := tftypes.NewValue(tftypes.String, tftypes.UnknownValue)
	unknownSet := tftypes.NewValue(tftypes.Set{ElementType: tftypes.String}, tftypes.UnknownValue)
	prior := obj("a@example.com", updated, roles)
	refreshed := []string{"roles", "updated_at"}

	got, ok, err := samePlanAsPrior(obj("a@example.com", unknownStr, unknownSet), prior, refreshed)
	if err != nil || !ok || !got.Equal(prior) {
		t.Errorf("only refreshed values unknown: %v %v %v, want the prior state", got, ok, err)
	}
	if _, ok, err := samePlanAsPrior(obj("b@example.com", unknownStr, unknownSet), prior, refreshed); err != nil || ok {
		t.Errorf("a changed e-mail: same %v (%v), want a change", ok, err)
	}
	if _, ok, err := samePlanAsPrior(obj("a@example.com", unknownStr, unknownSet), prior, []string{"roles"}); err != nil || ok {
		t.Errorf("an unknown attribute that is not refreshed on change: same %v (%v), want a change", ok, err)
	}
	if _, ok, err := samePlanAsPrior(tftypes.NewValue(typ, nil), prior, refreshed); err != nil || ok {
		t.Errorf("a destroy: same %v (%v)", ok, err)
	}
}

// Every computed attribute of the schema that the configuration leaves null
// may be planned unknown on a change that changes nothing; an unknown value
// of any other attribute is a change.
func TestUnknownOnChangeCoversTheSchema(t *testing.T) {
	ctx := t.Context()
	var resp resource.SchemaResponse
	NewPlatformUserResource().Schema(ctx, resource.SchemaRequest{}, &resp)
	s := resp.Schema
	typ, ok := s.Type().TerraformType(ctx).(tftypes.Object)
	if !ok {
		t.Fatalf("schema type %T", s.Type().TerraformType(ctx))
	}
	// with is an object of the schema with every attribute null but those set.
	with := func(set map[string]tftypes.Value) tftypes.Value {
		vals := map[string]tftypes.Value{}
		for name, at := range typ.AttributeTypes {
			vals[name] = tftypes.NewValue(at, nil)
			if v, ok := set[name]; ok {
				vals[name] = v
			}
		}
		return tftypes.NewValue(typ, vals)
	}
	unknown := func(name string) tftypes.Value {
		return tftypes.NewValue(typ.AttributeTypes[name], tftypes.UnknownValue)
	}
	prior, config := with(nil), with(nil)

	attrs, err := unknownOnChange(s, config)
	if err != nil {
		t.Fatal(err)
	}
	allComputed := map[string]tftypes.Value{}
	for name, a := range s.Attributes {
		plan := with(map[string]tftypes.Value{name: unknown(name)})
		_, same, err := samePlanAsPrior(plan, prior, attrs)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if same != a.IsComputed() {
			t.Errorf("%s unknown, computed %v: no change %v, want %v", name, a.IsComputed(), same, a.IsComputed())
		}
		if a.IsComputed() {
			allComputed[name] = unknown(name)
		}
	}
	if len(allComputed) == 0 {
		t.Fatal("the schema has no computed attribute")
	}
	if _, same, err := samePlanAsPrior(with(allComputed), prior, attrs); err != nil || !same {
		t.Errorf("every computed attribute unknown: no change %v (%v), want true", same, err)
	}

	// An optional computed attribute that the configuration sets to a value
	// known only after apply may change.
	for name, a := range s.Attributes {
		if !a.IsComputed() || !a.IsOptional() {
			continue
		}
		attrs, err := unknownOnChange(s, with(map[string]tftypes.Value{name: unknown(name)}))
		if err != nil {
			t.Fatal(err)
		}
		if slices.Contains(attrs, name) {
			t.Errorf("%s is configured (unknown), yet counted as planned unknown by the framework", name)
		}
	}
}
