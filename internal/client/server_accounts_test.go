package client

import (
	"fmt"
	"slices"
	"testing"

	"github.com/adminapi/terraform-provider-adminapi/internal/api"
)

func TestServerAccounts(t *testing.T) {
	url := startServer(t, nil)
	ctx := t.Context()
	c := adminClient(t, url)

	acc := must(c.CreateAccount(ctx, api.AccountInput{Name: "acme", ExecInterval: ptr(int64(60)), Attributes: map[string]string{"tier": "gold"}}))(t)
	if acc.ID == "" || acc.Name != "acme" || acc.ExecInterval != 60 || acc.HealthTimePeriod != api.DefaultHealthTimePeriod ||
		acc.CDModelFrequency != api.DefaultCDModelFrequency || acc.Attributes["tier"] != "gold" || acc.Created == 0 {
		t.Errorf("CreateAccount: %+v", acc)
	}
	if got := must(c.GetAccount(ctx, acc.ID))(t); got.Name != "acme" || got.Created != acc.Created {
		t.Errorf("GetAccount: %+v", got)
	}
	replaced := must(c.UpdateAccount(ctx, acc.ID, api.AccountInput{Name: "acme2", DataRetention: ptr(int64(30))}))(t)
	if replaced.Name != "acme2" || replaced.DataRetention != 30 || replaced.ExecInterval != api.DefaultExecInterval || len(replaced.Attributes) != 0 {
		t.Errorf("UpdateAccount (a full replacement): %+v", replaced)
	}
	if _, err := c.CreateAccount(ctx, api.AccountInput{Name: ""}); !isStatus(err, 400) {
		t.Errorf("an empty name: %v", err)
	}

	code := must(c.GetActivationCode(ctx, acc.ID))(t)
	if !api.ActivationCodePattern.MatchString(code.ActivationCode) || code.SecondsLeft == nil || *code.SecondsLeft <= 0 || code.TimeLeft == nil {
		t.Errorf("GetActivationCode: %+v", code)
	}
	fresh := must(c.RefreshActivationCode(ctx, acc.ID))(t)
	if !api.ActivationCodePattern.MatchString(fresh.ActivationCode) || fresh.SecondsLeft == nil || *fresh.SecondsLeft > 3600 {
		t.Errorf("RefreshActivationCode: %+v", fresh)
	}
	if again := must(c.GetActivationCode(ctx, acc.ID))(t); again.ActivationCode != fresh.ActivationCode {
		t.Errorf("the refreshed code %s is not the one read back, %s", fresh.ActivationCode, again.ActivationCode)
	}

	for i := range 3 {
		must(c.CreateAccount(ctx, api.AccountInput{Name: fmt.Sprintf("other-%d", i)}))(t)
	}
	if named := collect(t, c.Accounts(ctx, "acme2")); len(named) != 1 || named[0].ID != acc.ID {
		t.Errorf("Accounts(acme2): %+v", named)
	}
	if all := collect(t, c.Accounts(ctx, "")); len(all) != 4 {
		t.Errorf("Accounts(): %d", len(all))
	}
	if page := must(c.ListAccounts(ctx, "", 3, 2))(t); page.Total != 4 || len(page.Accounts) != 1 {
		t.Errorf("ListAccounts(3, 2): %+v", page)
	}

	if err := c.DeleteAccount(ctx, acc.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := c.GetAccount(ctx, acc.ID); !IsNotFound(err) {
		t.Errorf("GetAccount after delete: %v", err)
	}
	if _, err := c.GetActivationCode(ctx, acc.ID); !IsNotFound(err) {
		t.Errorf("GetActivationCode after delete: %v", err)
	}
}

func TestServerAccountMembers(t *testing.T) {
	url := startServer(t, nil)
	ctx := t.Context()
	c := adminClient(t, url)

	acc := must(c.CreateAccount(ctx, api.AccountInput{Name: "acme"}))(t)
	for _, u := range []string{"erin1", "frank", "gina1"} {
		must(c.CreatePlatformUser(ctx, api.CreatePlatformUser{Username: u, Email: u + "@example.com", Password: ptr("password")}))(t)
	}
	if m := must(c.SetAccountMember(ctx, acc.ID, "erin1", api.MemberRoleAdmin))(t); m.Username != "erin1" || m.Role != api.MemberRoleAdmin {
		t.Errorf("SetAccountMember(erin1, admin): %+v", m)
	}
	must(c.SetAccountMember(ctx, acc.ID, "frank", api.MemberRoleUser))(t)
	if m := must(c.SetAccountMember(ctx, acc.ID, "frank", api.MemberRoleAdmin))(t); m.Role != api.MemberRoleAdmin {
		t.Errorf("promoting frank: %+v", m)
	}
	must(c.SetAccountMember(ctx, acc.ID, "gina1", api.MemberRoleUser))(t)
	if _, err := c.SetAccountMember(ctx, acc.ID, "frank", api.MemberRoleUser); !IsConflict(err) {
		t.Errorf("demoting an admin: %v", err)
	}
	if _, err := c.SetAccountMember(ctx, acc.ID, "nobody", api.MemberRoleUser); !IsNotFound(err) {
		t.Errorf("adding an unknown user: %v", err)
	}

	if m := must(c.GetAccountMember(ctx, acc.ID, "gina1"))(t); m.Role != api.MemberRoleUser {
		t.Errorf("GetAccountMember(gina1): %+v", m)
	}
	if page := must(c.ListAccountMembers(ctx, acc.ID, 0, 2))(t); page.Total != 3 || len(page.Users) != 2 || page.Users[0].Username != "erin1" {
		t.Errorf("ListAccountMembers(0, 2): %+v", page)
	}
	var names []string
	for _, m := range collect(t, c.AccountMembers(ctx, acc.ID)) {
		names = append(names, m.Username+":"+m.Role)
	}
	if !slices.Equal(names, []string{"erin1:admin", "frank:admin", "gina1:user"}) {
		t.Errorf("AccountMembers: %v", names)
	}

	if err := c.RemoveAccountMember(ctx, acc.ID, "erin1"); err != nil {
		t.Fatal(err)
	}
	if err := c.RemoveAccountMember(ctx, acc.ID, "frank"); !IsConflict(err) {
		t.Errorf("removing the last admin while others remain: %v", err)
	}
	if _, err := c.GetAccountMember(ctx, acc.ID, "erin1"); !IsNotFound(err) {
		t.Errorf("GetAccountMember after removal: %v", err)
	}
	if _, err := c.ListAccountMembers(ctx, "00000000-0000-0000-0000-000000000000", 0, 0); !IsNotFound(err) {
		t.Errorf("members of an unknown account: %v", err)
	}
}
