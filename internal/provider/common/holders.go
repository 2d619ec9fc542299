package common

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/ephemeral"
	"github.com/hashicorp/terraform-plugin-framework/path"

	"github.com/adminapi/terraform-provider-adminapi/internal/client"
)

// DataSourceClient gives a data source the shared client; embed it to get Configure.
type DataSourceClient struct {
	Client *client.Client
}

func (h *DataSourceClient) Configure(_ context.Context, req datasource.ConfigureRequest, resp *datasource.ConfigureResponse) {
	h.Client = ClientFrom(req.ProviderData, &resp.Diagnostics)
}

// EphemeralClient gives an ephemeral resource the shared client; embed it to get Configure.
type EphemeralClient struct {
	Client *client.Client
}

func (h *EphemeralClient) Configure(_ context.Context, req ephemeral.ConfigureRequest, resp *ephemeral.ConfigureResponse) {
	h.Client = ClientFrom(req.ProviderData, &resp.Diagnostics)
}

// AddLookupError reports a failed lookup by attribute = value: a 404 says
// that nothing has that value, another error is passed on.
func AddLookupError(diags *diag.Diagnostics, what, attribute, value string, err error) {
	if client.IsNotFound(err) {
		diags.AddAttributeError(path.Root(attribute), fmt.Sprintf("No %s found", what),
			fmt.Sprintf("No %s has %s = %q.", what, attribute, value))
		return
	}
	diags.AddAttributeError(path.Root(attribute), fmt.Sprintf("Could not read %s", what), err.Error())
}
