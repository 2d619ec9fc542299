package account_test

import (
	"testing"

	"github.com/google/uuid"
	"github.com/hashicorp/terraform-plugin-testing/compare"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/adminapi/terraform-provider-adminapi/internal/acctest"
)

// accountAttributeNames are every attribute of the adminapi_account resource.
var accountAttributeNames = []string{
	"id", "name", "health_time_period", "exec_interval", "base_line_exec_interval", "cd_model_frequency",
	"cd_execution_frequency", "data_retention", "attributes", "created", "updated",
}

func TestAccAccountDataSource(t *testing.T) {
	srv := acctest.StartServer(t)
	const (
		resourceAddr = "adminapi_account.test"
		dataAddr     = "data.adminapi_account.test"
	)
	unknownID := uuid.NewString()
	// The id is given in upper case: the data source accepts any letter case.
	config := srv.Config(`
resource "adminapi_account" "test" {
  name           = "acme"
  exec_interval  = 600
  data_retention = 30
  attributes     = { region = "eu", tier = "gold" }
}

data "adminapi_account" "test" {
  id = upper(adminapi_account.test.id)
}
`)
	sameAsResource := make([]statecheck.StateCheck, 0, len(accountAttributeNames)+1)
	for _, name := range accountAttributeNames {
		sameAsResource = append(sameAsResource, statecheck.CompareValuePairs(
			resourceAddr, tfjsonpath.New(name), dataAddr, tfjsonpath.New(name), compare.ValuesSame()))
	}
	sameAsResource = append(sameAsResource,
		statecheck.ExpectKnownValue(dataAddr, tfjsonpath.New("exec_interval"), knownvalue.Int64Exact(600)),
		statecheck.ExpectKnownValue(dataAddr, tfjsonpath.New("attributes"), knownvalue.MapExact(map[string]knownvalue.Check{
			"region": knownvalue.StringExact("eu"), "tier": knownvalue.StringExact("gold"),
		})))

	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config:      srv.Config(`data "adminapi_account" "test" { id = "acme" }`),
				PlanOnly:    true,
				ExpectError: acctest.ErrorRegexp("Invalid account id", `Attribute id: expected an account id, a UUID`, `got "acme"`),
			},
			{
				Config:      srv.Config(`data "adminapi_account" "test" { id = "` + unknownID + `" }`),
				PlanOnly:    true,
				ExpectError: acctest.ErrorRegexp("No account found", `No account has id = "`+unknownID+`"`),
			},
			{
				Config:            config,
				ConfigStateChecks: sameAsResource,
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
			},
		},
	})
}
