package account

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/adminapi/terraform-provider-adminapi/internal/provider/common"
)

// A pending create older than the API keeps its answer is not repeated: the
// repeat could make a second account. No client is needed to refuse it.
func TestSettleCreateRefusesAnExpiredCreate(t *testing.T) {
	ctx := context.Background()
	r, ok := NewAccountResource().(*accountResource)
	if !ok {
		t.Fatal("NewAccountResource is no *accountResource")
	}
	p := common.NewPendingCreate(time.Now().Add(-common.PendingCreateWindow - time.Minute))
	kept := accountModel{ID: types.StringValue(p.ID()), Name: types.StringValue("late"), Attributes: types.MapNull(types.StringType)}
	var diags diag.Diagnostics
	if id := r.settleCreate(ctx, kept, p, &diags); !id.IsNull() {
		t.Errorf("settled on id %s", id)
	}
	errs := diags.Errors()
	if len(errs) != 1 || errs[0].Summary() != `Could not reconcile account "late": create expired` ||
		!strings.Contains(errs[0].Detail(), "could make a second account") || !strings.Contains(errs[0].Detail(), p.Key) {
		t.Errorf("diagnostics %v, want one error refusing to repeat the create", diags)
	}
}
