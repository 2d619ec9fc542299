package acctest

import (
	"context"
	"fmt"
	"maps"
	"slices"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/provider"
	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	testresource "github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"

	adminapi "github.com/adminapi/terraform-provider-adminapi/internal/provider"
)

// ProviderFactoriesWithoutIdentity serve the provider as it was before its
// resources had an identity: no resource declares an identity schema, so the
// state they write holds none. Apply a step with them, then refresh with
// ProviderFactories, to test that such a state gains its identity.
func ProviderFactoriesWithoutIdentity() map[string]func() (tfprotov6.ProviderServer, error) {
	return map[string]func() (tfprotov6.ProviderServer, error){
		"adminapi": providerserver.NewProtocol6WithError(providerWithoutIdentity{adminapi.New("acctest")()}),
	}
}

// IdentityUpgradeSteps are the steps of a test that state written before
// identity existed gains it: config is applied with
// ProviderFactoriesWithoutIdentity (the resource at addr has no identity in
// state), then refreshed and planned with ProviderFactories: no error, and
// the resource's identity is identity. With remove nil the plan is empty.
// Otherwise remove deletes the object behind Terraform's back between the
// two: the refresh drops it without error and the plan creates it again.
// The steps need Terraform 1.12 or newer.
func IdentityUpgradeSteps(config, addr string, identity map[string]knownvalue.Check, remove func()) []testresource.TestStep {
	upgrade := testresource.TestStep{
		ProtoV6ProviderFactories: ProviderFactories,
		Config:                   config,
		ConfigPlanChecks: testresource.ConfigPlanChecks{
			PreApply:             []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
			PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
		},
		ConfigStateChecks: []statecheck.StateCheck{statecheck.ExpectIdentity(addr, identity)},
	}
	if remove != nil {
		upgrade.PreConfig = remove
		upgrade.ConfigPlanChecks.PreApply = []plancheck.PlanCheck{plancheck.ExpectResourceAction(addr, plancheck.ResourceActionCreate)}
	}
	return []testresource.TestStep{
		{
			ProtoV6ProviderFactories: ProviderFactoriesWithoutIdentity(),
			Config:                   config,
			ConfigStateChecks:        []statecheck.StateCheck{noIdentity{addr: addr}},
		},
		upgrade,
	}
}

// noIdentity checks that the resource at addr has no identity in state.
type noIdentity struct{ addr string }

func (c noIdentity) CheckState(_ context.Context, req statecheck.CheckStateRequest, resp *statecheck.CheckStateResponse) {
	if req.State == nil || req.State.Values == nil || req.State.Values.RootModule == nil {
		resp.Error = fmt.Errorf("%s: no state", c.addr)
		return
	}
	for _, r := range req.State.Values.RootModule.Resources {
		if r.Address != c.addr {
			continue
		}
		if len(r.IdentityValues) > 0 {
			resp.Error = fmt.Errorf("%s has identity %v in state written without identity", c.addr, r.IdentityValues)
		}
		return
	}
	resp.Error = fmt.Errorf("%s is not in state", c.addr)
}

// providerWithoutIdentity serves the provider's resources and data sources
// only, each resource hiding its identity schema.
type providerWithoutIdentity struct {
	provider.Provider
}

func (p providerWithoutIdentity) Resources(ctx context.Context) []func() resource.Resource {
	factories := p.Provider.Resources(ctx)
	out := make([]func() resource.Resource, len(factories))
	for i, f := range factories {
		out[i] = func() resource.Resource { return resourceWithoutIdentity{f()} }
	}
	return out
}

// resourceWithoutIdentity passes on everything a resource does but its
// identity schema (resource.ResourceWithIdentity), so the framework gives
// it no identity to set.
type resourceWithoutIdentity struct {
	resource.Resource
}

var (
	_ resource.ResourceWithConfigure        = resourceWithoutIdentity{}
	_ resource.ResourceWithImportState      = resourceWithoutIdentity{}
	_ resource.ResourceWithModifyPlan       = resourceWithoutIdentity{}
	_ resource.ResourceWithConfigValidators = resourceWithoutIdentity{}
	_ resource.ResourceWithValidateConfig   = resourceWithoutIdentity{}
)

func (r resourceWithoutIdentity) Configure(ctx context.Context, req resource.ConfigureRequest, resp *resource.ConfigureResponse) {
	if c, ok := r.Resource.(resource.ResourceWithConfigure); ok {
		c.Configure(ctx, req, resp)
	}
}

func (r resourceWithoutIdentity) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	if i, ok := r.Resource.(resource.ResourceWithImportState); ok {
		i.ImportState(ctx, req, resp)
		return
	}
	resp.Diagnostics.AddError("Resource Import Not Implemented", "this resource cannot be imported")
}

func (r resourceWithoutIdentity) ModifyPlan(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	if m, ok := r.Resource.(resource.ResourceWithModifyPlan); ok {
		m.ModifyPlan(ctx, req, resp)
	}
}

func (r resourceWithoutIdentity) ConfigValidators(ctx context.Context) []resource.ConfigValidator {
	if v, ok := r.Resource.(resource.ResourceWithConfigValidators); ok {
		return v.ConfigValidators(ctx)
	}
	return nil
}

func (r resourceWithoutIdentity) ValidateConfig(ctx context.Context, req resource.ValidateConfigRequest, resp *resource.ValidateConfigResponse) {
	if v, ok := r.Resource.(resource.ResourceWithValidateConfig); ok {
		v.ValidateConfig(ctx, req, resp)
	}
}

// ImportIdentityRefusedSteps are plan-only steps of config plus an import
// block of addr by identity: an identity that names no object (missing) is
// refused as Terraform refuses it, one that breaks the id's rule (invalid)
// with wantError. The steps need Terraform 1.12 or newer.
func ImportIdentityRefusedSteps(config, addr string, missing, invalid map[string]string, wantError ...string) []testresource.TestStep {
	importing := func(identity map[string]string) string {
		var b strings.Builder
		for _, k := range slices.Sorted(maps.Keys(identity)) {
			fmt.Fprintf(&b, " %s = %q,", k, identity[k])
		}
		return config + fmt.Sprintf("\nimport {\n  to       = %s\n  identity = {%s }\n}\n", addr, strings.TrimSuffix(b.String(), ","))
	}
	return []testresource.TestStep{
		{Config: importing(missing), PlanOnly: true, ExpectError: ErrorRegexp("Cannot import non-existent remote object")},
		{Config: importing(invalid), PlanOnly: true, ExpectError: ErrorRegexp(append([]string{"Invalid import identity"}, wantError...)...)},
	}
}
