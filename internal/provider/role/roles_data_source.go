package role

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"

	"github.com/adminapi/terraform-provider-adminapi/internal/api"
	"github.com/adminapi/terraform-provider-adminapi/internal/provider/common"
)

// NewRolesDataSource is the factory of the adminapi_roles data source.
func NewRolesDataSource() datasource.DataSource {
	return &rolesDataSource{common.DataSource{Name: "roles", Needs: []api.Operation{"GET /roles"}, TypeSchema: schema.Schema{
		MarkdownDescription: "Every role, read page by page (100 a page, no limit on the total). " +
			"Each object has the attributes of `adminapi_role`, so that it can feed the resource.",
		Attributes: map[string]schema.Attribute{
			"roles": common.ComputedList("The roles, sorted by name.", roleDataAttributes()),
		},
	}}}
}

type rolesDataSource struct {
	common.DataSource
}

func (d *rolesDataSource) Read(ctx context.Context, _ datasource.ReadRequest, resp *datasource.ReadResponse) {
	if !d.CheckRead(&resp.Diagnostics) {
		return
	}
	common.ReadAll(ctx, resp, "roles", d.Client.Roles(ctx), flattenRoleData, "list roles")
}
