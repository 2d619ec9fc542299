package platformuser

import (
	"testing"

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

	got, ok, err := samePlanAsPrior(obj("a@example.com", unknownStr, unknownSet), prior, platformUserRefreshedOnChange)
	if err != nil || !ok || !got.Equal(prior) {
		t.Errorf("only refreshed values unknown: %v %v %v, want the prior state", got, ok, err)
	}
	if _, ok, err := samePlanAsPrior(obj("b@example.com", unknownStr, unknownSet), prior, platformUserRefreshedOnChange); err != nil || ok {
		t.Errorf("a changed e-mail: same %v (%v), want a change", ok, err)
	}
	if _, ok, err := samePlanAsPrior(obj("a@example.com", unknownStr, unknownSet), prior, []string{"roles"}); err != nil || ok {
		t.Errorf("an unknown attribute that is not refreshed on change: same %v (%v), want a change", ok, err)
	}
	if _, ok, err := samePlanAsPrior(tftypes.NewValue(typ, nil), prior, platformUserRefreshedOnChange); err != nil || ok {
		t.Errorf("a destroy: same %v (%v)", ok, err)
	}
}
