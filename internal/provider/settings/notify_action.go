package settings

import (
	"context"
	"fmt"
	"sort"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework-validators/listvalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/action"
	"github.com/hashicorp/terraform-plugin-framework/action/schema"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/adminapi/terraform-provider-adminapi/internal/api"
	"github.com/adminapi/terraform-provider-adminapi/internal/client"
	"github.com/adminapi/terraform-provider-adminapi/internal/provider/common"
)

var _ action.ActionWithConfigure = (*platformNotifyAction)(nil)

// NewNotifyAction is the factory of the adminapi_platform_notify action.
func NewNotifyAction() action.Action {
	return &platformNotifyAction{}
}

type platformNotifyAction struct {
	client *client.Client
}

type platformNotifyModel struct {
	Services types.List `tfsdk:"services"`
}

func (a *platformNotifyAction) Configure(_ context.Context, req action.ConfigureRequest, resp *action.ConfigureResponse) {
	a.client = common.ClientFrom(req.ProviderData, &resp.Diagnostics)
}

func (a *platformNotifyAction) Metadata(_ context.Context, req action.MetadataRequest, resp *action.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_platform_notify"
}

func (a *platformNotifyAction) Schema(_ context.Context, _ action.SchemaRequest, resp *action.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Tells the platform's follower machines to apply the settings (`POST /admin/notify`), " +
			"Terraform 1.14+. Run it after a change with an `action_trigger` in the `lifecycle` block of " +
			"`adminapi_platform_settings` (`events = [after_create, after_update]`), or on demand with " +
			"`terraform apply -invoke=action.adminapi_platform_notify.<name>`. Terraform runs a triggered action after " +
			"every planned create or update of the resource, even one that finds the platform already holding the values " +
			"(the first apply after an import). This replaces the resource's `notify_services`, kept for older Terraform.\n\n" +
			"Each follower's answer is reported as a progress message. Any follower that fails makes the action fail " +
			"with an error naming every failed follower (URL, role and error); the settings saved before stay saved, " +
			"so once the followers are fixed, run it again with `-invoke`.",
		Attributes: map[string]schema.Attribute{
			"services": schema.ListAttribute{
				ElementType: types.StringType,
				Optional:    true,
				MarkdownDescription: "The services each follower should reload (e.g. `[\"core\", \"register\"]`), passed to " +
					"every follower as they are. Omitted or empty: all services.",
				Validators: []validator.List{
					listvalidator.ValueStringsAre(stringvalidator.LengthAtLeast(1)),
					listvalidator.UniqueValues(),
				},
			},
		},
	}
}

func (a *platformNotifyAction) Invoke(ctx context.Context, req action.InvokeRequest, resp *action.InvokeResponse) {
	var m platformNotifyModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &m)...)
	if resp.Diagnostics.HasError() {
		return
	}
	var services []string
	resp.Diagnostics.Append(m.Services.ElementsAs(ctx, &services, false)...)
	if resp.Diagnostics.HasError() {
		return
	}
	res, err := a.client.Notify(ctx, services)
	if err != nil {
		resp.Diagnostics.AddError("Could not notify the followers", "POST /admin/notify failed: "+err.Error())
		return
	}
	for _, msg := range notifyProgress(*res, services) {
		resp.SendProgress(action.InvokeProgressEvent{Message: msg})
	}
	if len(res.Failures) > 0 {
		resp.Diagnostics.AddError("Followers failed to apply the settings",
			fmt.Sprintf("POST /admin/notify reported %d failed follower(s) of %d:\n%s\n\n"+
				"Once they are fixed, notify them again with `terraform apply -invoke=<this action's address>`.",
				len(res.Failures), len(res.Failures)+len(res.Successes), notifyFailures(res.Failures)))
	}
}

// notifyProgress says what each follower answered, one message per follower
// in the order of their URLs.
func notifyProgress(res api.NotifyResult, services []string) []string {
	if len(res.Successes)+len(res.Failures) == 0 {
		return []string{"The platform has no follower machine: nobody was notified."}
	}
	what := "all services"
	if len(services) > 0 {
		what = "services " + strings.Join(services, ", ")
	}
	msgs := make([]string, 0, len(res.Successes)+len(res.Failures))
	for _, s := range res.Successes {
		msgs = append(msgs, fmt.Sprintf("%s (role %q): notified (%s)", s.URL, s.Role, what))
	}
	for _, f := range res.Failures {
		msgs = append(msgs, fmt.Sprintf("%s (role %q): FAILED: %s", f.URL, f.Role, f.Error))
	}
	sort.Strings(msgs)
	return msgs
}
