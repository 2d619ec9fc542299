package account_test

import (
	"fmt"
	"maps"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/google/uuid"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/adminapi/terraform-provider-adminapi/internal/acctest"
	"github.com/adminapi/terraform-provider-adminapi/internal/api"
)

// createMembers creates n LDAP platform users and makes them members of the
// account, every tenth an admin; it answers their roles by username.
func createMembers(t *testing.T, srv *acctest.Server, accountID string, n int) map[string]string {
	t.Helper()
	ldap := true
	roles := make(map[string]string, n)
	for i := range n {
		username := fmt.Sprintf("member-%03d", i)
		if _, err := srv.Client.CreatePlatformUser(t.Context(), api.CreatePlatformUser{
			Username: username, Email: username + "@example.com", LDAP: &ldap,
		}); err != nil {
			t.Fatalf("create platform user %s: %v", username, err)
		}
		role := api.MemberRoleUser
		if i%10 == 0 {
			role = api.MemberRoleAdmin
		}
		if _, err := srv.Client.SetAccountMember(t.Context(), accountID, username, role); err != nil {
			t.Fatalf("add %s to the account: %v", username, err)
		}
		roles[username] = role
	}
	return roles
}

// membersListed checks that the data source at addr lists exactly want's
// members with their roles.
func membersListed(addr string, want map[string]string) resource.TestCheckFunc {
	return func(s *terraform.State) error {
		rs, ok := s.RootModule().Resources[addr]
		if !ok {
			return fmt.Errorf("%s not in state", addr)
		}
		attrs := rs.Primary.Attributes
		if got := attrs["users.#"]; got != strconv.Itoa(len(want)) {
			return fmt.Errorf("%s lists %s users, want %d", addr, got, len(want))
		}
		got := map[string]string{}
		for i := range len(want) {
			got[attrs[fmt.Sprintf("users.%d.username", i)]] = attrs[fmt.Sprintf("users.%d.role", i)]
		}
		if !maps.Equal(got, want) {
			return fmt.Errorf("%s lists %v, want %v", addr, got, want)
		}
		return nil
	}
}

func TestAccAccountUsersDataSource(t *testing.T) {
	srv := acctest.StartServer(t)
	ids := slices.Collect(maps.Keys(createAccounts(t, srv, "members", 2)))
	crowded, empty := ids[0], ids[1]
	members := createMembers(t, srv, crowded, 120)
	unknownID := uuid.NewString()
	config := func(accountID string) string {
		return srv.Config(fmt.Sprintf(`data "adminapi_account_users" "test" { account_id = %q }`, accountID))
	}
	const addr = "data.adminapi_account_users.test"

	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config:      config("members-000"),
				PlanOnly:    true,
				ExpectError: acctest.ErrorRegexp("Invalid account id", `Attribute account_id: expected an account id, a UUID`, `got "members-000"`),
			},
			{
				Config:      config(unknownID),
				PlanOnly:    true,
				ExpectError: acctest.ErrorRegexp("No account found", `No account has account_id = "`+unknownID+`"`),
			},
			{
				// Any letter case is accepted.
				Config: config(strings.ToUpper(crowded)),
				Check:  membersListed(addr, members),
			},
			{
				Config: config(empty),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("users"), knownvalue.ListExact([]knownvalue.Check{})),
				},
			},
		},
	})
}
