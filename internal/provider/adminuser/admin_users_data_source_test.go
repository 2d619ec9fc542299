package adminuser_test

import (
	"context"
	"fmt"
	"maps"
	"reflect"
	"slices"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"
	"github.com/hashicorp/terraform-plugin-testing/tfversion"

	"github.com/adminapi/terraform-provider-adminapi/internal/acctest"
	"github.com/adminapi/terraform-provider-adminapi/internal/api"
)

// bulkAdminUsers is more than one page of 100.
const bulkAdminUsers = 120

const adminUsersConfig = `data "adminapi_admin_users" "all" {}`

func TestAccAdminUsersDataSource(t *testing.T) {
	srv := acctest.StartServer(t)
	bootstrap, err := srv.Client.GetAdminUser(t.Context(), acctest.AdminUsername)
	if err != nil {
		t.Fatal(err)
	}
	// Varied permissions, created in reverse order: the list comes sorted by
	// username all the same.
	variants := []api.Permissions{
		{Users: []string{"read"}},
		{Settings: []string{"read", "update"}, Accounts: []string{"read"}},
		{PlatformUsers: []string{"read", "create", "update", "delete"}},
	}
	permissions := map[string]api.Permissions{}
	for i := range bulkAdminUsers {
		permissions[fmt.Sprintf("bulk-%03d", i)] = variants[i%len(variants)]
	}
	for _, username := range slices.Backward(slices.Sorted(maps.Keys(permissions))) {
		createAdminUsers(t, srv, map[string]api.Permissions{username: permissions[username]})
	}

	at := func(t time.Time) knownvalue.Check { return knownvalue.StringExact(t.UTC().Format(time.RFC3339)) }
	// "admin" sorts before "bulk-".
	want := []knownvalue.Check{knownvalue.ObjectExact(adminUserObject(acctest.AdminUsername, bootstrap.Permissions, at(bootstrap.CreatedAt), at(bootstrap.UpdatedAt)))}
	timestamp := knownvalue.StringRegexp(acctest.RFC3339)
	for _, username := range slices.Sorted(maps.Keys(permissions)) {
		want = append(want, knownvalue.ObjectExact(adminUserObject(username, permissions[username], timestamp, timestamp)))
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config: srv.Config(adminUsersConfig),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue("data.adminapi_admin_users.all", tfjsonpath.New("users"), knownvalue.ListExact(want)),
				},
			},
		},
	})
}

// adminUsersImportConfig brings every admin user but the bootstrap admin
// under management with the data source's objects.
const adminUsersImportConfig = `
data "adminapi_admin_users" "all" {}

locals {
  admins = { for u in data.adminapi_admin_users.all.users : u.username => u if u.username != "admin" }
}

resource "adminapi_admin_user" "this" {
  for_each            = local.admins
  username            = each.value.username
  permissions         = each.value.permissions
  password_wo         = "imported-password"
  password_wo_version = 1
}

import {
  for_each = local.admins
  to       = adminapi_admin_user.this[each.key]
  id       = each.key
}
`

// TestAccAdminUsersDataSource_import feeds the data source's objects to a
// for_each adminapi_admin_user and a for_each import. The resource needs a
// password in the configuration, which no import can read: the plan imports
// every admin user and changes nothing but password_wo_version (the apply
// sets the password), then nothing at all.
func TestAccAdminUsersDataSource_import(t *testing.T) {
	srv := acctest.StartServer(t)
	ctx := t.Context()
	before := createAdminUsers(t, srv, map[string]api.Permissions{
		"imp-reader": {Users: []string{"read"}, Settings: []string{"read"}},
		"imp-none":   {},
		"imp-ops":    {PlatformUsers: api.PermissionGroups[api.GroupPlatformUsers], Accounts: []string{"read"}},
	})
	permissionsKeptAndPasswordSet := apiCheck(func() error {
		for username, u := range before {
			after, err := srv.Client.GetAdminUser(ctx, username)
			if err != nil {
				return err
			}
			if !reflect.DeepEqual(after.Permissions, u.Permissions) {
				return fmt.Errorf("%s: permissions %+v, want %+v", username, after.Permissions, u.Permissions)
			}
			if _, err := srv.Client.Login(ctx, username, "imported-password"); err != nil {
				return fmt.Errorf("%s cannot log in with the configured password: %w", username, err)
			}
		}
		return nil
	})
	onlyBootstrapLeft := apiCheck(func() error {
		l, err := srv.Client.ListAdminUsers(ctx, 0, 1)
		if err != nil {
			return err
		}
		return acctest.Want("number of admin users", l.Total, 1)
	})
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		TerraformVersionChecks:   []tfversion.TerraformVersionCheck{tfversion.SkipBelow(tfversion.Version1_11_0)},
		Steps: []resource.TestStep{
			{
				Config: srv.Config(adminUsersImportConfig),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply:             []plancheck.PlanCheck{importsChangingOnly(len(before), "password_wo_version")},
					PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
				ConfigStateChecks: []statecheck.StateCheck{permissionsKeptAndPasswordSet},
			},
			{
				// terraform-plugin-testing cannot shim a state with for_each
				// instances: destroy them in a step so that the test ends empty.
				Config:            srv.Config(""),
				ConfigStateChecks: []statecheck.StateCheck{onlyBootstrapLeft},
			},
		},
	})
}

// importsChangingOnly checks that the plan imports n resources and updates
// no attribute but changed.
func importsChangingOnly(n int, changed ...string) plancheck.PlanCheck {
	return importCheck{n: n, changed: changed}
}

type importCheck struct {
	n       int
	changed []string
}

func (c importCheck) CheckPlan(_ context.Context, req plancheck.CheckPlanRequest, resp *plancheck.CheckPlanResponse) {
	imported := 0
	for _, rc := range req.Plan.ResourceChanges {
		if rc.Change.Importing == nil {
			resp.Error = fmt.Errorf("%s is not imported", rc.Address)
			return
		}
		before, _ := rc.Change.Before.(map[string]any)
		after, _ := rc.Change.After.(map[string]any)
		var changed []string
		for _, k := range slices.Sorted(maps.Keys(after)) {
			if !reflect.DeepEqual(before[k], after[k]) {
				changed = append(changed, k)
			}
		}
		if !slices.Equal(changed, c.changed) {
			resp.Error = fmt.Errorf("%s: planned %v changing %v, want a change of %v only", rc.Address, rc.Change.Actions, changed, c.changed)
			return
		}
		imported++
	}
	if imported != c.n {
		resp.Error = fmt.Errorf("the plan imports %d resources, want %d", imported, c.n)
	}
}

// apiCheck checks the API's side; unlike a TestCheckFunc it works with
// for_each instances in the state.
func apiCheck(f func() error) statecheck.StateCheck { return apiStateCheck(f) }

type apiStateCheck func() error

func (f apiStateCheck) CheckState(_ context.Context, _ statecheck.CheckStateRequest, resp *statecheck.CheckStateResponse) {
	resp.Error = f()
}
