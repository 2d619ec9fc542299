package common

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

// attributes returns the three schema attributes, to merge into a resource schema.
func (s SecretTrio) Attributes() map[string]schema.Attribute {
	plain, wo, version := path.MatchRoot(s.Name), path.MatchRoot(s.WoName()), path.MatchRoot(s.WoVersionName())
	pairRule := stringvalidator.ConflictsWith(wo)
	pairRuleText := fmt.Sprintf("At most one of `%s` and `%s` may be given. Removing `%s`, or `%s` with `%s`, "+
		"stops managing the %s: nothing is sent and the platform keeps it.", s.Name, s.WoName(), s.Name, s.WoName(), s.WoVersionName(), s.Name)
	if s.Required {
		pairRule = stringvalidator.ExactlyOneOf(plain, wo)
		pairRuleText = fmt.Sprintf("Exactly one of `%s` and `%s` must be given.", s.Name, s.WoName())
	}
	return map[string]schema.Attribute{
		s.Name: schema.StringAttribute{
			Optional:            true,
			Sensitive:           true,
			MarkdownDescription: fmt.Sprintf("%s Stored in the state; prefer `%s`. %s", s.Description, s.WoName(), pairRuleText),
			Validators:          append([]validator.String{pairRule}, s.Validators...),
		},
		s.WoName(): schema.StringAttribute{
			Optional:  true,
			Sensitive: true,
			WriteOnly: true,
			MarkdownDescription: fmt.Sprintf("%s Write-only: never stored in the plan or the state (Terraform 1.11 or newer). "+
				"Needs `%s`: Terraform cannot see a write-only value change, so change that number to send it again.", s.Description, s.WoVersionName()),
			Validators: append([]validator.String{stringvalidator.AlsoRequires(version)}, s.Validators...),
		},
		s.WoVersionName(): schema.Int64Attribute{
			Optional:            true,
			MarkdownDescription: fmt.Sprintf("Change this number to set `%s` again.", s.WoName()),
			Validators:          []validator.Int64{int64validator.AlsoRequires(wo)},
		},
	}
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
