package adminuser_test

import (
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/tfversion"

	"github.com/adminapi/terraform-provider-adminapi/internal/acctest"
)

// An admin user's password is required: removing password_wo and
// password_wo_version is refused when planning, naming both ways to give it.
func TestAccAdminUser_passwordRemoved(t *testing.T) {
	srv := acctest.StartServer(t)
	const perms = `{ users = ["read"] }`
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		TerraformVersionChecks:   []tfversion.TerraformVersionCheck{tfversion.SkipBelow(tfversion.Version1_11_0)},
		CheckDestroy:             adminUserGone(srv, "pw-removed"),
		Steps: []resource.TestStep{
			{
				Config: adminUserConfig(srv, "pw-removed", perms, "password_wo = \"wo-password-one\"\npassword_wo_version = 1"),
				Check:  adminUserLogin(srv, "pw-removed", "wo-password-one", true),
			},
			{
				Config:      adminUserConfig(srv, "pw-removed", perms, ""),
				PlanOnly:    true,
				ExpectError: acctest.ErrorRegexp("Missing Attribute Configuration", "At least one of these attributes must be configured", "[password,password_wo,password_wo_version]"),
			},
			{
				Config:   adminUserConfig(srv, "pw-removed", perms, "password_wo = \"wo-password-one\"\npassword_wo_version = 1"),
				PlanOnly: true,
				Check:    adminUserLogin(srv, "pw-removed", "wo-password-one", true),
			},
		},
	})
}
