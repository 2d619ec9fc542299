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
	"github.com/adminapi/terraform-provider-adminapi/internal/provider/common"
)

// NewPlatformNotifyAction is the factory of the adminapi_platform_notify action.
func NewPlatformNotifyAction() action.Action {
	return &platformNotifyAction{common.Action{Name: "platform_notify", TypeSchema: schema.Schema{
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
	}}}
}

type platformNotifyAction struct {
	common.Action
}

type platformNotifyModel struct {
	Services types.List `tfsdk:"services"`
}

func (a *platformNotifyAction) Invoke(ctx context.Context, req action.InvokeRequest, resp *action.InvokeResponse) {
	m, ok := common.Config[platformNotifyModel](ctx, req.Config, &resp.Diagnostics)
	if !ok {
		return
	}
	// Without a config block, Services is the zero list, null but of no
	// element type, which ElementsAs cannot read: null means all services.
	var services []string
	if !m.Services.IsNull() {
		if resp.Diagnostics.Append(m.Services.ElementsAs(ctx, &services, false)...); resp.Diagnostics.HasError() {
			return
		}
	}
	res, err := a.Client.Notify(ctx, services)
	if err != nil {
		common.Failed(&resp.Diagnostics, notifyVerb, platformSettings, fmt.Errorf("POST /admin/notify failed: %w", err))
		return
	}
	for _, msg := range notifyProgress(*res, services) {
		resp.SendProgress(action.InvokeProgressEvent{Message: msg})
	}
	if len(res.Failures) > 0 {
		common.Refused(&resp.Diagnostics, notifyVerb, platformSettings, "followers failed",
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
