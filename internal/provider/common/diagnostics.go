package common

import (
	"fmt"
	"maps"
	"slices"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"

	"github.com/adminapi/terraform-provider-adminapi/internal/client"
)

// Every diagnostic about one object has the title
//
//	Could not <verb> <kind> "<name>"[: <reason>]
//
// e.g. `Could not create platform user "alice"`, or
// `Could not delete role "auditor": still assigned`; a lookup that finds
// nothing is `No <kind> found`, an import id that breaks its rule
// `Invalid import ID` (or identity). The constructors below are the only
// ones that build these titles.

// Object names one object in titles: its kind ("platform user") and name.
type Object struct {
	Kind string
	Name string
}

func (o Object) String() string { return fmt.Sprintf("%s %q", o.Kind, o.Name) }

// Title is `Could not <verb> <object>`, with `: <reason>` when there is one.
func Title(verb string, o Object, reason string) string {
	t := fmt.Sprintf("Could not %s %s", verb, o)
	if reason != "" {
		t += ": " + reason
	}
	return t
}

// Failed reports that verb (create, read, update, delete, or a step such
// as "set the password of") failed on o with err. An answer of 403 naming
// the permission the caller lacks is reported as MissingPermission.
func Failed(diags *diag.Diagnostics, verb string, o Object, err error) {
	if apiErr, ok := client.AsAPIError(err); ok && client.IsForbidden(err) && apiErr.Data["permission"] != "" && !client.IsDeletionDisabled(err) {
		MissingPermission(diags, verb, o, apiErr.Data["permission"], err)
		return
	}
	diags.AddError(Title(verb, o, ""), err.Error())
}

// CreateFailed, ReadFailed, UpdateFailed and DeleteFailed are Failed for
// the four operations of a resource.
func CreateFailed(diags *diag.Diagnostics, o Object, err error) { Failed(diags, "create", o, err) }
func ReadFailed(diags *diag.Diagnostics, o Object, err error)   { Failed(diags, "read", o, err) }
func UpdateFailed(diags *diag.Diagnostics, o Object, err error) { Failed(diags, "update", o, err) }
func DeleteFailed(diags *diag.Diagnostics, o Object, err error) { Failed(diags, "delete", o, err) }

// Refused reports that verb on o was refused for reason, with detail
// saying what to do.
func Refused(diags *diag.Diagnostics, verb string, o Object, reason, detail string) {
	diags.AddError(Title(verb, o, reason), detail)
}

// MissingPermission reports that the API client lacks permission to verb o.
func MissingPermission(diags *diag.Diagnostics, verb string, o Object, permission string, err error) {
	diags.AddError(Title(verb, o, "missing permission "+permission),
		fmt.Sprintf("%v\n\nThe admin user or API client the provider authenticates as lacks the permission %s. Grant it "+
			"(an admin user's permissions: adminapi_admin_user's permissions attribute; an API client's: clients[].permissions "+
			"in the server's configuration), or run this change with credentials that hold it. permission_check = \"error\" "+
			"finds this at plan time.", err, permission))
}

// APIFailed reports a failed call that concerns no one object, such as
// listing: the title is "Could not <doing>".
func APIFailed(diags *diag.Diagnostics, doing string, err error) {
	diags.AddError("Could not "+doing, err.Error())
}

// AddLookupError reports a failed lookup by attribute = value: a 404 says
// that no kind has that value, another error is passed on.
func AddLookupError(diags *diag.Diagnostics, kind, attribute, value string, err error) {
	if client.IsNotFound(err) {
		diags.AddAttributeError(path.Root(attribute), fmt.Sprintf("No %s found", kind),
			fmt.Sprintf("No %s has %s = %q.", kind, attribute, value))
		return
	}
	diags.AddAttributeError(path.Root(attribute), Title("read", Object{kind, value}, ""), err.Error())
}

// InvalidImport reports an import id, or import identity, that breaks its
// rule.
func InvalidImport(diags *diag.Diagnostics, req resource.ImportStateRequest, detail string) {
	title := "Invalid import ID"
	if req.ID == "" {
		title = "Invalid import identity"
	}
	diags.AddError(title, detail)
}

// AddCreateError reports a failed create of o. When the object itself
// already exists, the answer says how to bring it under management
// instead; when the API names only other unique fields as taken (a
// platform user's e-mail, say), it names them, as importing would not
// help. idFields are the API's names of the fields importID is made of;
// without them every field counts as the id.
func AddCreateError(diags *diag.Diagnostics, resourceType string, o Object, importID string, err error, idFields ...string) {
	if !client.IsAlreadyExists(err) {
		CreateFailed(diags, o, err)
		return
	}
	if others := takenOtherFields(err, idFields); len(others) > 0 {
		lines := make([]string, len(others))
		for i, f := range others {
			lines[i] = fmt.Sprintf("Another %s already has this %s.", o.Kind, f)
		}
		Refused(diags, "create", o, strings.Join(others, " and ")+" already taken",
			fmt.Sprintf("%s\nChoose another value, or manage that %s instead.\n\nAPI answer: %v",
				strings.Join(lines, "\n"), o.Kind, err))
		return
	}
	Refused(diags, "create", o, "already exists",
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
