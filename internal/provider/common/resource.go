package common

import (
	"context"
	"fmt"
	"maps"
	"regexp"
	"slices"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/adminapi/terraform-provider-adminapi/internal/client"
)

// ClientFrom takes the shared client out of the provider data given to
// Configure; nil data means the provider is not configured yet.
func ClientFrom(data any, diags *diag.Diagnostics) *client.Client {
	if data == nil {
		return nil
	}
	c, ok := data.(*client.Client)
	if !ok {
		diags.AddError("Unexpected provider data", fmt.Sprintf("expected *client.Client, got %T; please report this to the provider's maintainers", data))
		return nil
	}
	return c
}

// ClientHolder gives a resource the shared client; embed it to get Configure.
type ClientHolder struct {
	Client *client.Client
}

func (h *ClientHolder) Configure(_ context.Context, req resource.ConfigureRequest, resp *resource.ConfigureResponse) {
	h.Client = ClientFrom(req.ProviderData, &resp.Diagnostics)
}

// ReadOrRemove gets the object a Read refreshes. A 404 removes the resource
// from state, another error is reported as "Could not read <what>"; ok is
// false when Read must stop there.
func ReadOrRemove[T any](ctx context.Context, resp *resource.ReadResponse, what string, get func() (*T, error)) (*T, bool) {
	v, err := get()
	if client.IsNotFound(err) {
		resp.State.RemoveResource(ctx)
		return nil, false
	}
	if err != nil {
		resp.Diagnostics.AddError("Could not read "+what, err.Error())
		return nil, false
	}
	return v, true
}

// ImportUsername imports a user whose id is its username; expected says
// what a valid one looks like.
func ImportUsername(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse, pattern *regexp.Regexp, expected string) {
	if !pattern.MatchString(req.ID) {
		resp.Diagnostics.AddError("Invalid import id", fmt.Sprintf("expected %s, got %q", expected, req.ID))
		return
	}
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("id"), req.ID)...)
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("username"), req.ID)...)
}

// AddCreateError reports a failed create. When the object itself already
// exists, the answer says how to bring it under management instead; when the
// API names only other unique fields as taken (a platform user's e-mail, say),
// it names them, as importing would not help. idFields are the API's names of
// the fields importID is made of; without them every field counts as the id.
func AddCreateError(diags *diag.Diagnostics, resourceType, what, importID string, err error, idFields ...string) {
	if !client.IsAlreadyExists(err) {
		diags.AddError(fmt.Sprintf("Could not create %s", what), err.Error())
		return
	}
	if others := takenOtherFields(err, idFields); len(others) > 0 {
		kind := strings.ReplaceAll(strings.TrimPrefix(resourceType, "adminapi_"), "_", " ")
		lines := make([]string, len(others))
		for i, f := range others {
			lines[i] = fmt.Sprintf("Another %s already has this %s.", kind, f)
		}
		diags.AddError(fmt.Sprintf("%s: %s already taken", what, strings.Join(others, " and ")),
			fmt.Sprintf("%s\nChoose another value, or manage that %s instead.\n\nAPI answer: %v",
				strings.Join(lines, "\n"), kind, err))
		return
	}
	diags.AddError(fmt.Sprintf("%s already exists", what),
		fmt.Sprintf("%v\n\nTo manage the existing object with Terraform, import it instead of creating it:\n\n"+
			"  terraform import %s.<name> %s\n\nor with an import block:\n\n"+
			"  import {\n    to = %s.<name>\n    id = %q\n  }", err, resourceType, importID, resourceType, importID))
}

// takenOtherFields are the fields a 409 names as taken when none of them is
// one of idFields; nil when the id is taken, or the API does not say.
func takenOtherFields(err error, idFields []string) []string {
	apiErr, ok := client.AsAPIError(err)
	if len(idFields) == 0 || !ok {
		return nil
	}
	var others []string
	for _, f := range slices.Sorted(maps.Keys(apiErr.Data)) {
		if slices.Contains(idFields, f) {
			return nil
		}
		others = append(others, f)
	}
	return others
}

// StringOrNull maps the API's "" for unset to null.
func StringOrNull(s string) types.String {
	if s == "" {
		return types.StringNull()
	}
	return types.StringValue(s)
}

// OptionalString is the value to send for an optional attribute: nil when null.
func OptionalString(v types.String) *string {
	if v.IsNull() || v.IsUnknown() {
		return nil
	}
	s := v.ValueString()
	return &s
}

// StringSet is a known set of strings; nil is the empty set.
func StringSet(list []string) (types.Set, diag.Diagnostics) {
	elems := make([]attr.Value, len(list))
	for i, s := range list {
		elems[i] = types.StringValue(s)
	}
	return types.SetValue(types.StringType, elems)
}
