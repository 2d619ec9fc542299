package provider_test

import (
	"bytes"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/adminapi/terraform-provider-adminapi/internal/acctest"
	"github.com/adminapi/terraform-provider-adminapi/internal/api"
)

const crashUsers = 200

// crashAt are the numbers of stored users at which the server is killed.
var crashAt = []int{50, 100, 150}

// The server is killed (SIGKILL) during an apply of 200 users, each time
// the database holds 50, 100 and 150 of them, and started again on its
// port and database after a while. Nothing it committed is lost; a second
// apply converges on exactly the 200 users, none twice, and the plan after
// it is empty.
func TestAccReliability_crash(t *testing.T) {
	acctest.SkipUnlessScale(t)
	t.Run("back within the retries", func(t *testing.T) {
		t.Parallel()
		// Default retries: 11 attempts over more than a minute (the server
		// has answered, so refused connections get them all); the calls the
		// kills interrupt are retried on the restarted server, and a create
		// it committed before it died is answered again, not done twice.
		testCrash(t, "", 500*time.Millisecond, true)
	})
	t.Run("back after the retries", func(t *testing.T) {
		t.Parallel()
		// 2 attempts within 0.5 s, as a restart longer than the default
		// retries would give: the calls the kills interrupt fail.
		testCrash(t, "max_retries = 1", 2*time.Second, false)
	})
}

// testCrash applies the users with the provider arguments extra, kills the
// server at each of crashAt and restarts it after down; mustApply tells
// whether that first apply must succeed.
func testCrash(t *testing.T, extra string, down time.Duration, mustApply bool) {
	ctx := t.Context()
	tf := acctest.NewTerraform(t)
	srv := acctest.StartServerProcess(t)
	tf.WriteConfig(t, srv.ProviderBlock(extra)+fmt.Sprintf(`
resource "adminapi_platform_user" "u" {
  count    = %d
  username = format("crash-%%03d", count.index)
  email    = format("crash-%%03d@example.com", count.index)
  ldap     = true
}
`, crashUsers))
	stored := func() int {
		l, err := srv.Client.ListPlatformUsers(ctx, api.PlatformUserFilter{}, 0, 1)
		if err != nil {
			t.Fatalf("count the users: %v", err)
		}
		return l.Total
	}

	start := time.Now()
	var out bytes.Buffer
	apply := tf.Command(ctx, &out, "apply", "-no-color", "-auto-approve", "-parallelism=10")
	if err := apply.Start(); err != nil {
		t.Fatal(err)
	}
	applied := make(chan error, 1)
	go func() { applied <- apply.Wait() }()
	var applyErr error
	ended := false
	for i, at := range crashAt {
		n := 0
		for !ended && n < at {
			select {
			case applyErr = <-applied:
				ended = true
			case <-time.After(20 * time.Millisecond):
				n = stored()
			}
		}
		if ended {
			if i == 0 {
				t.Fatalf("the apply ended (%v) before the server held %d users:\n%s", applyErr, at, out.String())
			}
			t.Logf("the apply ended before kill %d", i+1)
			break
		}
		srv.Kill(t)
		time.Sleep(down)
		srv.Restart(t)
		after := stored()
		t.Logf("kill %d at %s: %d users stored at the last count, %d after the restart", i+1, time.Since(start).Round(time.Millisecond), n, after)
		if after < n {
			t.Errorf("kill %d: %d users before, %d after the restart: committed users lost", i+1, n, after)
		}
	}
	if !ended {
		applyErr = <-applied
	}
	t.Logf("first apply: %v after %s", applyErr, time.Since(start).Round(time.Millisecond))
	for _, e := range acctest.TerraformErrors(out.String()) {
		t.Logf("  %s", e)
	}
	if mustApply && applyErr != nil {
		t.Errorf("the first apply failed although the server was back within the retries:\n%s", out.String())
	}

	if out, err := tf.Run(t, "apply", "-no-color", "-auto-approve", "-parallelism=10"); err != nil {
		t.Fatalf("second apply: %v\n%s", err, strings.Join(acctest.TerraformErrors(out), "\n"))
	}
	want := acctest.NumberedNames("crash", crashUsers)
	if err := acctest.ExpectPlatformUsers(ctx, srv.Client, api.PlatformUserFilter{}, want); err != nil {
		t.Error(err)
	}
	if out, err := tf.Run(t, "state", "list"); err != nil {
		t.Errorf("terraform state list: %v\n%s", err, out)
	} else if n := strings.Count(out, "adminapi_platform_user.u["); n != crashUsers {
		t.Errorf("the state holds %d users, want %d", n, crashUsers)
	}
	tf.ExpectEmptyPlan(t)
	t.Logf("%s in all; the server answered %s", time.Since(start).Round(time.Millisecond), srv.Requests(t).Statuses())
}
