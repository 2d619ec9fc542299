package account

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/adminapi/terraform-provider-adminapi/internal/provider/common"
)

// A pending create older than the API keeps its answer is not repeated: the
// repeat could make a second account. No client is needed to refuse it.
func TestSettleCreateRefusesAnExpiredCreate(t *testing.T) {
	ctx := context.Background()
	r := &accountResource{}
	var sr resource.SchemaResponse
	r.Schema(ctx, resource.SchemaRequest{}, &sr)
	p := common.NewPendingCreate(time.Now().Add(-common.PendingCreateWindow - time.Minute))
	state := tfsdk.State{Schema: sr.Schema, Raw: tftypes.NewValue(sr.Schema.Type().TerraformType(ctx), nil)}
	kept := accountModel{ID: types.StringValue(p.ID()), Name: types.StringValue("late"), Attributes: types.MapNull(types.StringType)}
	if d := state.Set(ctx, &kept); d.HasError() {
		t.Fatal(d)
	}
	var diags diag.Diagnostics
	if id := r.settleCreate(ctx, state, p, &diags); !id.IsNull() {
		t.Errorf("settled on id %s", id)
	}
	errs := diags.Errors()
	if len(errs) != 1 || errs[0].Summary() != "Could not reconcile account late" ||
		!strings.Contains(errs[0].Detail(), "could make a second account") || !strings.Contains(errs[0].Detail(), p.Key) {
		t.Errorf("diagnostics %v, want one error refusing to repeat the create", diags)
	}
}
