package common

import (
	"fmt"
	"slices"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/diag"

	"github.com/adminapi/terraform-provider-adminapi/internal/api"
	"github.com/adminapi/terraform-provider-adminapi/internal/client"
)

// PermissionCheck is the provider argument permission_check: what a
// planned change, or a data source read, gives when the caller lacks a
// permission it needs.
type PermissionCheck string

const (
	PermissionCheckWarn  PermissionCheck = "warn"
	PermissionCheckError PermissionCheck = "error"
	PermissionCheckOff   PermissionCheck = "off"
)

// PermissionChecks are the values of permission_check, the default first.
var PermissionChecks = []PermissionCheck{PermissionCheckWarn, PermissionCheckError, PermissionCheckOff}

// ProviderData is what the provider gives every type at Configure.
type ProviderData struct {
	Client *client.Client
	// Caller is who the provider authenticated as (GET /auth/me, once a run).
	Caller          api.Me
	PermissionCheck PermissionCheck
}

// Needs are the operations each action on a type calls; the operations
// name their permissions (api.OperationPermissions).
type Needs struct {
	Read   []api.Operation
	Create []api.Operation
	Update []api.Operation
	Delete []api.Operation
}

// Planned actions, as the permission check names them.
const (
	ActionCreate  = "create"
	ActionUpdate  = "update"
	ActionReplace = "replace"
	ActionDestroy = "destroy"
	ActionRead    = "read"
)

// Of is the operations an action calls.
func (n Needs) Of(action string) []api.Operation {
	switch action {
	case ActionCreate:
		return n.Create
	case ActionUpdate:
		return n.Update
	case ActionReplace:
		return slices.Concat(n.Delete, n.Create)
	case ActionDestroy:
		return n.Delete
	case ActionRead:
		return n.Read
	}
	return nil
}

// Permissions are the permissions ops need, each once, in their order.
func Permissions(ops []api.Operation) []api.Permission {
	var out []api.Permission
	for _, op := range ops {
		if p, ok := api.OperationPermissions[op]; ok && !slices.Contains(out, p) {
			out = append(out, p)
		}
	}
	return out
}

// CheckPermissions reports, as permission_check says, that action on o (of
// typeName, e.g. adminapi_platform_user, or "data source adminapi_roles"
// for a read) calls operations whose permissions the caller lacks; it
// answers false when it reported an error, and the caller must then stop.
func (d *ProviderData) CheckPermissions(diags *diag.Diagnostics, action, typeName string, o Object, ops []api.Operation) bool {
	if d == nil || d.PermissionCheck == PermissionCheckOff {
		return true
	}
	var missing []string
	var calls []string
	for _, op := range ops {
		p, ok := api.OperationPermissions[op]
		if !ok || d.Caller.Permissions.Holds(p) {
			continue
		}
		if !slices.Contains(missing, p.String()) {
			missing = append(missing, p.String())
		}
		calls = append(calls, string(op))
	}
	if len(missing) == 0 {
		return true
	}
	title := fmt.Sprintf("Missing permission %s to %s %s", strings.Join(missing, ", "), action, o)
	subject := fmt.Sprintf("The %s with id %q: the plan would %s it", typeName, o.Name, action)
	if action == ActionRead {
		subject = fmt.Sprintf("The plan reads the %s", typeName)
	}
	detail := fmt.Sprintf("%s, which calls %s and needs %s. %s does not hold %s, "+
		"so the apply would fail with 403 there, after any change planned before it.\n\n"+
		"Grant %s to %s, or plan with credentials that hold %s. "+
		"The provider argument permission_check (ADMINAPI_PERMISSION_CHECK) is %q: "+
		"\"warn\" reports this as a warning, \"error\" fails the plan, \"off\" does not check.",
		subject, strings.Join(calls, ", "), strings.Join(missing, ", "), d.callerName(), plural(missing),
		strings.Join(missing, ", "), d.grantee(), plural(missing), d.PermissionCheck)
	if d.PermissionCheck == PermissionCheckError {
		diags.AddError(title, detail)
		return false
	}
	diags.AddWarning(title, detail)
	return true
}

func plural(names []string) string {
	if len(names) > 1 {
		return "them"
	}
	return "it"
}

// callerName is e.g. `The API client "ci-pipeline" the provider authenticates as`.
func (d *ProviderData) callerName() string {
	if d.Caller.Kind == api.CallerClient {
		return fmt.Sprintf("The API client %q the provider authenticates as", d.Caller.Name)
	}
	return fmt.Sprintf("The admin user %q the provider authenticates as", d.Caller.Name)
}

func (d *ProviderData) grantee() string {
	if d.Caller.Kind == api.CallerClient {
		return fmt.Sprintf("the API client %q (its permissions in the server's configuration, clients[].permissions)", d.Caller.Name)
	}
	return fmt.Sprintf("the admin user %q (adminapi_admin_user's permissions, or PUT /users/%s/permissions)", d.Caller.Name, d.Caller.Name)
}

// PermissionsSection is the "Permissions" section of a type's page: what
// each of its actions needs.
func PermissionsSection(n Needs) string {
	var rows strings.Builder
	for _, action := range []string{ActionRead, ActionCreate, ActionUpdate, ActionDestroy} {
		perms := Permissions(n.Of(action))
		if len(perms) == 0 {
			continue
		}
		names := make([]string, len(perms))
		for i, p := range perms {
			names[i] = "`" + p.String() + "`"
		}
		fmt.Fprintf(&rows, "| %s | %s |\n", action, strings.Join(names, ", "))
	}
	if rows.Len() == 0 {
		return ""
	}
	return "\n\n## Permissions\n\nThe admin user or API client the provider authenticates as needs:\n\n| action | permissions |\n|---|---|\n" +
		rows.String() + "\nWith `permission_check` (default `warn`) the provider checks them at plan time."
}
