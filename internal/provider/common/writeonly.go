package common

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework-validators/resourcevalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

// SecretTrio describes a secret offered three ways: `x` (kept in state),
// `x_wo` (write-only, Terraform 1.11+) and `x_wo_version` (bump it to send
// `x_wo` again).
type SecretTrio struct {
	Name        string
	Description string
	Validators  []validator.String
	// required: exactly one of x / x_wo must be given; otherwise at most one.
	Required bool
}

func (s SecretTrio) WoName() string        { return s.Name + "_wo" }
func (s SecretTrio) WoVersionName() string { return s.Name + "_wo_version" }

// Attributes returns the three schema attributes, to merge into a resource
// schema. Their rules across attributes are ConfigValidators and PlanCheck.
func (s SecretTrio) Attributes() map[string]schema.Attribute {
	rule := fmt.Sprintf("At most one of `%s` and `%s` may be given. Removing `%s`, or `%s` with `%s`, "+
		"stops managing the %s: nothing is sent and the platform keeps it.", s.Name, s.WoName(), s.Name, s.WoName(), s.WoVersionName(), s.Name)
	if s.Required {
		rule = fmt.Sprintf("Exactly one of `%s` and `%s` must be given, except that `%s` may be left null while `%s` "+
			"is unchanged from the state.", s.Name, s.WoName(), s.WoName(), s.WoVersionName())
	}
	return map[string]schema.Attribute{
		s.Name: schema.StringAttribute{
			Optional:            true,
			Sensitive:           true,
			MarkdownDescription: fmt.Sprintf("%s Stored in the state; prefer `%s`. %s", s.Description, s.WoName(), rule),
			Validators:          append([]validator.String{stringvalidator.ConflictsWith(path.MatchRoot(s.WoName()))}, s.Validators...),
		},
		s.WoName(): schema.StringAttribute{
			Optional:  true,
			Sensitive: true,
			WriteOnly: true,
			MarkdownDescription: fmt.Sprintf("%s Write-only: never stored in the plan or the state (Terraform 1.11 or newer). "+
				"Needs `%s`: Terraform cannot see a write-only value change, so change that number to send it again.", s.Description, s.WoVersionName()),
			Validators: append([]validator.String{stringvalidator.AlsoRequires(path.MatchRoot(s.WoVersionName()))}, s.Validators...),
		},
		s.WoVersionName(): schema.Int64Attribute{
			Optional: true,
			MarkdownDescription: fmt.Sprintf("Change this number to set `%s` again. `%s` may be null while this number is unchanged "+
				"from the state: nothing is sent and nothing changes, so a job that only plans (drift detection) needs no secret. "+
				"A new or changed number with a null `%s` is an error at plan time.", s.WoName(), s.WoName(), s.WoName()),
		},
	}
}

// ConfigValidators are the trio's rules that need the whole configuration:
// a required secret is given one way, or by a password_wo_version alone
// (whose password_wo PlanCheck asks for when it is new or changed).
func (s SecretTrio) ConfigValidators() []resource.ConfigValidator {
	if !s.Required {
		return nil
	}
	return []resource.ConfigValidator{resourcevalidator.AtLeastOneOf(
		path.MatchRoot(s.Name), path.MatchRoot(s.WoName()), path.MatchRoot(s.WoVersionName()))}
}

// PlanCheck refuses a new or changed x_wo_version with a null x_wo: there
// would be nothing to send. An unchanged version with a null x_wo is the
// drift job's case: nothing is sent, nothing changes.
func (s SecretTrio) PlanCheck(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	if req.Plan.Raw.IsNull() {
		return
	}
	var wo types.String
	var planned, prior types.Int64
	resp.Diagnostics.Append(req.Config.GetAttribute(ctx, path.Root(s.WoName()), &wo)...)
	resp.Diagnostics.Append(req.Plan.GetAttribute(ctx, path.Root(s.WoVersionName()), &planned)...)
	if !req.State.Raw.IsNull() {
		resp.Diagnostics.Append(req.State.GetAttribute(ctx, path.Root(s.WoVersionName()), &prior)...)
	} else {
		prior = types.Int64Null()
	}
	if resp.Diagnostics.HasError() || !wo.IsNull() || planned.IsNull() || planned.IsUnknown() || planned.Equal(prior) {
		return
	}
	was := "is new"
	if !prior.IsNull() {
		was = fmt.Sprintf("changed from %d", prior.ValueInt64())
	}
	resp.Diagnostics.AddAttributeError(path.Root(s.WoName()), fmt.Sprintf("Missing %s for a new %s", s.WoName(), s.WoVersionName()),
		fmt.Sprintf("%s = %d %s, which sends %s, but %s is null. Give the %s in %s (e.g. from an ephemeral variable), "+
			"or keep %s as it is in the state: then %s may stay null and nothing is sent.",
			s.WoVersionName(), planned.ValueInt64(), was, s.WoName(), s.WoName(), s.Name, s.WoName(), s.WoVersionName(), s.WoName()))
}

// FromConfig reads the secret from the configuration: write-only values are
// only there, never in the plan. ok is false when neither is given.
func (s SecretTrio) FromConfig(ctx context.Context, cfg tfsdk.Config) (value string, ok bool, diags diag.Diagnostics) {
	for _, name := range []string{s.Name, s.WoName()} {
		var v types.String
		diags.Append(cfg.GetAttribute(ctx, path.Root(name), &v)...)
		if diags.HasError() {
			return "", false, diags
		}
		if !v.IsNull() && !v.IsUnknown() {
			return v.ValueString(), true, diags
		}
	}
	return "", false, diags
}

// Resent is the secret an update must send again (see changed); ok is false
// when the configuration gives none, which is reported.
func (s SecretTrio) Resent(ctx context.Context, cfg tfsdk.Config, diags *diag.Diagnostics) (value string, ok bool) {
	value, ok, d := s.FromConfig(ctx, cfg)
	diags.Append(d...)
	if d.HasError() {
		return "", false
	}
	if !ok {
		diags.AddAttributeError(path.Root(s.WoName()), "Missing "+s.Name,
			fmt.Sprintf("%s changed but %s is not set: give the new %s in %s.", s.WoVersionName(), s.WoName(), s.Name, s.WoName()))
	}
	return value, ok
}

// Changed says whether an update must send the secret (see mustSend).
func (s SecretTrio) Changed(ctx context.Context, plan tfsdk.Plan, state tfsdk.State) (bool, diag.Diagnostics) {
	var diags diag.Diagnostics
	var planPlain, statePlain types.String
	var planVersion, stateVersion types.Int64
	diags.Append(plan.GetAttribute(ctx, path.Root(s.Name), &planPlain)...)
	diags.Append(state.GetAttribute(ctx, path.Root(s.Name), &statePlain)...)
	diags.Append(plan.GetAttribute(ctx, path.Root(s.WoVersionName()), &planVersion)...)
	diags.Append(state.GetAttribute(ctx, path.Root(s.WoVersionName()), &stateVersion)...)
	if diags.HasError() {
		return false, diags
	}
	return mustSend(planPlain, statePlain, planVersion, stateVersion), diags
}

// mustSend says whether an update sends the configured secret: `x` is set
// to a new value (a switch from `x_wo` included), or `x_wo_version` is set
// to a new number (the first time, a bump, a switch from `x`). Removing `x`,
// or `x_wo` with its version, sends nothing: Terraform stops managing the
// secret and the platform keeps it. A required secret cannot be removed:
// the configuration is refused before the plan.
func mustSend(planPlain, statePlain types.String, planVersion, stateVersion types.Int64) bool {
	plainSet := !planPlain.IsNull() && !planPlain.Equal(statePlain)
	versionSet := !planVersion.IsNull() && !planVersion.Equal(stateVersion)
	return plainSet || versionSet
}
