package settings

import (
	"context"
	"fmt"
	"sort"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework-validators/listvalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/identityschema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/adminapi/terraform-provider-adminapi/internal/client"
	"github.com/adminapi/terraform-provider-adminapi/internal/provider/common"
)

// platformSettingsID is the one id of the singleton.
const platformSettingsID = "platform_settings"

var (
	_ resource.ResourceWithConfigure   = (*platformSettingsResource)(nil)
	_ resource.ResourceWithImportState = (*platformSettingsResource)(nil)
	_ resource.ResourceWithIdentity    = (*platformSettingsResource)(nil)
)

// NewResource is the factory of adminapi_platform_settings.
func NewResource() resource.Resource {
	return &platformSettingsResource{}
}

type platformSettingsResource struct {
	common.ClientHolder
}

func (r *platformSettingsResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_platform_settings"
}

func (r *platformSettingsResource) Schema(_ context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "The platform's settings document (`GET`/`PUT /admin/settings`), a singleton: " +
			"there is one per platform, so declare this resource once.\n\n" +
			"Only the groups and keys written in `settings` are managed. Other keys are neither read into " +
			"the plan or the state nor changed, whoever changes them. Removing a key from `settings` only stops managing it: " +
			"the platform keeps its current value. Likewise, destroying the resource only forgets it: the " +
			"platform keeps all its settings. Creating or updating the resource reads the platform's current values " +
			"and writes only the configured keys whose value differs.\n\n" +
			"Values are JSON, compared as JSON: a change of spacing or key order is no change.\n\n" +
			"`settings` is not sensitive, so that plans show what changes: keep secret-valued keys such as " +
			"`MACHINES_AND_PLATFORM_SETTINGS.REGISTER_ADMIN_KEY` out of it.\n\n" +
			"Import with the id `" + platformSettingsID + "`. An import reads no setting: the imported state manages " +
			"no key, so no value (a secret one least of all) enters the state or the plan. " +
			"After an import the first plan lists the configured keys as an update: Terraform learns which keys you " +
			"manage from your configuration. Applying it writes only the keys whose value differs; when none does, " +
			"nothing changes on the platform and no follower is notified.",
		Attributes: map[string]schema.Attribute{
			"id": schema.StringAttribute{
				Computed:            true,
				MarkdownDescription: "Always `" + platformSettingsID + "`.",
				PlanModifiers:       []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
			"settings": schema.MapAttribute{
				ElementType: settingsAttrType.ElemType,
				Required:    true,
				MarkdownDescription: "The managed settings: a map of groups (e.g. `API_SETTINGS`) to maps of keys " +
					"(e.g. `ACCOUNT_DELETION`) to JSON-encoded values, written with `jsonencode(...)`. The platform fixes " +
					"the groups and keys and each key's type; an unknown key or a value of the wrong type is refused " +
					"on apply with its path.",
				Validators:    []validator.Map{settingsJSONValidator{}},
				PlanModifiers: []planmodifier.Map{settingsPlanModifier{}},
			},
			"notify_services": schema.ListAttribute{
				ElementType: types.StringType,
				Optional:    true,
				MarkdownDescription: "When set, `POST /admin/notify` follows every update that changes a setting on " +
					"the platform, and every create; it tells the platform's follower machines to apply the settings. An " +
					"empty list means all services. An update that changes no value (the first apply after an import, when " +
					"the platform already holds the configured values) tells no one. A create always notifies, so that " +
					"replacing the resource tells the followers again. A follower that fails makes the apply fail with " +
					"its URL, role and error; the settings are saved all the same. After a failed create Terraform marks " +
					"the resource tainted, so the next apply replaces it and notifies again; after a failed update, run " +
					"`terraform apply -replace` on this resource once the followers are fixed.\n\n" +
					"With Terraform 1.14 or newer, prefer the `adminapi_platform_notify` action, run by an `action_trigger` " +
					"(`events = [after_create, after_update]`) in this resource's `lifecycle` block: a follower that fails then " +
					"fails the action, not this resource, and `terraform apply -invoke=action.adminapi_platform_notify.<name>` " +
					"notifies again without replacing anything. `notify_services` stays for older Terraform; set one or the " +
					"other, not both, or the followers are told twice.",
				Validators: []validator.List{
					listvalidator.ValueStringsAre(stringvalidator.LengthAtLeast(1)),
					listvalidator.UniqueValues(),
				},
			},
		},
	}
}

// IdentitySchema names the singleton: its one attribute can only be
// "platform_settings", the import id, so that the resource imports by
// identity like every other.
func (r *platformSettingsResource) IdentitySchema(_ context.Context, _ resource.IdentitySchemaRequest, resp *resource.IdentitySchemaResponse) {
	resp.IdentitySchema = identityschema.Schema{
		Attributes: map[string]identityschema.Attribute{
			"id": identityschema.StringAttribute{
				RequiredForImport: true,
				Description:       "Always `" + platformSettingsID + "`: the platform has one settings document.",
			},
		},
	}
}

func (r *platformSettingsResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	var plan platformSettingsModel
	resp.Diagnostics.Append(common.GetPlan(ctx, req.Plan, &plan)...)
	if resp.Diagnostics.HasError() {
		return
	}
	r.apply(ctx, plan, true, &resp.State, &resp.Diagnostics)
	common.SetIdentity(ctx, resp.Identity, settingsIdentity, &resp.Diagnostics)
}

func (r *platformSettingsResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	var plan platformSettingsModel
	resp.Diagnostics.Append(common.GetPlan(ctx, req.Plan, &plan)...)
	if resp.Diagnostics.HasError() {
		return
	}
	r.apply(ctx, plan, false, &resp.State, &resp.Diagnostics)
	common.SetIdentity(ctx, resp.Identity, settingsIdentity, &resp.Diagnostics)
}

// stateSetter is the part of tfsdk.State that apply needs.
type stateSetter interface {
	Set(ctx context.Context, val any) diag.Diagnostics
}

// apply writes the planned keys whose value on the platform differs and
// saves the new state; then, if asked to, it notifies the followers after a
// create or a real change.
func (r *platformSettingsResource) apply(ctx context.Context, plan platformSettingsModel, created bool, state stateSetter, diags *diag.Diagnostics) {
	planned, ok := settingsFromMap(plan.Settings)
	if !ok {
		diags.AddAttributeError(path.Root("settings"), "Unknown settings", "settings must be known when applying.")
		return
	}
	doc, err := r.Client.GetSettings(ctx)
	if err != nil {
		diags.AddError("Could not read the platform settings", err.Error())
		return
	}
	current, err := flattenSettings(doc, planned)
	if err != nil {
		diags.AddError("Could not read the platform settings", err.Error())
		return
	}
	changes := settingsChanges(ctx, current, planned)
	if changes != nil {
		if _, err := r.Client.UpdateSettings(ctx, *changes); err != nil {
			addSettingsUpdateError(diags, err)
			return
		}
	}
	plan.ID = types.StringValue(platformSettingsID)
	// The platform now holds the planned values; keep their configured spelling.
	diags.Append(state.Set(ctx, &plan)...)
	if diags.HasError() {
		return
	}
	if !plan.NotifyServices.IsNull() && (created || changes != nil) {
		r.notify(ctx, plan.NotifyServices, created, diags)
	}
}

// notify tells the followers about a change; any failure is an error.
func (r *platformSettingsResource) notify(ctx context.Context, list types.List, created bool, diags *diag.Diagnostics) {
	var services []string
	diags.Append(list.ElementsAs(ctx, &services, false)...)
	if diags.HasError() {
		return
	}
	hint := settingsRenotifyHint
	if created {
		hint = "Terraform keeps the resource as tainted: once the followers are fixed, the next apply replaces it and notifies again."
	}
	res, err := r.Client.Notify(ctx, services)
	if err != nil {
		diags.AddError("Settings saved, but the followers could not be notified",
			fmt.Sprintf("The settings were saved on the platform, then POST /admin/notify failed: %v\n\n%s", err, hint))
		return
	}
	if len(res.Failures) > 0 {
		diags.AddError("Settings saved, but followers failed to apply them",
			fmt.Sprintf("The settings were saved on the platform, but POST /admin/notify reported %d failed follower(s):\n%s\n\n%s",
				len(res.Failures), notifyFailures(res.Failures), hint))
	}
}

const settingsRenotifyHint = "Once the followers are fixed, notify them again with " +
	"`terraform apply -replace=<this resource's address>`: creating the resource always notifies."

// addSettingsUpdateError reports a refused PUT /admin/settings on the
// offending settings keys when the API names them.
func addSettingsUpdateError(diags *diag.Diagnostics, err error) {
	apiErr, isAPI := client.AsAPIError(err)
	if !isAPI || len(apiErr.Data) == 0 {
		diags.AddError("Could not update the platform settings", err.Error())
		return
	}
	paths := make([]string, 0, len(apiErr.Data))
	for p := range apiErr.Data {
		paths = append(paths, p)
	}
	sort.Strings(paths)
	var unplaced []string
	for _, p := range paths {
		group, key, ok := settingsPathOf(p)
		switch {
		case ok && key != "":
			diags.AddAttributeError(path.Root("settings").AtMapKey(group).AtMapKey(key), "Platform refused a setting",
				fmt.Sprintf("settings.%s.%s: %s\n\n(%v)", group, key, apiErr.Data[p], err))
		case ok:
			diags.AddAttributeError(path.Root("settings").AtMapKey(group), "Platform refused a settings group",
				fmt.Sprintf("settings.%s: %s\n\n(%v)", group, apiErr.Data[p], err))
		default:
			unplaced = append(unplaced, p+": "+apiErr.Data[p])
		}
	}
	if len(unplaced) > 0 {
		diags.AddError("Could not update the platform settings", strings.Join(unplaced, "\n")+"\n\n"+err.Error())
	}
}

func (r *platformSettingsResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	var state platformSettingsModel
	resp.Diagnostics.Append(common.GetState(ctx, req.State, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	common.SetIdentity(ctx, resp.Identity, settingsIdentity, &resp.Diagnostics)
	// Only the keys in state are read: the others may hold secrets.
	managed := settingsValues{}
	if !state.Settings.IsNull() {
		var ok bool
		if managed, ok = settingsFromMap(state.Settings); !ok {
			resp.Diagnostics.AddAttributeError(path.Root("settings"), "Unknown settings in state", "please report this to the provider's maintainers")
			return
		}
	}
	doc, err := r.Client.GetSettings(ctx)
	if err != nil {
		resp.Diagnostics.AddError("Could not read the platform settings", err.Error())
		return
	}
	current, err := flattenSettings(doc, managed)
	if err != nil {
		resp.Diagnostics.AddError("Could not read the platform settings", err.Error())
		return
	}
	m, diags := current.toMap()
	resp.Diagnostics.Append(diags...)
	state.Settings = m
	state.ID = types.StringValue(platformSettingsID)
	resp.Diagnostics.Append(common.SetState(ctx, &resp.State, &state)...)
}

// Delete only forgets the resource: the platform keeps its settings.
func (r *platformSettingsResource) Delete(context.Context, resource.DeleteRequest, *resource.DeleteResponse) {
}

func (r *platformSettingsResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	var identity settingsIdentityModel
	if common.ImportedByIdentity(ctx, req, &identity, &resp.Diagnostics) {
		if resp.Diagnostics.HasError() {
			return
		}
		if identity.ID.ValueString() != platformSettingsID {
			resp.Diagnostics.AddError("Unexpected import identity",
				fmt.Sprintf("adminapi_platform_settings is a singleton: its identity's only id is %q, got %q.", platformSettingsID, identity.ID.ValueString()))
			return
		}
	} else if req.ID != platformSettingsID {
		resp.Diagnostics.AddError("Unexpected import id",
			fmt.Sprintf("adminapi_platform_settings is a singleton: the only import id is %q, got %q.", platformSettingsID, req.ID))
		return
	}
	common.SetIdentity(ctx, resp.Identity, settingsIdentity, &resp.Diagnostics)
	// No key is managed yet: the configuration says which, at the next plan.
	none, diags := settingsValues{}.toMap()
	resp.Diagnostics.Append(diags...)
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("id"), platformSettingsID)...)
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("settings"), none)...)
}
