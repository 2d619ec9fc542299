package settings_test

import (
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"
	"github.com/hashicorp/terraform-plugin-testing/tfversion"

	"github.com/adminapi/terraform-provider-adminapi/internal/acctest"
)

var (
	identityVersions         = []tfversion.TerraformVersionCheck{tfversion.SkipBelow(tfversion.Version1_12_0)}
	platformSettingsIdentity = map[string]knownvalue.Check{"id": knownvalue.StringExact("platform_settings")}
)

func TestAccPlatformSettings_identity(t *testing.T) {
	srv := acctest.StartServer(t)
	secret := platformSettingsSecret(t, srv)
	config := srv.Config(platformSettingsConfig(`
    EMAIL_SETTINGS = { EMAIL_ENABLED = jsonencode(true) }`))
	// A second resource, as the first is in state and an import block for
	// a resource in state does nothing.
	importOther := func(id string) string {
		return srv.Config(`
import {
  to       = adminapi_platform_settings.other
  identity = { id = "` + id + `" }
}

resource "adminapi_platform_settings" "other" {
  settings = {}
}
`)
	}
	resource.ParallelTest(t, resource.TestCase{
		TerraformVersionChecks:   identityVersions,
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config:            config,
				ConfigStateChecks: []statecheck.StateCheck{statecheck.ExpectIdentity(platformSettingsAddr, platformSettingsIdentity)},
			},
			{
				// As with an import by id, the configured keys are planned
				// as an update: an import reads no key.
				Config:             config,
				ResourceName:       platformSettingsAddr,
				ImportState:        true,
				ImportStateKind:    resource.ImportBlockWithResourceIdentity,
				ExpectNonEmptyPlan: true,
				ImportPlanChecks: resource.ImportPlanChecks{
					PreApply: []plancheck.PlanCheck{
						plancheck.ExpectResourceAction(platformSettingsAddr, plancheck.ResourceActionUpdate),
						plancheck.ExpectKnownValue(platformSettingsAddr, tfjsonpath.New("settings"),
							platformSettingsKnown(map[string]map[string]string{"EMAIL_SETTINGS": {"EMAIL_ENABLED": "true"}})),
						platformSettingsNoSecret(secret),
					},
				},
			},
			{
				Config:      importOther("settings"),
				PlanOnly:    true,
				ExpectError: acctest.ErrorRegexp("Invalid import identity", `identity id: adminapi_platform_settings is a singleton: the only import id is "platform_settings", got "settings"`),
			},
		},
	})
}

// The settings cannot be deleted, so the upgrade has no case of an object
// gone behind Terraform's back.
func TestAccPlatformSettings_identityUpgrade(t *testing.T) {
	srv := acctest.StartServer(t)
	config := srv.Config(platformSettingsConfig(`
    EMAIL_SETTINGS = { EMAIL_ENABLED = jsonencode(true) }`))
	resource.ParallelTest(t, resource.TestCase{
		TerraformVersionChecks: identityVersions,
		Steps:                  acctest.IdentityUpgradeSteps(config, platformSettingsAddr, platformSettingsIdentity, nil),
	})
}
