package auth_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/adminapi/terraform-provider-adminapi/internal/acctest"
	"github.com/adminapi/terraform-provider-adminapi/internal/api"
)

func tokenEphemeral(body string) string {
	return fmt.Sprintf("ephemeral \"adminapi_token\" \"bad\" {\n%s\n}\n", body)
}

// login is an adminapi_token that logs in as username with password.
func login(username, password string) string {
	return tokenEphemeral(fmt.Sprintf("username = %q\npassword = %q", username, password))
}

func TestAccTokenEphemeral_badInput(t *testing.T) {
	srv, rec := acctest.StartRecordedServer(t)
	if _, err := srv.Client.CreateAdminUser(t.Context(), api.CreateAdminUser{Username: "ops", Password: "ops-password",
		Permissions: api.Permissions{Users: []string{}, Settings: []string{}, PlatformUsers: []string{}, Accounts: []string{}}}); err != nil {
		t.Fatal(err)
	}
	rule := "Attribute username must be 3 to 64 of a-z 0-9 . _ -, starting with a letter or digit"
	notExpected := func(arg, value string) acctest.BadInput {
		return acctest.BadInput{Name: arg + " argument", Config: tokenEphemeral(arg + " = " + value), Attribute: arg,
			Error: []string{fmt.Sprintf(`An argument named %q is not expected here`, arg)}}
	}
	readOnly := func(arg, value string) acctest.BadInput {
		return acctest.BadInput{Name: arg + " set", Config: tokenEphemeral(arg + " = " + value), Attribute: arg,
			Error: []string{"Invalid Configuration for Read-Only Attribute", arg + " = " + value}}
	}
	acctest.ExpectRefused(t, srv, rec, []acctest.BadInput{
		{Name: "username upper case", Config: login("Ops", "ops-password"), Attribute: "username", Error: []string{rule, "got: Ops"}},
		{Name: "username of 2", Config: login("op", "ops-password"), Attribute: "username", Error: []string{rule}},
		{Name: "username of 65", Config: login(strings.Repeat("o", 65), "ops-password"), Attribute: "username", Error: []string{rule}},
		{Name: "username an e-mail address", Config: login("ops@example.com", "ops-password"), Attribute: "username", Error: []string{rule}},
		{Name: "password empty", Config: login("ops", ""), Attribute: "password", Error: []string{"Attribute password string length must be at least 1, got: 0"}},
		{Name: "username without password", Config: tokenEphemeral(`username = "ops"`), Attribute: "password",
			Error: []string{`Attribute "password" must be specified when "username" is specified`}},
		{Name: "password without username", Config: tokenEphemeral(`password = "ops-password"`), Attribute: "username",
			Error: []string{`Attribute "username" must be specified when "password" is specified`}},
		{Name: "username a list", Config: tokenEphemeral("username = [\"ops\"]\npassword = \"ops-password\""), Attribute: "username",
			Error: []string{`Inappropriate value for attribute "username"`, "string required"}},
		readOnly("token", `"eyJ.x.y"`),
		readOnly("expires_at", `"2030-01-01T00:00:00Z"`),
		notExpected("client_id", `"ci-pipeline"`),
		notExpected("client_secret", `"secret"`),
		notExpected("scopes", `["admin"]`),
		{Name: "wrong password (API)", Config: login("ops", "not-the-password"), Attribute: "password",
			Error: []string{"Login refused", `The admin API refused the login of "ops": the username or password is wrong`}, By: acctest.ByServerOnPlan},
		{Name: "no such admin user (API)", Config: login("nobody", "ops-password"), Attribute: "username",
			Error: []string{"Login refused", `The admin API refused the login of "nobody": the username or password is wrong`}, By: acctest.ByServerOnPlan},
	})
}
