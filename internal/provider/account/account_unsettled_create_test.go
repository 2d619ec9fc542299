package account_test

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"

	"github.com/adminapi/terraform-provider-adminapi/internal/acctest"
	"github.com/adminapi/terraform-provider-adminapi/internal/api"
	"github.com/adminapi/terraform-provider-adminapi/internal/provider/common"
)

// shownAccount is adminapi_account.a in `terraform show -json`.
type shownAccount struct {
	Tainted bool `json:"tainted"`
	Values  struct {
		ID   *string `json:"id"`
		Name string  `json:"name"`
	} `json:"values"`
}

func showAccount(t *testing.T, tf *acctest.Terraform) shownAccount {
	t.Helper()
	out, err := tf.Run(t, "show", "-json")
	if err != nil {
		t.Fatalf("terraform show: %v\n%s", err, out)
	}
	var shown struct {
		Values struct {
			RootModule struct {
				Resources []shownAccount `json:"resources"`
			} `json:"root_module"`
		} `json:"values"`
	}
	if err := json.Unmarshal([]byte(out), &shown); err != nil {
		t.Fatalf("terraform show -json: %v\n%s", err, out)
	}
	if n := len(shown.Values.RootModule.Resources); n != 1 {
		t.Fatalf("the state holds %d resources, want the account:\n%s", n, out)
	}
	return shown.Values.RootModule.Resources[0]
}

// A create of an account whose answer is lost keeps the account tainted,
// its id that of the pending create. An apply without a refresh replaces
// it: its delete repeats the create to learn the id, so that the account
// made is deleted, and one account remains.
func TestAccAccount_createAnswerLostReplacedWithoutRefresh(t *testing.T) {
	srv := acctest.StartServer(t)
	ctx := t.Context()
	proxy := acctest.StartFaultProxy(t, srv.URL, acctest.Faults{}, 1)
	tf := acctest.NewTerraform(t)
	tf.WriteConfig(t, proxy.ProviderBlock("max_retries = 1")+`
resource "adminapi_account" "a" {
  name = "lost-answer"
}
`)
	accounts := func() []api.Account {
		var all []api.Account
		for a, err := range srv.Client.Accounts(ctx, "lost-answer") {
			if err != nil {
				t.Fatal(err)
			}
			all = append(all, a)
		}
		return all
	}

	proxy.OutageAfter(http.MethodPost, "/accounts")
	out, err := tf.Run(t, "apply", "-no-color", "-auto-approve")
	flat := strings.Join(strings.Fields(out), " ")
	if err == nil || !strings.Contains(flat, `Could not create account "lost-answer": answer lost`) ||
		!strings.Contains(flat, "marked tainted") {
		t.Fatalf("apply: %v, want the create kept as tainted:\n%s", err, out)
	}
	kept := showAccount(t, tf)
	if _, pending := common.ParsePendingCreate(ptrValue(kept.Values.ID)); !kept.Tainted || !pending || kept.Values.Name != "lost-answer" {
		t.Errorf("kept %+v (id %q), want a tainted account named lost-answer with the id of a pending create", kept, ptrValue(kept.Values.ID))
	}
	made := accounts()
	if len(made) != 1 {
		t.Fatalf("the create whose answer was lost made %d accounts, want 1: the test proves nothing", len(made))
	}

	proxy.SetOutage(false)
	if out, err := tf.Run(t, "apply", "-no-color", "-auto-approve", "-refresh=false"); err != nil {
		t.Fatalf("apply without refresh: %v\n%s", err, out)
	}
	left := accounts()
	replaced := showAccount(t, tf)
	switch {
	case len(left) != 1:
		t.Errorf("%d accounts named lost-answer, want 1", len(left))
	case left[0].ID == made[0].ID:
		t.Errorf("account %s, made by the lost create, was not replaced", made[0].ID)
	case replaced.Tainted || ptrValue(replaced.Values.ID) != left[0].ID:
		t.Errorf("state %+v (id %q), want account %s untainted", replaced, ptrValue(replaced.Values.ID), left[0].ID)
	}
	tf.ExpectEmptyPlan(t)
}

func ptrValue(s *string) string {
	if s == nil {
		return "<null>"
	}
	return *s
}
