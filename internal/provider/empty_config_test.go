package provider_test

import (
	"maps"
	"slices"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/querycheck"
	"github.com/hashicorp/terraform-plugin-testing/tfversion"

	"github.com/adminapi/terraform-provider-adminapi/internal/acctest"
	"github.com/adminapi/terraform-provider-adminapi/internal/api"
	"github.com/adminapi/terraform-provider-adminapi/internal/provider"
)

// allOptionalTypes are the types ("data adminapi_roles", "list
// adminapi_role", ...) whose configuration has no required argument or
// block, as the provider serves their schemas.
func allOptionalTypes(t *testing.T) []string {
	t.Helper()
	srv := providerserver.NewProtocol6(provider.New("test")())()
	resp, err := srv.GetProviderSchema(t.Context(), &tfprotov6.GetProviderSchemaRequest{})
	if err != nil {
		t.Fatal(err)
	}
	groups := map[string]map[string]*tfprotov6.Schema{
		"resource": resp.ResourceSchemas, "data": resp.DataSourceSchemas,
		"ephemeral": resp.EphemeralResourceSchemas, "list": resp.ListResourceSchemas, "action": {},
	}
	for name, a := range resp.ActionSchemas {
		groups["action"][name] = a.Schema
	}
	var types []string
	for kind, schemas := range groups {
		for name, s := range schemas {
			if allOptional(s.Block) {
				types = append(types, kind+" "+name)
			}
		}
	}
	slices.Sort(types)
	return types
}

func allOptional(b *tfprotov6.SchemaBlock) bool {
	for _, a := range b.Attributes {
		if a.Required {
			return false
		}
	}
	for _, nb := range b.BlockTypes {
		if nb.MinItems > 0 {
			return false
		}
	}
	return true
}

// emptyConfigCases: for each type whose arguments are all optional, a test
// of it with an empty block, and, for list resources and actions, with no
// config block and an empty one.
var emptyConfigCases = map[string]func(t *testing.T){
	"data adminapi_roles": func(t *testing.T) {
		srv := acctest.StartServer(t)
		if _, err := srv.Client.CreateRole(t.Context(), api.CreateRole{Name: "ops"}); err != nil {
			t.Fatal(err)
		}
		emptyDataSource(t, srv, "adminapi_roles", "roles.#", "1")
	},
	"data adminapi_accounts": func(t *testing.T) {
		srv := acctest.StartServer(t)
		if _, err := srv.Client.CreateAccount(t.Context(), api.AccountInput{Name: "acme"}); err != nil {
			t.Fatal(err)
		}
		emptyDataSource(t, srv, "adminapi_accounts", "accounts.#", "1")
	},
	"data adminapi_admin_users": func(t *testing.T) {
		emptyDataSource(t, acctest.StartServer(t), "adminapi_admin_users", "users.#", "1")
	},
	"data adminapi_platform_users": func(t *testing.T) {
		srv := acctest.StartServer(t)
		acctest.CreatePlatformUsers(t, srv, "empty-cfg")
		emptyDataSource(t, srv, "adminapi_platform_users", "users.#", "1")
	},
	"data adminapi_platform_settings": func(t *testing.T) {
		srv := acctest.StartServer(t)
		resource.ParallelTest(t, resource.TestCase{
			ProtoV6ProviderFactories: acctest.ProviderFactories,
			Steps: []resource.TestStep{{
				Config: srv.Config(`data "adminapi_platform_settings" "empty" {}`),
				Check:  resource.TestCheckResourceAttrSet("data.adminapi_platform_settings.empty", "settings_json"),
			}},
		})
	},
	// Its arguments are all optional, but one of three is needed: an empty
	// block is refused naming them, before any lookup.
	"data adminapi_platform_user": func(t *testing.T) {
		srv := acctest.StartServer(t)
		resource.ParallelTest(t, resource.TestCase{
			ProtoV6ProviderFactories: acctest.ProviderFactories,
			Steps: []resource.TestStep{{
				Config: srv.Config(`data "adminapi_platform_user" "empty" {}`),
				ExpectError: acctest.ErrorRegexp("Missing Attribute Configuration",
					"Exactly one of these attributes must be configured: [username,email,external_id]"),
			}},
		})
	},
	"ephemeral adminapi_token": func(t *testing.T) {
		srv := acctest.StartServer(t)
		resource.ParallelTest(t, resource.TestCase{
			ProtoV6ProviderFactories: acctest.ProviderFactories,
			TerraformVersionChecks:   []tfversion.TerraformVersionCheck{tfversion.SkipBelow(tfversion.Version1_10_0)},
			Steps:                    []resource.TestStep{{Config: srv.Config(`ephemeral "adminapi_token" "empty" {}`)}},
		})
	},
	"list adminapi_role": func(t *testing.T) {
		srv := acctest.StartServer(t)
		if _, err := srv.Client.CreateRole(t.Context(), api.CreateRole{Name: "ops"}); err != nil {
			t.Fatal(err)
		}
		emptyList(t, srv, "adminapi_role", 1)
	},
	"list adminapi_account": func(t *testing.T) {
		srv := acctest.StartServer(t)
		if _, err := srv.Client.CreateAccount(t.Context(), api.AccountInput{Name: "acme"}); err != nil {
			t.Fatal(err)
		}
		emptyList(t, srv, "adminapi_account", 1)
	},
	"list adminapi_admin_user": func(t *testing.T) {
		emptyList(t, acctest.StartServer(t), "adminapi_admin_user", 1)
	},
	"list adminapi_platform_user": func(t *testing.T) {
		srv := acctest.StartServer(t)
		acctest.CreatePlatformUsers(t, srv, "empty-cfg")
		emptyList(t, srv, "adminapi_platform_user", 1)
	},
	"list adminapi_user_role": func(t *testing.T) {
		srv := acctest.StartServer(t)
		acctest.CreatePlatformUsers(t, srv, "empty-cfg")
		if _, err := srv.Client.CreateRole(t.Context(), api.CreateRole{Name: "ops"}); err != nil {
			t.Fatal(err)
		}
		if _, err := srv.Client.AssignRole(t.Context(), "empty-cfg", "ops"); err != nil {
			t.Fatal(err)
		}
		emptyList(t, srv, "adminapi_user_role", 1)
	},
	// Finding 9: `action "adminapi_platform_notify" "all" {}` invoked with
	// `terraform apply -invoke=...` failed with a Value Conversion Error.
	"action adminapi_platform_notify": func(t *testing.T) {
		acctest.SkipOnOpenTofu(t, "actions (Terraform 1.14+)")
		acctest.SkipBelowCLI(t, tfversion.Version1_14_0)
		srv := acctest.StartServer(t)
		cli := acctest.NewTerraform(t)
		for _, block := range []string{`action "adminapi_platform_notify" "all" {}`, "action \"adminapi_platform_notify\" \"all\" {\n  config {}\n}"} {
			cli.WriteConfig(t, srv.Config(block+"\n"))
			out, err := cli.Run(t, "apply", "-no-color", "-auto-approve", "-invoke=action.adminapi_platform_notify.all")
			if err != nil || strings.Contains(out, "Value Conversion Error") {
				t.Errorf("%s: terraform apply -invoke=action.adminapi_platform_notify.all: %v\n%s", block, err, out)
			}
		}
	},
}

// emptyDataSource reads data.<typ>.empty, configured with an empty block,
// and checks that attribute holds want.
func emptyDataSource(t *testing.T, srv *acctest.Server, typ, attribute, want string) {
	t.Helper()
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		Steps: []resource.TestStep{{
			Config: srv.Config(`data "` + typ + `" "empty" {}`),
			Check:  resource.TestCheckResourceAttr("data."+typ+".empty", attribute, want),
		}},
	})
}

// emptyList queries list.<typ> with no config block ("none") and with an
// empty one ("empty"): each finds the n objects there are.
func emptyList(t *testing.T, srv *acctest.Server, typ string, n int) {
	t.Helper()
	acctest.SkipOnOpenTofu(t, "list resources or `query` (Terraform 1.14+)")
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		TerraformVersionChecks:   []tfversion.TerraformVersionCheck{tfversion.SkipBelow(tfversion.Version1_14_0)},
		Steps: []resource.TestStep{
			{Config: srv.Config("")},
			{
				Query: true,
				// The provider block is in the configuration of the step before.
				Config: `
list "` + typ + `" "none" {
  provider = adminapi
}

list "` + typ + `" "empty" {
  provider = adminapi
  config {}
}
`,
				QueryResultChecks: []querycheck.QueryResultCheck{
					querycheck.ExpectLength(typ+".none", n),
					querycheck.ExpectLength(typ+".empty", n),
				},
			},
		},
	})
}

// TestEmptyConfigCoversEveryType: every type whose arguments are all
// optional has its case in emptyConfigCases, and no case is left over.
func TestEmptyConfigCoversEveryType(t *testing.T) {
	want := allOptionalTypes(t)
	got := slices.Sorted(maps.Keys(emptyConfigCases))
	if !slices.Equal(got, want) {
		t.Errorf("emptyConfigCases covers %v;\nthe types whose arguments are all optional are %v", got, want)
	}
}

// TestAccEmptyConfig runs each type whose arguments are all optional with
// an empty block, or none: each is a test of its own.
func TestAccEmptyConfig(t *testing.T) {
	for _, typ := range slices.Sorted(maps.Keys(emptyConfigCases)) {
		t.Run(strings.ReplaceAll(typ, " ", "_"), emptyConfigCases[typ])
	}
}
