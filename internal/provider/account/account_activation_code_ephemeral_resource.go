package account

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/ephemeral"
	"github.com/hashicorp/terraform-plugin-framework/ephemeral/schema"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"

	"github.com/adminapi/terraform-provider-adminapi/internal/api"
	"github.com/adminapi/terraform-provider-adminapi/internal/provider/common"
)

// NewAccountActivationCodeEphemeralResource is the factory of adminapi_account_activation_code.
func NewAccountActivationCodeEphemeralResource() ephemeral.EphemeralResource {
	return &activationCodeEphemeralResource{common.EphemeralResource{Name: "account_activation_code", TypeSchema: schema.Schema{
		MarkdownDescription: "An account's activation code, read when Terraform needs it and never stored in the plan or the state " +
			"(Terraform 1.10+). An account_id that names no account is an error.",
		Attributes: map[string]schema.Attribute{
			"account_id": schema.StringAttribute{
				MarkdownDescription: "The account's id, a UUID (e.g. `adminapi_account.example.id`).",
				Required:            true,
				Validators:          []validator.String{accountIDValidator{}},
			},
			"refresh": schema.BoolAttribute{
				MarkdownDescription: fmt.Sprintf("Ask the API for a new code, valid %d minutes, before reading it; the previous code stops working. "+
					"Terraform opens an ephemeral resource in every plan and apply, so each of them makes a new code. Defaults to `false`.",
					api.ActivationCodeMinute),
				Optional: true,
			},
			"activation_code": schema.StringAttribute{
				MarkdownDescription: "The activation code.",
				Computed:            true,
				Sensitive:           true,
			},
			"expires_at": schema.StringAttribute{
				MarkdownDescription: "When the code expires (RFC 3339, UTC); null once it has expired.",
				Computed:            true,
			},
			"seconds_left": schema.Int64Attribute{
				MarkdownDescription: "Seconds until the code expires; null once it has expired.",
				Computed:            true,
			},
		},
	}}}
}

type activationCodeEphemeralResource struct {
	common.EphemeralResource
}

func (r *activationCodeEphemeralResource) Open(ctx context.Context, req ephemeral.OpenRequest, resp *ephemeral.OpenResponse) {
	m, ok := common.Config[activationCodeModel](ctx, req.Config, &resp.Diagnostics)
	if !ok {
		return
	}
	id := parsedAccountID(m.AccountID)
	get := r.Client.GetActivationCode
	if m.Refresh.ValueBool() {
		get = r.Client.RefreshActivationCode
	}
	code, err := get(ctx, id)
	if err != nil {
		common.AddLookupError(&resp.Diagnostics, "account", "account_id", m.AccountID.ValueString(), err)
		return
	}
	if expired := flattenActivationCode(&m, *code); expired {
		resp.Diagnostics.AddAttributeWarning(path.Root("activation_code"), "Activation code expired",
			fmt.Sprintf("The activation code of account %s has expired. Set refresh = true to get a new one.", id))
	}
	resp.Diagnostics.Append(resp.Result.Set(ctx, m)...)
}
