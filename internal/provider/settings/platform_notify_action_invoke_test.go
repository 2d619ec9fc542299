package settings_test

import (
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/tfversion"

	"github.com/adminapi/terraform-provider-adminapi/internal/acctest"
	"github.com/adminapi/terraform-provider-adminapi/internal/server"
)

// terraform-plugin-testing has no step for `terraform apply -invoke`: this
// test runs the CLI itself.
func TestAccPlatformNotifyAction_invoke(t *testing.T) {
	acctest.SkipOnOpenTofu(t, "actions (Terraform 1.14+)")
	acctest.SkipBelowCLI(t, tfversion.Version1_14_0)
	cli := acctest.NewTerraform(t)
	follower := &platformSettingsFollower{}
	good := httptest.NewServer(follower)
	t.Cleanup(good.Close)
	var failing atomic.Bool
	broken, errs := brokenFollowers(t, &failing)
	srv := acctest.StartServer(t, func(c *server.Config) {
		c.Followers = append([]server.Follower{{URL: good.URL, Role: "core"}}, broken...)
	})
	cli.WriteConfig(t, srv.Config(`
action "adminapi_platform_notify" "followers" {
  config {
    services = ["core", "register"]
  }
}
`))
	invoke := []string{"apply", "-no-color", "-auto-approve", "-invoke=action.adminapi_platform_notify.followers"}
	told := `POST /notify {"services":["core","register"]}`

	out, err := cli.Run(t, invoke...)
	if err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	for _, f := range append([]server.Follower{{URL: good.URL, Role: "core"}}, broken...) {
		want := f.URL + ` (role "` + f.Role + `"): notified (services core, register)`
		if !strings.Contains(out, want) {
			t.Errorf("no progress %q in the output:\n%s", want, out)
		}
	}
	if err := follower.expect(told)(nil); err != nil {
		t.Error(err)
	}

	failing.Store(true)
	out, err = cli.Run(t, invoke...)
	if err == nil {
		t.Fatalf("invoke succeeded with failing followers:\n%s", out)
	}
	wantErr := platformSettingsErr(append([]string{`Could not notify the followers of platform settings "platform_settings": followers failed`, "reported 2 failed follower(s) of 3"}, errs...)...)
	if !wantErr.MatchString(out) {
		t.Errorf("output does not match %s:\n%s", wantErr, out)
	}
	for _, e := range errs {
		if progress := strings.Replace(e, "): ", "): FAILED: ", 1); !strings.Contains(out, progress) {
			t.Errorf("no progress %q in the output:\n%s", progress, out)
		}
	}
	if err := follower.expect(told, told)(nil); err != nil {
		t.Error(err)
	}
}
