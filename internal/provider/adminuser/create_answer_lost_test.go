package adminuser_test

import (
	"context"
	"net/http"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"

	"github.com/adminapi/terraform-provider-adminapi/internal/acctest"
)

// A create of an admin user that the API made but whose answer was lost,
// the API then unreachable longer than the retries: the apply fails, and
// keeps the user tainted; the next apply finds it and replaces it, neither
// refusing it as already there nor losing the password.
func TestAccAdminUser_createAnswerLost(t *testing.T) {
	srv := acctest.StartServer(t)
	proxy := acctest.StartFaultProxy(t, srv.URL, acctest.Faults{}, 1)
	config := proxy.ProviderBlock("max_retries = 1") + `
resource "adminapi_admin_user" "test" {
  username            = "lost-answer"
  permissions         = { users = ["read"] }
  password_wo         = "lost-answer-password"
  password_wo_version = 1
}
`
	exists := func() error {
		_, err := srv.Client.GetAdminUser(context.Background(), "lost-answer")
		return err
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		Steps: []resource.TestStep{
			{
				PreConfig:   func() { proxy.OutageAfter(http.MethodPost, "/users") },
				Config:      config,
				ExpectError: acctest.ErrorRegexp(`Could not create admin user "lost-answer": answer lost`, "kept in the state, marked tainted"),
			},
			{
				PreConfig: func() {
					if err := exists(); err != nil {
						t.Fatalf("the create whose answer was lost made no user (%v): the test proves nothing", err)
					}
					proxy.SetOutage(false)
				},
				Config: config,
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{
						plancheck.ExpectResourceAction(adminUserAddr, plancheck.ResourceActionDestroyBeforeCreate),
					},
					PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
				Check: resource.ComposeAggregateTestCheckFunc(
					adminUserLogin(srv, "lost-answer", "lost-answer-password", true),
					acctest.Check(exists),
				),
			},
		},
	})
}
