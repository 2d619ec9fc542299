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
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/adminapi/terraform-provider-adminapi/internal/api"
	"github.com/adminapi/terraform-provider-adminapi/internal/client"
	"github.com/adminapi/terraform-provider-adminapi/internal/provider/common"
)

// platformSettingsID is the one id of the singleton.
const platformSettingsID = "platform_settings"

var _ common.ResourceType = (*platformSettingsResource)(nil)

// settingsIdentity names the singleton: its one part can only be
// "platform_settings", the import id, so that the resource imports by
// identity like every other.
var settingsIdentity = common.Identity{{
	Name:        "id",
	Description: "Always `" + platformSettingsID + "`: the platform has one settings document.",
	Parse:       parseSettingsID,
}}

func parseSettingsID(s string) (string, error) {
	if s != platformSettingsID {
		return "", fmt.Errorf("adminapi_platform_settings is a singleton: the only import id is %q, got %q", platformSettingsID, s)
	}
	return s, nil
}

// platformSettings names the singleton in titles; the resource's
// r.Object(platformSettingsID) is the same, and the action has no base to
// name it.
var platformSettings = common.Object{Kind: "platform settings", Name: platformSettingsID}

// NewPlatformSettingsResource is the factory of adminapi_platform_settings.
func NewPlatformSettingsResource() resource.Resource {
	return &platformSettingsResource{common.NewResource(common.ResourceSpec[platformSettingsModel]{
		Name: "platform_settings", Kind: platformSettings.Kind, Identity: settingsIdentity,
		IdentityOf: func(*platformSettingsModel) []string { return []string{platformSettingsID} },
		Imported:   importedSettings,
		Needs: common.Needs{
			Read:   []api.Operation{"GET /admin/settings"},
			Create: []api.Operation{"GET /admin/settings", "PUT /admin/settings"},
			Update: []api.Operation{"GET /admin/settings", "PUT /admin/settings"},
		},
	})}
}

type platformSettingsResource struct {
	common.Resource[platformSettingsModel]
}

// importedSettings manages no key yet: the configuration says which, at
// the next plan.
func importedSettings(ctx context.Context, _ []string, resp *resource.ImportStateResponse) {
	none, diags := settingsValues{}.toMap()
	resp.Diagnostics.Append(diags...)
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("settings"), none)...)
}

func (r *platformSettingsResource) Schema(_ context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: r.Describe("The platform's settings document (`GET`/`PUT /admin/settings`), a singleton: " +
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
			"nothing changes on the platform and no follower is notified."),
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

func (r *platformSettingsResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	plan, ok := r.Plan(ctx, req.Plan, &resp.Diagnostics)
	if !ok {
		return
	}
	r.apply(ctx, plan, true, &resp.State, resp.Identity, &resp.Diagnostics)
}

func (r *platformSettingsResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	plan, ok := r.Plan(ctx, req.Plan, &resp.Diagnostics)
	if !ok {
		return
	}
	r.apply(ctx, plan, false, &resp.State, resp.Identity, &resp.Diagnostics)
}

// apply writes the planned keys whose value on the platform differs and
// saves the new state; then, if asked to, it notifies the followers after a
// create or a real change.
func (r *platformSettingsResource) apply(ctx context.Context, plan platformSettingsModel, created bool, state *tfsdk.State, identity *tfsdk.ResourceIdentity, diags *diag.Diagnostics) {
	o := r.Object(platformSettingsID)
	planned, ok := settingsFromMap(plan.Settings)
	if !ok {
		diags.AddAttributeError(path.Root("settings"), common.Title("update", o, "settings unknown"), "settings must be known when applying.")
		return
	}
	doc, err := r.Client.GetSettings(ctx)
	if err != nil {
		common.ReadFailed(diags, o, err)
		return
	}
	current, err := flattenSettings(doc, planned)
	if err != nil {
		common.ReadFailed(diags, o, err)
		return
	}
	changes := settingsChanges(ctx, current, planned)
	if changes != nil {
		if _, err := r.Client.UpdateSettings(ctx, *changes); err != nil {
			addSettingsUpdateError(diags, o, err)
			return
		}
	}
	plan.ID = types.StringValue(platformSettingsID)
	// The platform now holds the planned values; keep their configured spelling.
	r.Save(ctx, state, identity, &plan, diags)
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
		common.Failed(diags, notifyVerb, r.Object(platformSettingsID),
			fmt.Errorf("the settings were saved on the platform, then POST /admin/notify failed: %w\n\n%s", err, hint))
		return
	}
	if len(res.Failures) > 0 {
		common.Refused(diags, notifyVerb, r.Object(platformSettingsID), "followers failed",
			fmt.Sprintf("The settings were saved on the platform, but POST /admin/notify reported %d failed follower(s):\n%s\n\n%s",
				len(res.Failures), notifyFailures(res.Failures), hint))
	}
}

const settingsRenotifyHint = "Once the followers are fixed, notify them again with " +
	"`terraform apply -replace=<this resource's address>`: creating the resource always notifies."

// notifyVerb is the step of telling the followers, in titles: `Could not
// notify the followers of platform settings "platform_settings"`.
const notifyVerb = "notify the followers of"

// addSettingsUpdateError reports a refused PUT /admin/settings on the
// offending settings keys when the API names them.
func addSettingsUpdateError(diags *diag.Diagnostics, o common.Object, err error) {
	apiErr, isAPI := client.AsAPIError(err)
	if !isAPI || len(apiErr.Data) == 0 || client.IsForbidden(err) {
		common.UpdateFailed(diags, o, err)
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
			diags.AddAttributeError(path.Root("settings").AtMapKey(group).AtMapKey(key), common.Title("update", o, "setting refused"),
				fmt.Sprintf("settings.%s.%s: %s\n\n(%v)", group, key, apiErr.Data[p], err))
		case ok:
			diags.AddAttributeError(path.Root("settings").AtMapKey(group), common.Title("update", o, "settings group refused"),
				fmt.Sprintf("settings.%s: %s\n\n(%v)", group, apiErr.Data[p], err))
		default:
			unplaced = append(unplaced, p+": "+apiErr.Data[p])
		}
	}
	if len(unplaced) > 0 {
		common.Failed(diags, "update", o, fmt.Errorf("%s\n\n%w", strings.Join(unplaced, "\n"), err))
	}
}

func (r *platformSettingsResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	state, ok := r.State(ctx, req.State, &resp.Diagnostics)
	if !ok {
		return
	}
	o := r.Object(platformSettingsID)
	r.SetIdentity(ctx, resp.Identity, &state, &resp.Diagnostics)
	// Only the keys in state are read: the others may hold secrets.
	managed := settingsValues{}
	if !state.Settings.IsNull() {
		if managed, ok = settingsFromMap(state.Settings); !ok {
			resp.Diagnostics.AddAttributeError(path.Root("settings"), common.Title("read", o, "settings unknown in state"),
				"please report this to the provider's maintainers")
			return
		}
	}
	doc, err := r.Client.GetSettings(ctx)
	if err != nil {
		common.ReadFailed(&resp.Diagnostics, o, err)
		return
	}
	current, err := flattenSettings(doc, managed)
	if err != nil {
		common.ReadFailed(&resp.Diagnostics, o, err)
		return
	}
	m, diags := current.toMap()
	resp.Diagnostics.Append(diags...)
	state.Settings = m
	state.ID = types.StringValue(platformSettingsID)
	r.Save(ctx, &resp.State, nil, &state, &resp.Diagnostics)
}

// Delete only forgets the resource: the platform keeps its settings.
func (r *platformSettingsResource) Delete(context.Context, resource.DeleteRequest, *resource.DeleteResponse) {
}
