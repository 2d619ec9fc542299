package platformuser_test

import (
	"testing"

	"github.com/adminapi/terraform-provider-adminapi/internal/acctest"
)

// TestAccGuide_bulkImportWithQuery follows the guide's Terraform 1.14+ path
// with its own query file over 1,000 users as a platform holds them:
// `terraform query -generate-config-out` writes the configuration, the plan
// imports all 1,000 and changes none, and after the apply the next plan is
// empty. It runs with the newest terraform there is.
func TestAccGuide_bulkImportWithQuery(t *testing.T) {
	acctest.SkipUnlessScale(t)
	cli := newNewestQueryCLI(t)
	srv := acctest.StartServer(t)
	users, _ := guideUsers(1000)
	acctest.CreatePlatformUsersConcurrently(t, srv, users)
	importWithQuery(t, cli, srv, users)
}
