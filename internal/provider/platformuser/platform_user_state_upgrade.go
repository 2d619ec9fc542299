package platformuser

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
)

// platformUserSchemaVersion 1 dropped roles, which adminapi_user_role
// manages: a computed copy changed at every refresh after an assignment.
const platformUserSchemaVersion = 1

func (r *platformUserResource) UpgradeState(context.Context) map[int64]resource.StateUpgrader {
	return map[int64]resource.StateUpgrader{
		0: {StateUpgrader: r.upgradeFromV0},
	}
}

// upgradeFromV0 reads state written by schema version 0 into today's
// schema, leaving out the attributes it no longer has (roles).
func (r *platformUserResource) upgradeFromV0(ctx context.Context, req resource.UpgradeStateRequest, resp *resource.UpgradeStateResponse) {
	var s resource.SchemaResponse
	r.Schema(ctx, resource.SchemaRequest{}, &s)
	v, err := req.RawState.UnmarshalWithOpts(s.Schema.Type().TerraformType(ctx), tfprotov6.UnmarshalOpts{
		ValueFromJSONOpts: tftypes.ValueFromJSONOpts{IgnoreUndefinedAttributes: true},
	})
	if err != nil {
		resp.Diagnostics.AddError("Could not upgrade the state of a platform user from schema version 0", err.Error())
		return
	}
	resp.State.Raw = v
}
