package adminuser_test

import (
	"fmt"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/tfversion"

	"github.com/adminapi/terraform-provider-adminapi/internal/acctest"
)

// nullPassword is the ephemeral variable a drift job leaves unset, as the
// pipelines guide writes it.
const nullPassword = `
variable "password" {
  type      = string
  ephemeral = true
  sensitive = true
  default   = null
}
`

// A drift job plans without the secret: password_wo null with an unchanged
// password_wo_version plans no change, sends nothing and keeps the
// password; a changed version with a null password_wo is refused at plan
// time, naming both attributes.
func TestAccAdminUser_driftJobWithoutSecret(t *testing.T) {
	srv := acctest.StartServer(t)
	const perms = `{ users = ["read"] }`
	withVersion := func(secret string, version int) string {
		return nullPassword + adminUserConfig(srv, "drift-admin", perms, fmt.Sprintf("password_wo = %s\npassword_wo_version = %d", secret, version))
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		TerraformVersionChecks:   []tfversion.TerraformVersionCheck{tfversion.SkipBelow(tfversion.Version1_11_0)},
		CheckDestroy:             adminUserGone(srv, "drift-admin"),
		Steps: []resource.TestStep{
			{
				Config: withVersion(`"drift-password-1"`, 1),
				Check:  adminUserLogin(srv, "drift-admin", "drift-password-1", true),
			},
			{
				Config:   withVersion("var.password", 1),
				PlanOnly: true,
			},
			{
				Config: withVersion("var.password", 1),
				Check:  adminUserLogin(srv, "drift-admin", "drift-password-1", true),
			},
			{
				Config:      withVersion("var.password", 2),
				PlanOnly:    true,
				ExpectError: acctest.ErrorRegexp("Missing password_wo for a new password_wo_version", "password_wo_version = 2 changed from 1", "password_wo is null"),
			},
		},
	})
}

// A new admin user with password_wo_version but no password_wo is refused
// at plan time, naming both.
func TestAccAdminUser_newVersionWithoutSecret(t *testing.T) {
	srv := acctest.StartServer(t)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		TerraformVersionChecks:   []tfversion.TerraformVersionCheck{tfversion.SkipBelow(tfversion.Version1_11_0)},
		Steps: []resource.TestStep{{
			Config:      nullPassword + adminUserConfig(srv, "drift-new", `{ users = ["read"] }`, "password_wo = var.password\npassword_wo_version = 1"),
			PlanOnly:    true,
			ExpectError: acctest.ErrorRegexp("Missing password_wo for a new password_wo_version", "password_wo_version = 1 is new"),
		}},
	})
}
