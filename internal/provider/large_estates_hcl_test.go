package provider_test

import (
	"encoding/json"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/adminapi/terraform-provider-adminapi/internal/acctest"
	"github.com/adminapi/terraform-provider-adminapi/internal/api"
	"github.com/adminapi/terraform-provider-adminapi/internal/shard"
)

// TestAccLargeEstates_hclAgrees: over 200 platform users (67 of them
// members of an account) and 13 admin users, the data sources
// adminapi_platform_users, adminapi_admin_users and adminapi_account_users
// with shard = { count = K, index = i } keep, for K = 3 and 10 and every
// i, exactly the users for which the guide's HCL expression gives i: a
// postcondition checks every username they return in HCL, a check that
// the shards of each K cover every user once; the test checks the same
// against internal/shard. Terraform's sha256, lower and
// parseint give the guide's test vectors.
func TestAccLargeEstates_hclAgrees(t *testing.T) {
	tf := acctest.NewTerraform(t)
	srv := acctest.StartServer(t)
	users := acctest.NumberedNames("estate-user", 200)
	ldap := true
	account, err := srv.Client.CreateAccount(t.Context(), api.AccountInput{Name: "estate"})
	if err != nil {
		t.Fatal(err)
	}
	var members []string
	for i, u := range users {
		if _, err := srv.Client.CreatePlatformUser(t.Context(), api.CreatePlatformUser{Username: u, Email: u + "@example.com", LDAP: &ldap}); err != nil {
			t.Fatal(err)
		}
		if i%3 == 0 {
			if _, err := srv.Client.SetAccountMember(t.Context(), account.ID, u, "user"); err != nil {
				t.Fatal(err)
			}
			members = append(members, u)
		}
	}
	admins := []string{acctest.AdminUsername}
	for _, a := range acctest.NumberedNames("estate-admin", 12) {
		if _, err := srv.Client.CreateAdminUser(t.Context(), api.CreateAdminUser{Username: a, Password: "estate-admin-password",
			Permissions: api.Permissions{Users: []string{}, Settings: []string{}, PlatformUsers: []string{}, Accounts: []string{}}}); err != nil {
			t.Fatal(err)
		}
		admins = append(admins, a)
	}
	slices.Sort(admins)
	vectors := largeEstatesVectors(t)
	var names []string
	for _, v := range vectors {
		names = append(names, strconv.Quote(v.username))
	}
	shardOf := func(username, k string) string {
		return strings.NewReplacer("username", username, "K", k).Replace(largeEstatesHCL)
	}
	tf.WriteConfig(t, srv.ProviderBlock()+fmt.Sprintf(`
locals {
  splits = merge([
    for k in [3, 10] : { for i in range(k) : "${k}/${i}" => { count = k, index = i } }
  ]...)
}

data "adminapi_platform_users" "all" {}

data "adminapi_platform_users" "shard" {
  for_each = local.splits
  shard    = { count = each.value.count, index = each.value.index }

  lifecycle {
    postcondition {
      condition     = alltrue([for u in self.usernames : %[1]s == each.value.index])
      error_message = "A username is outside its shard: ${join(", ", [for u in self.usernames : u if %[1]s != each.value.index])}"
    }
  }
}

data "adminapi_admin_users" "all" {}

data "adminapi_admin_users" "shard" {
  for_each = local.splits
  shard    = { count = each.value.count, index = each.value.index }

  lifecycle {
    postcondition {
      condition     = alltrue([for u in self.users[*].username : %[1]s == each.value.index])
      error_message = "An admin username is outside its shard."
    }
  }
}

data "adminapi_account_users" "all" {
  account_id = %[5]q
}

data "adminapi_account_users" "shard" {
  for_each   = local.splits
  account_id = %[5]q
  shard      = { count = each.value.count, index = each.value.index }

  lifecycle {
    postcondition {
      condition     = alltrue([for u in self.users[*].username : %[1]s == each.value.index])
      error_message = "A member's username is outside its shard."
    }
  }
}

check "cover" {
  assert {
    condition = alltrue(flatten([
      for k in [3, 10] : [
        sort(flatten([for i in range(k) : data.adminapi_platform_users.shard["${k}/${i}"].usernames])) == sort(data.adminapi_platform_users.all.usernames),
        sort(flatten([for i in range(k) : data.adminapi_admin_users.shard["${k}/${i}"].users[*].username])) == sort(data.adminapi_admin_users.all.users[*].username),
        sort(flatten([for i in range(k) : data.adminapi_account_users.shard["${k}/${i}"].users[*].username])) == sort(data.adminapi_account_users.all.users[*].username),
      ]
    ]))
    error_message = "The shards of some K do not hold every user exactly once."
  }
}

output "shards" {
  value = { for key, d in data.adminapi_platform_users.shard : key => d.usernames }
}

output "admin_shards" {
  value = { for key, d in data.adminapi_admin_users.shard : key => d.users[*].username }
}

output "member_shards" {
  value = { for key, d in data.adminapi_account_users.shard : key => d.users[*].username }
}

output "all" {
  value = data.adminapi_platform_users.all.usernames
}

output "vectors" {
  value = {
    for username in [%[2]s] : username => {
      hash   = substr(sha256(lower(username)), 0, 8)
      number = parseint(substr(sha256(lower(username)), 0, 8), 16)
      of10   = %[3]s
      of3    = %[4]s
    }
  }
}
`, shardOf("u", "each.value.count"), strings.Join(names, ", "), shardOf("username", "10"), shardOf("username", "3"), account.ID))

	out, err := tf.Run(t, "apply", "-auto-approve", "-no-color")
	if err != nil || strings.Contains(out, "Warning: Check block assertion failed") {
		t.Fatalf("terraform apply: %v\n%s", err, out)
	}
	var outputs struct {
		Shards       struct{ Value map[string][]string } `json:"shards"`
		AdminShards  struct{ Value map[string][]string } `json:"admin_shards"`
		MemberShards struct{ Value map[string][]string } `json:"member_shards"`
		All          struct{ Value []string }            `json:"all"`
		// number is a JSON number that may exceed what a float64 holds
		// exactly: read as text.
		Vectors struct {
			Value map[string]struct {
				Hash   string      `json:"hash"`
				Number json.Number `json:"number"`
				Of10   int64       `json:"of10"`
				Of3    int64       `json:"of3"`
			}
		} `json:"vectors"`
	}
	dec := json.NewDecoder(strings.NewReader(tf.MustRun(t, "output", "-json")))
	dec.UseNumber()
	if err := dec.Decode(&outputs); err != nil {
		t.Fatal(err)
	}

	if !slices.Equal(slices.Sorted(slices.Values(outputs.All.Value)), users) {
		t.Fatalf("data.adminapi_platform_users.all holds %d users, want the %d created", len(outputs.All.Value), len(users))
	}
	for _, c := range []struct {
		what   string
		shards map[string][]string
		want   []string
	}{
		{"platform users", outputs.Shards.Value, users},
		{"admin users", outputs.AdminShards.Value, admins},
		{"members", outputs.MemberShards.Value, members},
	} {
		for _, k := range []int64{3, 10} {
			got := map[int][]string{}
			for i := range k {
				got[int(i)] = c.shards[fmt.Sprintf("%d/%d", k, i)]
			}
			if err := largeEstatesSplit(got, c.want, k); err != nil {
				t.Errorf("%s, K = %d: %v", c.what, k, err)
			}
		}
	}
	for _, v := range vectors {
		got, ok := outputs.Vectors.Value[v.username]
		if !ok {
			t.Errorf("%s: no output", v.username)
			continue
		}
		if got.Hash != v.hash || got.Number.String() != strconv.FormatUint(v.number, 10) || got.Of10 != v.of10 || got.Of3 != v.of3 {
			t.Errorf("%s: Terraform computes hash %s, number %s, shard %d of 10, %d of 3; the guide gives %s, %d, %d, %d",
				v.username, got.Hash, got.Number, got.Of10, got.Of3, v.hash, v.number, v.of10, v.of3)
		}
	}
}

// largeEstatesSplit checks that shards (index -> usernames) are the split
// of users into k shards by internal/shard: each user once, in its shard.
func largeEstatesSplit(shards map[int][]string, users []string, k int64) error {
	var problems []string
	seen := map[string]bool{}
	for i, names := range shards {
		for _, u := range names {
			if s := shard.Of(u, k); s != int64(i) {
				problems = append(problems, fmt.Sprintf("%s in shard %d, its shard is %d", u, i, s))
			}
			if seen[u] {
				problems = append(problems, u+" twice")
			}
			seen[u] = true
		}
	}
	for _, u := range users {
		if !seen[u] {
			problems = append(problems, u+" in no shard")
		}
	}
	if len(seen) != len(users) {
		problems = append(problems, fmt.Sprintf("%d users in the shards, want %d", len(seen), len(users)))
	}
	if len(problems) > 0 {
		return fmt.Errorf("%s", strings.Join(problems, "; "))
	}
	return nil
}
