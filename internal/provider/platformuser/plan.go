package platformuser

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
)

// emailKeepPriorCase plans the prior e-mail address when the configuration
// differs from it only in letter case: it is the same address, so nothing
// changes. Terraform accepts a planned value equal to the prior one in place
// of the configured value.
type emailKeepPriorCase struct{}

var _ planmodifier.String = emailKeepPriorCase{}

func (emailKeepPriorCase) Description(context.Context) string {
	return "an address that differs from the current one only in letter case is no change"
}

func (m emailKeepPriorCase) MarkdownDescription(ctx context.Context) string {
	return m.Description(ctx)
}

func (emailKeepPriorCase) PlanModifyString(_ context.Context, req planmodifier.StringRequest, resp *planmodifier.StringResponse) {
	if req.StateValue.IsNull() || req.StateValue.IsUnknown() || req.PlanValue.IsNull() || req.PlanValue.IsUnknown() {
		return
	}
	if strings.EqualFold(req.PlanValue.ValueString(), req.StateValue.ValueString()) {
		resp.PlanValue = req.StateValue
	}
}

// unknownOnChange names the attributes the framework plans as unknown
// whenever Terraform proposes any change: the schema's computed attributes
// that the configuration leaves null. An unknown value the configuration
// gives (a reference known after apply) is not among them.
func unknownOnChange(s schema.Schema, config tftypes.Value) ([]string, error) {
	configured := map[string]tftypes.Value{}
	if !config.IsNull() {
		if err := config.As(&configured); err != nil {
			return nil, fmt.Errorf("read the configuration: %w", err)
		}
	}
	var names []string
	for name, a := range s.Attributes {
		if v, ok := configured[name]; a.IsComputed() && (!ok || v.IsNull()) {
			names = append(names, name)
		}
	}
	slices.Sort(names)
	return names, nil
}

// samePlanAsPrior is the prior state when plan differs from it only in
// attrs being unknown: after emailKeepPriorCase has turned a case-only
// change back, the framework has already marked them unknown, and the plan
// would show an update that changes nothing. ok is false otherwise.
func samePlanAsPrior(plan, prior tftypes.Value, attrs []string) (same tftypes.Value, ok bool, err error) {
	if plan.IsNull() || prior.IsNull() {
		return tftypes.Value{}, false, nil
	}
	same, err = tftypes.Transform(plan, func(p *tftypes.AttributePath, v tftypes.Value) (tftypes.Value, error) {
		steps := p.Steps()
		if len(steps) != 1 || v.IsKnown() {
			return v, nil
		}
		name, isAttr := steps[0].(tftypes.AttributeName)
		if !isAttr || !slices.Contains(attrs, string(name)) {
			return v, nil
		}
		priorV, _, err := tftypes.WalkAttributePath(prior, p)
		if err != nil {
			return v, err
		}
		pv, isValue := priorV.(tftypes.Value)
		if !isValue {
			return v, fmt.Errorf("prior value at %s is a %T", p, priorV)
		}
		return pv, nil
	})
	if err != nil {
		return tftypes.Value{}, false, err
	}
	return same, same.Equal(prior), nil
}

// createdWithout plans null for the create-only attributes that the
// configuration of a user to create leaves out: the user is created without
// them. The create half of a replacement is planned the same way, without
// prior state, so its plan shows the replaced user's values going.
func createdWithout(ctx context.Context, config tfsdk.Config, plan *tfsdk.Plan) diag.Diagnostics {
	var diags diag.Diagnostics
	for name := range createOnlyAttributes {
		var configured types.String
		diags.Append(config.GetAttribute(ctx, path.Root(name), &configured)...)
		if diags.HasError() {
			return diags
		}
		if configured.IsNull() {
			diags.Append(plan.SetAttribute(ctx, path.Root(name), types.StringNull())...)
		}
	}
	return diags
}
