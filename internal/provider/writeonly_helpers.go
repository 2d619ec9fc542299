package provider

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework-validators/int64validator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

// secretTrio describes a secret offered three ways: `x` (kept in state),
// `x_wo` (write-only, Terraform 1.11+) and `x_wo_version` (bump it to send
// `x_wo` again).
type secretTrio struct {
	name        string
	description string
	validators  []validator.String
	// required: exactly one of x / x_wo must be given; otherwise at most one.
	required bool
}

func (s secretTrio) woName() string        { return s.name + "_wo" }
func (s secretTrio) woVersionName() string { return s.name + "_wo_version" }

// attributes returns the three schema attributes, to merge into a resource schema.
func (s secretTrio) attributes() map[string]schema.Attribute {
	plain, wo, version := path.MatchRoot(s.name), path.MatchRoot(s.woName()), path.MatchRoot(s.woVersionName())
	pairRule := stringvalidator.ConflictsWith(wo)
	if s.required {
		pairRule = stringvalidator.ExactlyOneOf(plain, wo)
	}
	return map[string]schema.Attribute{
		s.name: schema.StringAttribute{
			Optional:  true,
			Sensitive: true,
			MarkdownDescription: fmt.Sprintf("%s Stored in the state; prefer `%s`. Exactly one of `%s` and `%s`%s.",
				s.description, s.woName(), s.name, s.woName(), map[bool]string{true: " must be given", false: " may be given"}[s.required]),
			Validators: append([]validator.String{pairRule}, s.validators...),
		},
		s.woName(): schema.StringAttribute{
			Optional:  true,
			Sensitive: true,
			WriteOnly: true,
			MarkdownDescription: fmt.Sprintf("%s Write-only: never stored in the plan or the state (Terraform 1.11 or newer). "+
				"Needs `%s`: Terraform cannot see a write-only value change, so change that number to send it again.", s.description, s.woVersionName()),
			Validators: append([]validator.String{stringvalidator.AlsoRequires(version)}, s.validators...),
		},
		s.woVersionName(): schema.Int64Attribute{
			Optional:            true,
			MarkdownDescription: fmt.Sprintf("Change this number to set `%s` again.", s.woName()),
			Validators:          []validator.Int64{int64validator.AlsoRequires(wo)},
		},
	}
}

// fromConfig reads the secret from the configuration: write-only values are
// only there, never in the plan. ok is false when neither is given.
func (s secretTrio) fromConfig(ctx context.Context, cfg tfsdk.Config) (value string, ok bool, diags diag.Diagnostics) {
	for _, name := range []string{s.name, s.woName()} {
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

// resent is the secret an update must send again (see changed); ok is false
// when the configuration gives none, which is reported.
func (s secretTrio) resent(ctx context.Context, cfg tfsdk.Config, diags *diag.Diagnostics) (value string, ok bool) {
	value, ok, d := s.fromConfig(ctx, cfg)
	diags.Append(d...)
	if d.HasError() {
		return "", false
	}
	if !ok {
		diags.AddAttributeError(path.Root(s.woName()), "Missing "+s.name,
			fmt.Sprintf("%s changed but %s is not set: give the new %s in %s.", s.woVersionName(), s.woName(), s.name, s.woName()))
	}
	return value, ok
}

// changed says whether an update must send the secret again: `x` changed,
// or `x_wo_version` changed.
func (s secretTrio) changed(ctx context.Context, plan tfsdk.Plan, state tfsdk.State) (bool, diag.Diagnostics) {
	var diags diag.Diagnostics
	var planPlain, statePlain types.String
	var planVersion, stateVersion types.Int64
	diags.Append(plan.GetAttribute(ctx, path.Root(s.name), &planPlain)...)
	diags.Append(state.GetAttribute(ctx, path.Root(s.name), &statePlain)...)
	diags.Append(plan.GetAttribute(ctx, path.Root(s.woVersionName()), &planVersion)...)
	diags.Append(state.GetAttribute(ctx, path.Root(s.woVersionName()), &stateVersion)...)
	if diags.HasError() {
		return false, diags
	}
	plainChanged := !planPlain.IsNull() && !planPlain.Equal(statePlain)
	return plainChanged || !planVersion.Equal(stateVersion), diags
}
