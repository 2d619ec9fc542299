package common

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/adminapi/terraform-provider-adminapi/internal/client"
)

// KeepIfMayHaveActed handles a create that failed with err. When the create
// may have taken effect all the same (client.MayHaveActed: an attempt
// reached the API and its answer was lost), it reports the error, keeps
// kept (the planned model, its id set) in state with the values still
// unknown set to null, and answers
// true. Terraform records the resource as tainted: the next plan's refresh
// reads the object back, or drops it when the API does not have it, and the
// apply replaces or creates it; it is neither made twice nor refused as
// already there. Otherwise it answers false and the caller reports err.
func KeepIfMayHaveActed(ctx context.Context, resp *resource.CreateResponse, err error, o Object, kept any) bool {
	if !client.MayHaveActed(err) {
		return false
	}
	keepPlanned(ctx, &resp.State, kept, &resp.Diagnostics)
	addUnsettledCreate(&resp.Diagnostics, o, err,
		"Its refresh reads the object back, or drops it from the state when the API does not have it.", "")
	return true
}

// addUnsettledCreate reports a create that may have taken effect; how says
// how the next apply finds out whether it did, and after says what else to
// know.
func addUnsettledCreate(diags *diag.Diagnostics, o Object, err error, how, after string) {
	diags.AddError(Title("create", o, "answer lost"), fmt.Sprintf("%v\n\n"+
		"The create may have taken effect all the same: an attempt reached the API and its answer was lost. "+
		"The resource is kept in the state, marked tainted, so that the next apply reconciles it. %s "+
		"Then the apply replaces it, or creates it when it was not made. Apply again once the API is reachable.%s",
		err, how, after))
}

// keepPlanned sets state to kept with every unknown value set to null: a
// state holds no unknown value.
func keepPlanned(ctx context.Context, state *tfsdk.State, kept any, diags *diag.Diagnostics) {
	var d diag.Diagnostics
	d.Append(state.Set(ctx, kept)...)
	if d.HasError() {
		diags.Append(d...)
		return
	}
	known, err := tftypes.Transform(state.Raw, func(_ *tftypes.AttributePath, v tftypes.Value) (tftypes.Value, error) {
		if !v.IsKnown() {
			return tftypes.NewValue(v.Type(), nil), nil
		}
		return v, nil
	})
	if err != nil {
		diags.AddError("Could not keep the planned values in the state", err.Error())
		return
	}
	state.Raw = known
}
