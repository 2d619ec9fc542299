package platformuser_test

import (
	"maps"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/adminapi/terraform-provider-adminapi/internal/acctest"
	"github.com/adminapi/terraform-provider-adminapi/internal/provider/platformuser"
)

// The data sources carry the resource's attributes, same names and types,
// without the password; the list's entries without the invitation token
// too, so that they can feed the resource.
func TestPlatformUserDataSourcesMatchResource(t *testing.T) {
	withToken := acctest.SchemaTypes(t, platformuser.NewPlatformUserResource(), "password", "password_wo", "password_wo_version")
	withToken["roles"] = types.SetType{ElemType: types.StringType}.String()
	withoutToken := maps.Clone(withToken)
	delete(withoutToken, "invitation_token")
	acctest.CheckDataSourceObjects(t,
		acctest.DataSourceObject{DataSource: platformuser.NewPlatformUserDataSource(), Want: withToken},
		acctest.DataSourceObject{DataSource: platformuser.NewPlatformUsersDataSource(), List: "users", Want: withoutToken},
	)
	var s datasource.SchemaResponse
	platformuser.NewPlatformUserDataSource().Schema(t.Context(), datasource.SchemaRequest{}, &s)
	if !s.Schema.Attributes["invitation_token"].IsSensitive() {
		t.Error("adminapi_platform_user.invitation_token must be sensitive")
	}
}
