package common

import (
	"context"
	"slices"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/adminapi/terraform-provider-adminapi/internal/api"
	"github.com/adminapi/terraform-provider-adminapi/internal/client"
	"github.com/adminapi/terraform-provider-adminapi/internal/provider/workaround"
)

// ResourceSpec is what a resource tells its base, Resource[M].
type ResourceSpec[M any] struct {
	// Name is the type name after the provider's: "platform_user".
	Name string
	// Kind is how titles name one object: "platform user".
	Kind string
	// Identity is the identity and the import id's parts.
	Identity Identity
	// IdentityOf is the identity of the object a model holds, one value
	// per part.
	IdentityOf func(*M) []string
	// Imported, when set, completes the state an import sets, given the
	// parsed parts.
	Imported func(ctx context.Context, values []string, resp *resource.ImportStateResponse)
	// PlanChecks are the resource's own plan-time changes and checks, run
	// first by ModifyPlan.
	PlanChecks func(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse)
	// Needs are the operations each action calls, for the plan-time
	// permission check and the docs' Permissions section.
	Needs Needs
	// NameOf, when set, names an object to create whose identity is not
	// known until it is made (an account's id), for the permission check.
	NameOf func(*M) string
	// UpdateNeeds, when set, narrows Needs.Update to the operations a
	// planned update calls, from its prior and planned models.
	UpdateNeeds func(prior, planned *M) []api.Operation
}

// Resource is the base of every resource: embed it and write Schema,
// Create, Read, Update and Delete. It holds the client (Configure), names
// the type (Metadata), declares the identity and imports by id or by
// identity, runs the plan-time checks (ModifyPlan), and reads and writes
// the model M without the framework's per-call reflection.
type Resource[M any] struct {
	ClientHolder
	Spec ResourceSpec[M]
}

// ResourceType is what every resource built on Resource implements.
type ResourceType interface {
	resource.ResourceWithConfigure
	resource.ResourceWithIdentity
	resource.ResourceWithImportState
	resource.ResourceWithModifyPlan
	// Model is a zero model, for tests that check it fits the schema.
	Model() any
	// Object names the object called name in titles.
	Object(name string) Object
	// IdentityParts are the identity's and the import id's parts.
	IdentityParts() Identity
}

func NewResource[M any](spec ResourceSpec[M]) Resource[M] {
	return Resource[M]{Spec: spec}
}

func (r *Resource[M]) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_" + r.Spec.Name
}

func (r *Resource[M]) IdentitySchema(_ context.Context, _ resource.IdentitySchemaRequest, resp *resource.IdentitySchemaResponse) {
	resp.IdentitySchema = r.Spec.Identity.Schema()
}

func (r *Resource[M]) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	values, ok := r.Spec.Identity.Parse(ctx, req, &resp.Diagnostics)
	if !ok {
		return
	}
	r.Spec.Identity.Import(ctx, values, resp)
	if r.Spec.Imported != nil && !resp.Diagnostics.HasError() {
		r.Spec.Imported(ctx, values, resp)
	}
}

// ModifyPlan runs the resource's PlanChecks, then checks that the caller
// holds the permissions the planned action needs (permission_check).
func (r *Resource[M]) ModifyPlan(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	if r.Spec.PlanChecks != nil {
		r.Spec.PlanChecks(ctx, req, resp)
		if resp.Diagnostics.HasError() {
			return
		}
	}
	if r.Provider == nil || r.Provider.PermissionCheck == PermissionCheckOff {
		return
	}
	action := plannedAction(req, resp)
	if action == "" {
		return
	}
	var prior, planned M
	if action != ActionCreate {
		prior, _ = r.State(ctx, req.State, &resp.Diagnostics)
	}
	if action != ActionDestroy {
		planned, _ = r.Plan(ctx, resp.Plan, &resp.Diagnostics)
	}
	if resp.Diagnostics.HasError() {
		return
	}
	ops := r.Spec.Needs.Of(action)
	if action == ActionUpdate && r.Spec.UpdateNeeds != nil {
		ops = r.Spec.UpdateNeeds(&prior, &planned)
	}
	name := JoinID(r.Spec.IdentityOf(&prior)...)
	if action == ActionCreate {
		name = r.plannedName(ctx, &planned, resp.Plan)
	}
	r.Provider.CheckPermissions(&resp.Diagnostics, action, r.TypeName(), r.Object(name), ops)
}

// plannedAction is what the plan does to the object; "" when nothing
// changes.
func plannedAction(req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) string {
	switch {
	case resp.Plan.Raw.IsNull():
		return ActionDestroy
	case req.State.Raw.IsNull():
		return ActionCreate
	case len(resp.RequiresReplace) > 0:
		return ActionReplace
	case !resp.Plan.Raw.Equal(req.State.Raw):
		return ActionUpdate
	}
	return ""
}

// plannedName names an object to create: its identity when the plan knows
// it, else NameOf, else plannedIdentity.
func (r *Resource[M]) plannedName(ctx context.Context, planned *M, plan tfsdk.Plan) string {
	if values := r.Spec.IdentityOf(planned); !slices.Contains(values, "") {
		return JoinID(values...)
	}
	if r.Spec.NameOf != nil {
		return r.Spec.NameOf(planned)
	}
	return r.plannedIdentity(ctx, plan)
}

// plannedIdentity names an object to create by its identity's parts as
// the plan holds them (a part's attribute, or the attribute of its name),
// "(known after apply)" for a part not known yet.
func (r *Resource[M]) plannedIdentity(ctx context.Context, plan tfsdk.Plan) string {
	values := make([]string, len(r.Spec.Identity))
	for i, p := range r.Spec.Identity {
		attr := p.Name
		if len(p.Attributes) > 0 {
			attr = p.Attributes[0]
		}
		var v types.String
		if d := plan.GetAttribute(ctx, path.Root(attr), &v); d.HasError() || v.IsUnknown() || v.IsNull() {
			values[i] = "(known after apply)"
			continue
		}
		values[i] = v.ValueString()
	}
	return JoinID(values...)
}

func (r *Resource[M]) Model() any {
	var m M
	return m
}

func (r *Resource[M]) IdentityParts() Identity { return r.Spec.Identity }

// TypeName is the full type name, e.g. adminapi_platform_user.
func (r *Resource[M]) TypeName() string { return "adminapi_" + r.Spec.Name }

// Object names the object called name in titles.
func (r *Resource[M]) Object(name string) Object { return Object{Kind: r.Spec.Kind, Name: name} }

// Plan reads the planned model; ok is false after an error.
func (r *Resource[M]) Plan(ctx context.Context, plan tfsdk.Plan, diags *diag.Diagnostics) (m M, ok bool) {
	diags.Append(workaround.GetPlan(ctx, plan, &m)...)
	return m, !diags.HasError()
}

// State reads the model from state; ok is false after an error.
func (r *Resource[M]) State(ctx context.Context, state tfsdk.State, diags *diag.Diagnostics) (m M, ok bool) {
	diags.Append(workaround.GetState(ctx, state, &m)...)
	return m, !diags.HasError()
}

// Save writes m to state and sets the identity of the object it holds.
func (r *Resource[M]) Save(ctx context.Context, state *tfsdk.State, identity *tfsdk.ResourceIdentity, m *M, diags *diag.Diagnostics) {
	diags.Append(workaround.SetState(ctx, state, m)...)
	r.SetIdentity(ctx, identity, m, diags)
}

// SetIdentity sets the identity of the object m holds. Read sets it before
// its lookup, so that state written without identity gains it even when
// the object turns out gone.
func (r *Resource[M]) SetIdentity(ctx context.Context, identity *tfsdk.ResourceIdentity, m *M, diags *diag.Diagnostics) {
	r.Spec.Identity.Set(ctx, identity, r.Spec.IdentityOf(m), diags)
}

// KeepIfMayHaveActed is the package's KeepIfMayHaveActed for m, with its
// identity; the caller reports err when it answers false.
func (r *Resource[M]) KeepIfMayHaveActed(ctx context.Context, resp *resource.CreateResponse, err error, name string, m *M) bool {
	if !KeepIfMayHaveActed(ctx, resp, err, r.Object(name), m) {
		return false
	}
	r.SetIdentity(ctx, resp.Identity, m, &resp.Diagnostics)
	return true
}

// ReadOrRemove gets the object a Read refreshes. A 404 removes the resource
// from state, another error is reported as ReadFailed; ok is false when
// Read must stop there.
func ReadOrRemove[T any](ctx context.Context, resp *resource.ReadResponse, o Object, get func() (*T, error)) (*T, bool) {
	v, err := get()
	if client.IsNotFound(err) {
		resp.State.RemoveResource(ctx)
		return nil, false
	}
	if err != nil {
		ReadFailed(&resp.Diagnostics, o, err)
		return nil, false
	}
	return v, true
}

// Describe is the resource's page description: markdown, then the
// Permissions section made from Needs.
func (r *Resource[M]) Describe(markdown string) string {
	return markdown + PermissionsSection(r.Spec.Needs)
}

// PermissionNeeds are the operations each action calls (Spec.Needs), for
// the tools that list every type's permissions.
func (r *Resource[M]) PermissionNeeds() Needs { return r.Spec.Needs }
