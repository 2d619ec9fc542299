package platformuser

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
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

// platformUserRefreshedOnChange are the computed attributes the framework
// plans as unknown whenever Terraform proposes any change.
var platformUserRefreshedOnChange = []string{"roles", "updated_at"}

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
