package platformuser_test

import (
	"fmt"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/tfversion"

	"github.com/adminapi/terraform-provider-adminapi/internal/acctest"
	"github.com/adminapi/terraform-provider-adminapi/internal/server"
)

const nullPassword = `
variable "password" {
  type      = string
  ephemeral = true
  sensitive = true
  default   = null
}
`

// A drift job plans without the secret: password_wo null with an unchanged
// password_wo_version plans no change and sends nothing; a changed version
// with a null password_wo is refused at plan time.
func TestAccPlatformUser_driftJobWithoutSecret(t *testing.T) {
	var log acctest.RequestLog
	srv := acctest.StartServer(t, func(c *server.Config) { c.Logger = log.Logger() })
	withVersion := func(username, secret string, version int) string {
		return nullPasswordUser(srv, username, secret, version)
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		TerraformVersionChecks:   []tfversion.TerraformVersionCheck{tfversion.SkipBelow(tfversion.Version1_11_0)},
		CheckDestroy:             platformUserGone(srv, "drift-user"),
		Steps: []resource.TestStep{
			{Config: withVersion("drift-user", `"drift-secret-1"`, 1)},
			{Config: withVersion("drift-user", "var.password", 1), PlanOnly: true},
			{
				Config: withVersion("drift-user", "var.password", 1),
				Check: acctest.Check(func() error {
					return acctest.Want("password sets", log.Count("PUT", "/platform-users/drift-user/password", 0), 0)
				}),
			},
			{
				Config:      withVersion("drift-user", "var.password", 2),
				PlanOnly:    true,
				ExpectError: acctest.ErrorRegexp("Missing password_wo for a new password_wo_version", "password_wo_version = 2 changed from 1"),
			},
		},
	})
}

func nullPasswordUser(srv *acctest.Server, username, secret string, version int) string {
	return nullPassword + platformUserConfig(srv, fmt.Sprintf(`
  username            = %q
  email               = "%s@example.com"
  password_wo         = %s
  password_wo_version = %d
`, username, username, secret, version))
}

// A new user with password_wo_version but no password_wo is refused at plan
// time, naming both.
func TestAccPlatformUser_newVersionWithoutSecret(t *testing.T) {
	srv := acctest.StartServer(t)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		TerraformVersionChecks:   []tfversion.TerraformVersionCheck{tfversion.SkipBelow(tfversion.Version1_11_0)},
		Steps: []resource.TestStep{{
			Config:      nullPasswordUser(srv, "drift-new", "var.password", 1),
			PlanOnly:    true,
			ExpectError: acctest.ErrorRegexp("Missing password_wo for a new password_wo_version", "password_wo_version = 1 is new"),
		}},
	})
}
