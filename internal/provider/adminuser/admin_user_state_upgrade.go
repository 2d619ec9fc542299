package adminuser

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
)

// adminUserSchemaVersion 1 made `permissions` a map from group to set:
// version 0's object dropped an unknown group (the API's platformUsers)
// without a word.
const adminUserSchemaVersion = 1

func (r *adminUserResource) UpgradeState(context.Context) map[int64]resource.StateUpgrader {
	return map[int64]resource.StateUpgrader{
		0: {StateUpgrader: r.upgradeFromV0},
	}
}

// adminPermissionsV0 is the type of `permissions` in schema version 0: an
// object of the four groups, each a set (empty, never null, when the
// configuration left the group out: the attributes defaulted to []).
var adminPermissionsV0 = tftypes.Object{AttributeTypes: map[string]tftypes.Type{
	"users":          tftypes.Set{ElementType: tftypes.String},
	"settings":       tftypes.Set{ElementType: tftypes.String},
	"platform_users": tftypes.Set{ElementType: tftypes.String},
	"accounts":       tftypes.Set{ElementType: tftypes.String},
}}

// upgradeFromV0 reads state written by schema version 0 into today's
// schema: the `permissions` object becomes a map holding the groups that
// have a permission. Version 0 wrote an empty set both for a group the
// configuration left out and for one written `[]`, and left out is how
// configurations (and the examples) write "none": that one plans no
// change; a group written `[]` plans an update of the state alone (the
// permissions are the same, so no API call).
func (r *adminUserResource) upgradeFromV0(ctx context.Context, req resource.UpgradeStateRequest, resp *resource.UpgradeStateResponse) {
	var s resource.SchemaResponse
	r.Schema(ctx, resource.SchemaRequest{}, &s)
	current, ok := s.Schema.Type().TerraformType(ctx).(tftypes.Object)
	if !ok {
		resp.Diagnostics.AddError("Could not upgrade the state of an admin user from schema version 0", "the schema is not an object")
		return
	}
	v0 := tftypes.Object{AttributeTypes: make(map[string]tftypes.Type, len(current.AttributeTypes))}
	for name, t := range current.AttributeTypes {
		v0.AttributeTypes[name] = t
	}
	v0.AttributeTypes["permissions"] = adminPermissionsV0
	v, err := req.RawState.UnmarshalWithOpts(v0, tfprotov6.UnmarshalOpts{
		ValueFromJSONOpts: tftypes.ValueFromJSONOpts{IgnoreUndefinedAttributes: true},
	})
	if err == nil {
		v, err = upgradePermissionsV0(v, current)
	}
	if err != nil {
		resp.Diagnostics.AddError("Could not upgrade the state of an admin user from schema version 0", err.Error())
		return
	}
	resp.State.Raw = v
}

// upgradePermissionsV0 turns state v of version 0 into a value of type
// current: the same attributes, `permissions` a map of its non-empty groups.
func upgradePermissionsV0(v tftypes.Value, current tftypes.Object) (tftypes.Value, error) {
	var attrs map[string]tftypes.Value
	if err := v.As(&attrs); err != nil {
		return tftypes.Value{}, err
	}
	mapType := current.AttributeTypes["permissions"]
	if perms := attrs["permissions"]; perms.IsNull() || !perms.IsKnown() {
		attrs["permissions"] = tftypes.NewValue(mapType, nil)
		return tftypes.NewValue(current, attrs), nil
	}
	var groups map[string]tftypes.Value
	if err := attrs["permissions"].As(&groups); err != nil {
		return tftypes.Value{}, err
	}
	kept := map[string]tftypes.Value{}
	for name, set := range groups {
		if !set.IsKnown() || set.IsNull() {
			continue
		}
		var elems []tftypes.Value
		if err := set.As(&elems); err != nil {
			return tftypes.Value{}, err
		}
		if len(elems) > 0 {
			kept[name] = set
		}
	}
	attrs["permissions"] = tftypes.NewValue(mapType, kept)
	return tftypes.NewValue(current, attrs), nil
}
