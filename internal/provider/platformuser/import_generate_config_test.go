package platformuser_test

import (
	"context"
	"fmt"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/tfversion"

	"github.com/adminapi/terraform-provider-adminapi/internal/acctest"
	"github.com/adminapi/terraform-provider-adminapi/internal/api"
)

// The single-object import path of the guide: an import block plus
// `terraform plan -generate-config-out` must give a configuration that
// plans with no change.
func TestAccImportGenerateConfig(t *testing.T) {
	srv := acctest.StartServer(t)
	ctx := context.Background()
	name, sid, referer := "Gina", "sid-gina", "partner"
	pw := "gina-password"
	if _, err := srv.Client.CreatePlatformUser(ctx, api.CreatePlatformUser{
		Username: "gina-g", Email: "Gina@Example.com", Password: &pw, Name: &name, ExternalID: &sid, Referer: &referer,
		Tags: []string{"ops", "eu"}, Metadata: map[string]string{"team": "red"},
	}); err != nil {
		t.Fatal(err)
	}
	retention := int64(30)
	account, err := srv.Client.CreateAccount(ctx, api.AccountInput{
		Name: "Generated", DataRetention: &retention, Attributes: map[string]string{"tier": "gold"},
	})
	if err != nil {
		t.Fatal(err)
	}

	cases := []struct{ address, id string }{
		{"adminapi_platform_user.gina", "gina-g"},
		{"adminapi_account.generated", account.ID},
	}
	for _, tc := range cases {
		t.Run(tc.address, func(t *testing.T) {
			resource.Test(t, resource.TestCase{
				TerraformVersionChecks:   []tfversion.TerraformVersionCheck{tfversion.SkipBelow(tfversion.Version1_5_0)},
				ProtoV6ProviderFactories: acctest.ProviderFactories,
				Steps: []resource.TestStep{{
					Config: srv.Config(fmt.Sprintf(`
import {
  to = %s
  id = %q
}
`, tc.address, tc.id)),
					ResourceName:           tc.address,
					ImportStateId:          tc.id,
					ImportState:            true,
					ImportStateKind:        resource.ImportBlockWithID,
					GenerateConfig:         true,
					ImportStateConfigExact: true,
					ImportPlanChecks: resource.ImportPlanChecks{
						PreApply: []plancheck.PlanCheck{
							plancheck.ExpectResourceAction(tc.address, plancheck.ResourceActionNoop),
						},
					},
				}},
			})
		})
	}
}
