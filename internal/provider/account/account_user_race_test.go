package account_test

import (
	"bytes"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/adminapi/terraform-provider-adminapi/internal/acctest"
	"github.com/adminapi/terraform-provider-adminapi/internal/api"
)

// gatherMemberWrites stands in front of the server and holds each PUT of a
// member until n of them are waiting (or a while has passed), so that
// separate runs adding one membership reach the server together.
func gatherMemberWrites(t *testing.T, target string, n int) string {
	t.Helper()
	u, err := url.Parse(target)
	if err != nil {
		t.Fatal(err)
	}
	proxy := httputil.NewSingleHostReverseProxy(u)
	var (
		mu      sync.Mutex
		waiting int
		all     = make(chan struct{})
	)
	ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method == http.MethodPut && memberLookup.MatchString(r.URL.Path) {
			mu.Lock()
			if waiting++; waiting == n {
				close(all)
			}
			mu.Unlock()
			select {
			case <-all:
			case <-time.After(20 * time.Second):
			}
		}
		proxy.ServeHTTP(w, r)
	}))
	t.Cleanup(ts.Close)
	return ts.URL
}

// Two Terraform working directories (two states, two provider processes)
// create the same membership at once: exactly one apply succeeds, and the
// other fails saying that the membership exists and how to import it,
// rather than both believing they created it.
func TestAccAccountUser_concurrentCreateInTwoStates(t *testing.T) {
	srv := acctest.StartServer(t)
	ctx := t.Context()
	acctest.CreatePlatformUsers(t, srv, "race-au")
	acc, err := srv.Client.CreateAccount(ctx, api.AccountInput{Name: "race"})
	if err != nil {
		t.Fatal(err)
	}
	endpoint := gatherMemberWrites(t, srv.URL, 2)
	config := fmt.Sprintf(`
provider "adminapi" {
  endpoint = %q
  username = %q
  password = %q
}

resource "adminapi_account_user" "m" {
  account_id = %q
  username   = "race-au"
  role       = "user"
}
`, endpoint, acctest.AdminUsername, acctest.AdminPassword, acc.ID)
	dirs := []*acctest.Terraform{acctest.NewTerraform(t), acctest.NewTerraform(t)}
	outs := make([]bytes.Buffer, len(dirs))
	errs := make([]error, len(dirs))
	for _, tf := range dirs {
		tf.WriteConfig(t, config)
	}
	var wg sync.WaitGroup
	for i, tf := range dirs {
		wg.Go(func() { errs[i] = tf.Command(ctx, &outs[i], "apply", "-no-color", "-auto-approve").Run() })
	}
	wg.Wait()

	var succeeded []int
	for i, err := range errs {
		if err == nil {
			succeeded = append(succeeded, i)
		}
	}
	if len(succeeded) != 1 {
		t.Fatalf("%d of the 2 applies succeeded, want exactly 1:\n--- first:\n%s\n--- second:\n%s", len(succeeded), &outs[0], &outs[1])
	}
	failed := 1 - succeeded[0]
	flat := strings.Join(strings.Fields(outs[failed].String()), " ")
	id := acc.ID + "/race-au"
	for _, want := range []string{
		fmt.Sprintf(`Could not create account membership %q: already exists`, id),
		"race-au is already a member of account " + acc.ID,
		"terraform import adminapi_account_user.<name> " + id,
		fmt.Sprintf("id = %q", id),
	} {
		if !strings.Contains(flat, want) {
			t.Errorf("the failed apply does not say %q:\n%s", want, &outs[failed])
		}
	}
	if m, err := srv.Client.GetAccountMember(ctx, acc.ID, "race-au"); err != nil || m.Role != api.MemberRoleUser {
		t.Errorf("the member: %+v, %v", m, err)
	}
	dirs[succeeded[0]].ExpectEmptyPlan(t)
}
