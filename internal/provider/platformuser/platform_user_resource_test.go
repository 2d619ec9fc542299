package platformuser_test

import (
	"context"
	"encoding/json"
	"fmt"
	"regexp"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"
	"github.com/hashicorp/terraform-plugin-testing/tfversion"

	"github.com/adminapi/terraform-provider-adminapi/internal/acctest"
	"github.com/adminapi/terraform-provider-adminapi/internal/api"
	"github.com/adminapi/terraform-provider-adminapi/internal/client"
	"github.com/adminapi/terraform-provider-adminapi/internal/server"
)

const platformUserAddr = "adminapi_platform_user.test"

func platformUserConfig(srv *acctest.Server, body string) string {
	return srv.Config(fmt.Sprintf(`
resource "adminapi_platform_user" "test" {
%s
}
`, body))
}

// platformUserAPI checks the user as the API holds it.
func platformUserAPI(srv *acctest.Server, username string, check func(*api.PlatformUser) error) resource.TestCheckFunc {
	return func(*terraform.State) error {
		u, err := srv.Client.GetPlatformUser(context.Background(), username)
		if err != nil {
			return err
		}
		return check(u)
	}
}

func platformUserGone(srv *acctest.Server, usernames ...string) resource.TestCheckFunc {
	return func(*terraform.State) error {
		for _, username := range usernames {
			_, err := srv.Client.GetPlatformUser(context.Background(), username)
			switch {
			case err == nil:
				return fmt.Errorf("platform user %s still exists", username)
			case !client.IsNotFound(err):
				return fmt.Errorf("platform user %s: %w, want 404", username, err)
			}
		}
		return nil
	}
}

func platformUserPasswordIs(s *server.Server, username, password string, want bool) resource.TestCheckFunc {
	return func(*terraform.State) error {
		got, err := s.PlatformUserPasswordMatches(context.Background(), username, password)
		if err != nil {
			return err
		}
		if got != want {
			return fmt.Errorf("password %q of %s matches: %v, want %v", password, username, got, want)
		}
		return nil
	}
}

func TestAccPlatformUser_lifecycle(t *testing.T) {
	srv := acctest.StartServer(t)
	created := `
  username = "alice"
  email    = "alice@example.com"
  name     = "Alice"
  password = "alice-password"
  tags     = ["b", "a"]
  metadata = { team = "blue" }
`
	updated := `
  username = "alice"
  email    = "alice@example.com"
  password = "alice-password"
  language = "fr"
  enabled  = false
  tags     = ["c"]
  metadata = { team = "red", floor = "2" }
`
	withoutPassword := strings.Replace(updated, `password = "alice-password"`, "", 1)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		CheckDestroy:             platformUserGone(srv, "alice", "alice-2"),
		Steps: []resource.TestStep{
			{
				Config: platformUserConfig(srv, created),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(platformUserAddr, tfjsonpath.New("id"), knownvalue.StringExact("alice")),
					statecheck.ExpectKnownValue(platformUserAddr, tfjsonpath.New("tags"), knownvalue.SetExact([]knownvalue.Check{
						knownvalue.StringExact("a"), knownvalue.StringExact("b"),
					})),
					statecheck.ExpectKnownValue(platformUserAddr, tfjsonpath.New("metadata"), knownvalue.MapExact(map[string]knownvalue.Check{
						"team": knownvalue.StringExact("blue"),
					})),
					statecheck.ExpectKnownValue(platformUserAddr, tfjsonpath.New("language"), knownvalue.StringExact("en")),
					statecheck.ExpectKnownValue(platformUserAddr, tfjsonpath.New("enabled"), knownvalue.Bool(true)),
					statecheck.ExpectKnownValue(platformUserAddr, tfjsonpath.New("ldap"), knownvalue.Bool(false)),
					statecheck.ExpectKnownValue(platformUserAddr, tfjsonpath.New("referer"), knownvalue.Null()),
					statecheck.ExpectKnownValue(platformUserAddr, tfjsonpath.New("registered_timestamp"), knownvalue.NotNull()),
					statecheck.ExpectKnownValue(platformUserAddr, tfjsonpath.New("server"), knownvalue.NotNull()),
				},
				Check: platformUserAPI(srv, "alice", func(u *api.PlatformUser) error {
					if u.Name != "Alice" || u.Status != api.StatusEnabled || fmt.Sprint(u.Tags) != "[a b]" {
						return fmt.Errorf("API user %+v", u)
					}
					return nil
				}),
				ConfigPlanChecks: resource.ConfigPlanChecks{PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}},
			},
			{
				Config: platformUserConfig(srv, updated),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply:             []plancheck.PlanCheck{plancheck.ExpectResourceAction(platformUserAddr, plancheck.ResourceActionUpdate)},
					PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(platformUserAddr, tfjsonpath.New("name"), knownvalue.Null()),
					statecheck.ExpectKnownValue(platformUserAddr, tfjsonpath.New("enabled"), knownvalue.Bool(false)),
				},
				Check: platformUserAPI(srv, "alice", func(u *api.PlatformUser) error {
					if u.Name != "" || u.Status != api.StatusDisabled || u.Language != "fr" || fmt.Sprint(u.Tags) != "[c]" ||
						len(u.Metadata) != 2 || u.Metadata["team"] != "red" {
						return fmt.Errorf("API user %+v", u)
					}
					return nil
				}),
			},
			{
				ResourceName:      platformUserAddr,
				ImportState:       true,
				ImportStateId:     "alice",
				ImportStateVerify: true,
				// Secrets are never read back from the API.
				ImportStateVerifyIgnore: []string{"password", "password_wo_version"},
			},
			{
				// An imported user needs no password in the configuration, and plans no change.
				Config:          platformUserConfig(srv, withoutPassword),
				ResourceName:    platformUserAddr,
				ImportState:     true,
				ImportStateKind: resource.ImportBlockWithID,
			},
			{
				// The e-mail changes case behind Terraform's back: no change.
				PreConfig: func() {
					email := "ALICE@EXAMPLE.COM"
					if _, err := srv.Client.UpdatePlatformUser(context.Background(), "alice", api.UpdatePlatformUser{Email: &email}); err != nil {
						t.Fatal(err)
					}
				},
				Config: platformUserConfig(srv, updated),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(platformUserAddr, tfjsonpath.New("email"), knownvalue.StringExact("alice@example.com")),
				},
			},
			{
				// Imported with a configuration that differs from the API only in letter case: no change.
				Config:          platformUserConfig(srv, withoutPassword),
				ResourceName:    platformUserAddr,
				ImportState:     true,
				ImportStateKind: resource.ImportBlockWithID,
			},
			{
				// A case-only change in the configuration is no change, and nothing is sent.
				Config: platformUserConfig(srv, strings.Replace(updated, "alice@example.com", "Alice@Example.com", 1)),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(platformUserAddr, tfjsonpath.New("email"), knownvalue.StringExact("alice@example.com")),
				},
				Check: platformUserAPI(srv, "alice", func(u *api.PlatformUser) error {
					if u.Email != "ALICE@EXAMPLE.COM" {
						return fmt.Errorf("API e-mail %q, want it untouched", u.Email)
					}
					return nil
				}),
			},
			{
				PreConfig: func() {
					if err := srv.Client.DeletePlatformUser(context.Background(), "alice"); err != nil {
						t.Fatalf("delete behind Terraform's back: %v", err)
					}
				},
				Config: platformUserConfig(srv, updated),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply:             []plancheck.PlanCheck{plancheck.ExpectResourceAction(platformUserAddr, plancheck.ResourceActionCreate)},
					PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
				Check: platformUserAPI(srv, "alice", func(u *api.PlatformUser) error {
					if u.Status != api.StatusDisabled || u.Language != "fr" {
						return fmt.Errorf("recreated API user %+v", u)
					}
					return nil
				}),
			},
			{
				Config: platformUserConfig(srv, strings.Replace(updated, `username = "alice"`, `username = "alice-2"`, 1)),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(platformUserAddr, plancheck.ResourceActionDestroyBeforeCreate)},
				},
				Check: platformUserGone(srv, "alice"),
			},
			{
				Config: platformUserConfig(srv, strings.Replace(updated, `username = "alice"`, "username = \"alice-2\"\nreferer = \"campaign-7\"", 1)),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply:             []plancheck.PlanCheck{plancheck.ExpectResourceAction(platformUserAddr, plancheck.ResourceActionDestroyBeforeCreate)},
					PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
				Check: platformUserAPI(srv, "alice-2", func(u *api.PlatformUser) error {
					if u.Referer != "campaign-7" {
						return fmt.Errorf("referer %q", u.Referer)
					}
					return nil
				}),
			},
		},
	})
}

func TestAccPlatformUser_passwordWriteOnly(t *testing.T) {
	srv := acctest.StartServer(t)
	s := srv.Server
	cfg := func(password string, version int) string {
		return platformUserConfig(srv, fmt.Sprintf(`
  username            = "wo-user"
  email               = "wo@example.com"
  password_wo         = %q
  password_wo_version = %d
`, password, version))
	}
	noSecretInState := func(password string) []statecheck.StateCheck {
		return []statecheck.StateCheck{
			statecheck.ExpectKnownValue(platformUserAddr, tfjsonpath.New("password_wo"), knownvalue.Null()),
			statecheck.ExpectKnownValue(platformUserAddr, tfjsonpath.New("password"), knownvalue.Null()),
			acctest.StateHolds(password, false),
		}
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		TerraformVersionChecks:   []tfversion.TerraformVersionCheck{tfversion.SkipBelow(tfversion.Version1_11_0)},
		CheckDestroy:             platformUserGone(srv, "wo-user"),
		Steps: []resource.TestStep{
			{
				Config:            cfg("wo-secret-one", 1),
				ConfigStateChecks: noSecretInState("wo-secret-one"),
				Check:             platformUserPasswordIs(s, "wo-user", "wo-secret-one", true),
				ConfigPlanChecks:  resource.ConfigPlanChecks{PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}},
			},
			{
				Config: cfg("wo-secret-two", 2),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply:             []plancheck.PlanCheck{plancheck.ExpectResourceAction(platformUserAddr, plancheck.ResourceActionUpdate)},
					PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
				ConfigStateChecks: noSecretInState("wo-secret-two"),
				Check: resource.ComposeAggregateTestCheckFunc(
					platformUserPasswordIs(s, "wo-user", "wo-secret-two", true),
					platformUserPasswordIs(s, "wo-user", "wo-secret-one", false),
				),
			},
		},
	})
}

func TestAccPlatformUser_ldap(t *testing.T) {
	srv := acctest.StartServer(t)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		CheckDestroy:             platformUserGone(srv, "ldap-user"),
		Steps: []resource.TestStep{
			{
				Config: platformUserConfig(srv, `
  username = "ldap-user"
  email    = "ldap@example.com"
  ldap     = true
`),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(platformUserAddr, tfjsonpath.New("ldap"), knownvalue.Bool(true)),
				},
				Check: platformUserAPI(srv, "ldap-user", func(u *api.PlatformUser) error {
					if !u.LDAP {
						return fmt.Errorf("API user is not an LDAP user: %+v", u)
					}
					return nil
				}),
				ConfigPlanChecks: resource.ConfigPlanChecks{PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}},
			},
		},
	})
}

func TestAccPlatformUser_invalidInput(t *testing.T) {
	srv := acctest.StartServer(t)
	tags := make([]string, api.TagsMax+1)
	for i := range tags {
		tags[i] = fmt.Sprintf("%q", fmt.Sprintf("t%d", i))
	}
	user := func(extra string) string {
		return platformUserConfig(srv, `
  username = "valid-user"
  email    = "valid@example.com"
`+extra)
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		// Nothing may have reached the API.
		CheckDestroy: func(*terraform.State) error {
			for u, err := range srv.Client.PlatformUsers(context.Background(), api.PlatformUserFilter{}) {
				if err != nil {
					return err
				}
				return fmt.Errorf("platform user %s was created", u.Username)
			}
			return nil
		},
		Steps: []resource.TestStep{
			{
				Config:      platformUserConfig(srv, "username = \"Bad_Name\"\nemail = \"x@example.com\"\npassword = \"secret-1\""),
				PlanOnly:    true,
				ExpectError: regexp.MustCompile(`(?s)username\s+must\s+be\s+5\s+to\s+60`),
			},
			{
				Config:      platformUserConfig(srv, "username = \"valid-user\"\nemail = \"not-an-address\"\npassword = \"secret-1\""),
				PlanOnly:    true,
				ExpectError: regexp.MustCompile(`(?s)email\s+must\s+be\s+a\s+valid\s+e-mail`),
			},
			{
				Config:      user(fmt.Sprintf("password = \"secret-1\"\ntags = [%s]", strings.Join(tags, ", "))),
				PlanOnly:    true,
				ExpectError: regexp.MustCompile(`(?s)Attribute\s+tags\s+set\s+must\s+contain\s+at\s+most\s+32`),
			},
			{
				Config:      user("password = \"secret-1\"\nlanguage = \"en-GB-x\""),
				PlanOnly:    true,
				ExpectError: regexp.MustCompile(`(?s)Attribute\s+language\s+UTF-8\s+character\s+count`),
			},
			{
				Config:      user("ldap = true\npassword = \"secret-1\""),
				PlanOnly:    true,
				ExpectError: regexp.MustCompile(`(?s)password\s+must\s+not\s+be\s+given\s+when\s+ldap\s+=\s+true`),
			},
			{
				Config:      user(""),
				PlanOnly:    true,
				ExpectError: regexp.MustCompile(`(?s)password\s+or\s+password_wo\s+is\s+required\s+to\s+create\s+a\s+platform\s+user\s+unless\s+ldap\s+=\s+true`),
			},
		},
	})
}

// TestAccPlatformUser_createConflict: a create that meets another user's
// e-mail or external id names the field, and does not advise importing a
// user that does not exist; a taken username still says how to import it.
func TestAccPlatformUser_createConflict(t *testing.T) {
	srv := acctest.StartServer(t)
	password, sid := "holder-password", "sid-holder"
	if _, err := srv.Client.CreatePlatformUser(context.Background(), api.CreatePlatformUser{
		Username: "holder", Email: "holder@example.com", Password: &password, ExternalID: &sid,
	}); err != nil {
		t.Fatal(err)
	}
	newcomer := func(username, extra string) string {
		return platformUserConfig(srv, fmt.Sprintf("username = %q\npassword = \"secret-1\"\n%s", username, extra))
	}
	importHint := regexp.MustCompile(`terraform\s+import`)
	taken := map[string]*regexp.Regexp{
		"email":       regexp.MustCompile(`(?s)email\s+already\s+taken.*Another\s+platform\s+user\s+already\s+has\s+this\s+email\.`),
		"external_id": regexp.MustCompile(`(?s)external_id\s+already\s+taken.*Another\s+platform\s+user\s+already\s+has\s+this\s+external_id\.`),
	}
	seen := map[string]bool{}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		// ExpectError cannot say "and not this": the steps on another user's
		// fields leave ExpectError unset, and their whole error is judged here.
		ErrorCheck: func(err error) error {
			for field, re := range taken {
				if re.MatchString(err.Error()) && !importHint.MatchString(err.Error()) {
					seen[field] = true
					return nil
				}
			}
			return err
		},
		Steps: []resource.TestStep{
			{Config: newcomer("newcomer", `email = "holder@example.com"`)},
			{Config: newcomer("newcomer", "email = \"newcomer@example.com\"\nexternal_id = \"sid-holder\"")},
			{
				Config: newcomer("holder", `email = "other@example.com"`),
				ExpectError: regexp.MustCompile(`(?s)Could\s+not\s+create\s+platform\s+user\s+"holder":\s+already\s+exists.*` +
					`terraform\s+import\s+adminapi_platform_user\.<name>\s+holder`),
			},
		},
	})
	for field := range taken {
		if !seen[field] {
			t.Errorf("creating a user whose %s is taken did not fail with an error that names %s and gives no import hint", field, field)
		}
	}
	if err := platformUserGone(srv, "newcomer")(nil); err != nil {
		t.Error(err)
	}
}

func platformUserSetAccountDeletion(t *testing.T, srv *acctest.Server, value string) {
	t.Helper()
	_, err := srv.Client.UpdateSettings(context.Background(), api.SettingsUpdate{Update: map[string]api.SettingsGroupUpdate{
		api.SettingsGroupAPI: {Settings: map[string]api.SettingValue{api.SettingAccountDeletion: {Value: json.RawMessage(value)}}},
	}})
	if err != nil {
		t.Fatalf("set %s.%s: %v", api.SettingsGroupAPI, api.SettingAccountDeletion, err)
	}
}

func TestAccPlatformUser_deletionDisabled(t *testing.T) {
	srv := acctest.StartServer(t)
	userConfig := platformUserConfig(srv, `
  username = "kept-user"
  email    = "kept@example.com"
  password = "secret-1"
`)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		CheckDestroy:             platformUserGone(srv, "kept-user"),
		Steps: []resource.TestStep{
			{Config: userConfig},
			{
				PreConfig: func() { platformUserSetAccountDeletion(t, srv, `["personalToken"]`) },
				Config:    srv.ProviderBlock(),
				ExpectError: regexp.MustCompile(`(?s)Could\s+not\s+delete\s+platform\s+user\s+"kept-user":\s+deletion\s+disabled.*` +
					`API_SETTINGS\.ACCOUNT_DELETION\s+must\s+contain\s+"adminToken"`),
			},
			{
				// The user survived the refused destroy; allow deletion again for the final destroy.
				PreConfig: func() { platformUserSetAccountDeletion(t, srv, `["adminToken", "personalToken"]`) },
				Config:    userConfig,
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
			},
		},
	})
}
