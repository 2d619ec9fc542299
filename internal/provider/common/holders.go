package common

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/action"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/ephemeral"
	"github.com/hashicorp/terraform-plugin-framework/resource"

	"github.com/adminapi/terraform-provider-adminapi/internal/client"
)

// ClientFrom takes the provider data given to Configure: the shared client
// and what the permission check needs. Nil data means the provider is not
// configured yet.
func ClientFrom(data any, diags *diag.Diagnostics) (*client.Client, *ProviderData) {
	if data == nil {
		return nil, nil
	}
	d, ok := data.(*ProviderData)
	if !ok {
		diags.AddError("Unexpected provider data", fmt.Sprintf("expected *common.ProviderData, got %T; please report this to the provider's maintainers", data))
		return nil, nil
	}
	return d.Client, d
}

// ClientHolder gives a resource or a list resource the shared client;
// embed it to get Configure.
type ClientHolder struct {
	Client   *client.Client
	Provider *ProviderData
}

func (h *ClientHolder) Configure(_ context.Context, req resource.ConfigureRequest, resp *resource.ConfigureResponse) {
	h.Client, h.Provider = ClientFrom(req.ProviderData, &resp.Diagnostics)
}

// DataSourceClient gives a data source the shared client; embed it to get Configure.
type DataSourceClient struct {
	Client   *client.Client
	Provider *ProviderData
}

func (h *DataSourceClient) Configure(_ context.Context, req datasource.ConfigureRequest, resp *datasource.ConfigureResponse) {
	h.Client, h.Provider = ClientFrom(req.ProviderData, &resp.Diagnostics)
}

// EphemeralClient gives an ephemeral resource the shared client; embed it to get Configure.
type EphemeralClient struct {
	Client   *client.Client
	Provider *ProviderData
}

func (h *EphemeralClient) Configure(_ context.Context, req ephemeral.ConfigureRequest, resp *ephemeral.ConfigureResponse) {
	h.Client, h.Provider = ClientFrom(req.ProviderData, &resp.Diagnostics)
}

// ActionClient gives an action the shared client; embed it to get Configure.
type ActionClient struct {
	Client   *client.Client
	Provider *ProviderData
}

func (h *ActionClient) Configure(_ context.Context, req action.ConfigureRequest, resp *action.ConfigureResponse) {
	h.Client, h.Provider = ClientFrom(req.ProviderData, &resp.Diagnostics)
}
