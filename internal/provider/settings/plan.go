package settings

import (
	"context"
	"encoding/json"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework-jsontypes/jsontypes"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types/basetypes"
)

// settingsJSONValidator checks at plan time that every value of `settings`
// is one JSON value, naming the group and key that is not.
type settingsJSONValidator struct{}

var _ validator.Map = settingsJSONValidator{}

func (settingsJSONValidator) Description(context.Context) string {
	return "each value must be a JSON-encoded value, e.g. jsonencode(true)"
}

func (v settingsJSONValidator) MarkdownDescription(ctx context.Context) string {
	return v.Description(ctx)
}

func (v settingsJSONValidator) ValidateMap(_ context.Context, req validator.MapRequest, resp *validator.MapResponse) {
	for g, gv := range req.ConfigValue.Elements() {
		group, ok := gv.(basetypes.MapValue)
		if !ok || group.IsUnknown() {
			continue
		}
		if group.IsNull() {
			resp.Diagnostics.AddAttributeError(req.Path.AtMapKey(g), "Missing settings group",
				fmt.Sprintf("settings.%s is null: give it a map of keys to JSON values, or leave the group out.", g))
			continue
		}
		for k, kv := range group.Elements() {
			val, ok := kv.(jsontypes.Normalized)
			if !ok || val.IsUnknown() {
				continue
			}
			at := req.Path.AtMapKey(g).AtMapKey(k)
			if val.IsNull() {
				resp.Diagnostics.AddAttributeError(at, "Missing setting value",
					fmt.Sprintf("settings.%s.%s is null: give it a JSON value, e.g. jsonencode(...), or leave the key out to stop managing it.", g, k))
				continue
			}
			var decoded any
			if err := json.Unmarshal([]byte(val.ValueString()), &decoded); err != nil {
				resp.Diagnostics.AddAttributeError(at, "Invalid JSON in setting",
					fmt.Sprintf("settings.%s.%s must be a JSON-encoded value (write it with jsonencode(...)), got %q: %v.", g, k, val.ValueString(), err))
			}
		}
	}
}

// settingsPlanModifier keeps the prior `settings` in the plan when the
// configuration says the same thing in other JSON words (spacing, key order),
// so reformatting plans no change.
type settingsPlanModifier struct{}

var _ planmodifier.Map = settingsPlanModifier{}

func (settingsPlanModifier) Description(context.Context) string {
	return "values equal as JSON plan no change"
}

func (m settingsPlanModifier) MarkdownDescription(ctx context.Context) string {
	return m.Description(ctx)
}

func (settingsPlanModifier) PlanModifyMap(ctx context.Context, req planmodifier.MapRequest, resp *planmodifier.MapResponse) {
	prior, ok := settingsFromMap(req.StateValue)
	if !ok {
		return
	}
	config, ok := settingsFromMap(req.ConfigValue)
	if ok && settingsSame(ctx, prior, config) {
		resp.PlanValue = req.StateValue
	}
}
