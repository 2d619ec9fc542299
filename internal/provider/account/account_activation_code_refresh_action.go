package account

import (
	"context"
	"fmt"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/action"
	"github.com/hashicorp/terraform-plugin-framework/action/schema"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/adminapi/terraform-provider-adminapi/internal/api"
	"github.com/adminapi/terraform-provider-adminapi/internal/provider/common"
)

// NewAccountActivationCodeRefreshAction is the factory of the
// adminapi_account_activation_code_refresh action.
func NewAccountActivationCodeRefreshAction() action.Action {
	return &activationCodeRefreshAction{common.Action{Name: "account_activation_code_refresh", TypeSchema: schema.Schema{
		MarkdownDescription: fmt.Sprintf("Forces a new activation code for an account "+
			"(`PUT /accounts/{id}/activationcode/refresh`), valid %d minutes; the previous code stops working. "+
			"Terraform 1.14+: run it with `terraform apply -invoke=action.adminapi_account_activation_code_refresh.<name>` "+
			"or from an `action_trigger`. The new code is never printed nor stored: the progress message says when it "+
			"expires; read it with the `adminapi_account_activation_code` ephemeral resource.", api.ActivationCodeMinute),
		Attributes: map[string]schema.Attribute{
			"account_id": schema.StringAttribute{
				MarkdownDescription: "The account's id, a UUID (e.g. `adminapi_account.example.id`).",
				Required:            true,
				Validators:          []validator.String{accountIDValidator{}},
			},
		},
	}}}
}

type activationCodeRefreshAction struct {
	common.Action
}

type activationCodeRefreshModel struct {
	AccountID types.String `tfsdk:"account_id"`
}

func (a *activationCodeRefreshAction) Invoke(ctx context.Context, req action.InvokeRequest, resp *action.InvokeResponse) {
	m, ok := common.Config[activationCodeRefreshModel](ctx, req.Config, &resp.Diagnostics)
	if !ok {
		return
	}
	id := parsedAccountID(m.AccountID)
	code, err := a.Client.RefreshActivationCode(ctx, id)
	if err != nil {
		common.AddLookupError(&resp.Diagnostics, "account", "account_id", m.AccountID.ValueString(), err)
		return
	}
	resp.SendProgress(action.InvokeProgressEvent{Message: refreshProgress(id, *code)})
}

// refreshProgress says that the code of account id was refreshed and when
// the new one expires, without the code itself.
func refreshProgress(id string, code api.ActivationCode) string {
	if code.TimeLeft == nil || code.SecondsLeft == nil {
		return fmt.Sprintf("Refreshed the activation code of account %s, but the API reports the new code as expired already.", id)
	}
	return fmt.Sprintf("Refreshed the activation code of account %s; the new code expires at %s (in %s).", id,
		time.Unix(*code.TimeLeft, 0).UTC().Format(time.RFC3339), time.Duration(*code.SecondsLeft)*time.Second)
}
