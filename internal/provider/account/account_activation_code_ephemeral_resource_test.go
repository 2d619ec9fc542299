package account_test

import (
	"context"
	"encoding/json"
	"fmt"
	"maps"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-testing/echoprovider"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"
	"github.com/hashicorp/terraform-plugin-testing/tfversion"

	"github.com/adminapi/terraform-provider-adminapi/internal/acctest"
	"github.com/adminapi/terraform-provider-adminapi/internal/api"
)

// withEcho adds the echo provider, which copies an ephemeral value into the
// state of echo resources so that a test can look at it.
func withEcho() map[string]func() (tfprotov6.ProviderServer, error) {
	f := maps.Clone(acctest.ProviderFactories)
	f["echo"] = echoprovider.NewProviderServer()
	return f
}

func activationCodeEcho(srv *acctest.Server, accountID, refresh, echoName string) string {
	return srv.Config(fmt.Sprintf(`
ephemeral "adminapi_account_activation_code" "test" {
  account_id = %q
  refresh    = %s
}

provider "echo" {
  data = ephemeral.adminapi_account_activation_code.test
}

resource "echo" %q {}
`, accountID, refresh, echoName))
}

// createAccount creates an account behind Terraform's back and answers its id.
func createAccount(t *testing.T, srv *acctest.Server) string {
	t.Helper()
	for id := range createAccounts(t, srv, "coded", 1) {
		return id
	}
	panic("unreachable")
}

// currentCode is the account's activation code as the API has it now.
func currentCode(t *testing.T, srv *acctest.Server, accountID string) api.ActivationCode {
	t.Helper()
	c, err := srv.Client.GetActivationCode(context.Background(), accountID)
	if err != nil {
		t.Fatalf("activation code of %s: %v", accountID, err)
	}
	return *c
}

// echoesCurrentCode checks that the echo resource holds the code the API has
// now, with its expiry; unlike is a code it must differ from.
func echoesCurrentCode(t *testing.T, srv *acctest.Server, accountID, echoAddr string, unlike *string) []statecheck.StateCheck {
	data := func(key string) tfjsonpath.Path { return tfjsonpath.New("data").AtMapKey(key) }
	return []statecheck.StateCheck{
		statecheck.ExpectKnownValue(echoAddr, data("activation_code"), knownvalue.StringFunc(func(got string) error {
			want := currentCode(t, srv, accountID).ActivationCode
			if unlike != nil && got == *unlike {
				return fmt.Errorf("activation_code = %q, the code from before the refresh", got)
			}
			return acctest.Want("activation_code", got, want)
		})),
		statecheck.ExpectKnownValue(echoAddr, data("expires_at"), knownvalue.StringFunc(func(got string) error {
			want := time.Unix(*currentCode(t, srv, accountID).TimeLeft, 0).UTC().Format(time.RFC3339)
			return acctest.Want("expires_at", got, want)
		})),
		statecheck.ExpectKnownValue(echoAddr, data("seconds_left"), knownvalue.Int64Func(func(got int64) error {
			if got <= 0 || got > api.ActivationCodeMinute*60 {
				return fmt.Errorf("seconds_left = %d, want 1 to %d", got, api.ActivationCodeMinute*60)
			}
			return nil
		})),
	}
}

func TestAccActivationCodeEphemeral(t *testing.T) {
	srv := acctest.StartServer(t)
	accountID := createAccount(t, srv)
	var before string

	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: withEcho(),
		TerraformVersionChecks:   []tfversion.TerraformVersionCheck{tfversion.SkipBelow(tfversion.Version1_10_0)},
		Steps: []resource.TestStep{
			{
				// Any letter case is accepted; without refresh the code stays the same.
				Config: activationCodeEcho(srv, strings.ToUpper(accountID), "false", "test"),
				ConfigStateChecks: append(echoesCurrentCode(t, srv, accountID, "echo.test", nil),
					// The echo resource does store the code: StateHolds sees it.
					acctest.StateHolds(currentCode(t, srv, accountID).ActivationCode, true)),
			},
			{
				PreConfig: func() { before = currentCode(t, srv, accountID).ActivationCode },
				Config:    activationCodeEcho(srv, accountID, "true", "refreshed"),
				// Each plan opens the ephemeral resource again, and makes a new code.
				ConfigStateChecks: echoesCurrentCode(t, srv, accountID, "echo.refreshed", &before),
			},
		},
	})
}

// TestAccActivationCodeEphemeral_notInPlanOrState gives the code to a
// write-only password: the admin user can log in with it, and neither the
// saved plan nor the state holds it.
func TestAccActivationCodeEphemeral_notInPlanOrState(t *testing.T) {
	srv := acctest.StartServer(t)
	accountID := createAccount(t, srv)
	code := currentCode(t, srv, accountID).ActivationCode
	config := srv.Config(fmt.Sprintf(`
ephemeral "adminapi_account_activation_code" "test" {
  account_id = %q
}

resource "adminapi_admin_user" "test" {
  username            = "coded"
  password_wo         = ephemeral.adminapi_account_activation_code.test.activation_code
  password_wo_version = 1
  permissions         = { accounts = ["read"] }
}
`, accountID))

	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		TerraformVersionChecks:   []tfversion.TerraformVersionCheck{tfversion.SkipBelow(tfversion.Version1_11_0)},
		Steps: []resource.TestStep{
			{
				Config: config,
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply:             []plancheck.PlanCheck{planHolds(code, false)},
					PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan(), planHolds(code, false)},
				},
				ConfigStateChecks: []statecheck.StateCheck{
					acctest.StateHolds(code, false),
					apiStateCheck(func() error {
						_, err := srv.Client.Login(context.Background(), "coded", code)
						return err
					}),
				},
			},
		},
	})
}

func TestAccActivationCodeEphemeral_invalidInput(t *testing.T) {
	srv := acctest.StartServer(t)
	unknownID := uuid.NewString()
	config := func(accountID string) string {
		return activationCodeEcho(srv, accountID, "false", "test")
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: withEcho(),
		TerraformVersionChecks:   []tfversion.TerraformVersionCheck{tfversion.SkipBelow(tfversion.Version1_10_0)},
		Steps: []resource.TestStep{
			{
				Config:      config("acme"),
				PlanOnly:    true,
				ExpectError: acctest.ErrorRegexp("Invalid account id", `Attribute account_id: expected an account id, a UUID`, `got "acme"`),
			},
			{
				Config:      config(unknownID),
				PlanOnly:    true,
				ExpectError: acctest.ErrorRegexp("No account found", `No account has account_id = "`+unknownID+`"`),
			},
		},
	})
}

// planHolds checks whether the plan, as `terraform show -json` prints the
// saved plan file (sensitive values included), contains secret anywhere.
func planHolds(secret string, want bool) plancheck.PlanCheck {
	return planSecretCheck{secret: secret, want: want}
}

type planSecretCheck struct {
	secret string
	want   bool
}

func (c planSecretCheck) CheckPlan(_ context.Context, req plancheck.CheckPlanRequest, resp *plancheck.CheckPlanResponse) {
	raw, err := json.Marshal(req.Plan)
	if err != nil {
		resp.Error = err
		return
	}
	if got := strings.Contains(string(raw), c.secret); got != c.want {
		resp.Error = fmt.Errorf("plan holds the secret: %v, want %v", got, c.want)
	}
}
