package bench

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
)

// Every platform user of the bench: ldap (no password, so no bcrypt), one
// tag, the tag also finding them again.
const (
	userTag     = "bench"
	driftedName = "Changed outside Terraform"
)

func username(i int) string { return fmt.Sprintf("bench-%05d", i) }

func userEmail(name string) string { return name + "@example.com" }

func userName(i int) string { return fmt.Sprintf("Bench user %d", i) }

// rangeLimit is the most values Terraform's range answers (1,024); the
// bench counts in blocks of rangeBlock so that any N works.
const (
	rangeLimit = 1024
	rangeBlock = 1000
)

// usersLocal declares local.users: username => index, for n users. Up to
// 1,024 users it is one range; above, the product of two ranges (blocks of
// 1,000 and the index within a block), cut at n.
func usersLocal(n int) string {
	if n <= rangeLimit {
		return fmt.Sprintf("locals {\n  users = { for i in range(%d) : format(\"bench-%%05d\", i) => i }\n}\n", n)
	}
	blocks := (n + rangeBlock - 1) / rangeBlock
	return fmt.Sprintf(`locals {
  # range answers at most 1,024 values: blocks of %[2]d times the index in a block.
  users = {
    for p in setproduct(range(%[1]d), range(%[2]d)) :
    format("bench-%%05d", p[0] * %[2]d + p[1]) => p[0] * %[2]d + p[1]
    if p[0] * %[2]d + p[1] < %[3]d
  }
}
`, blocks, rangeBlock, n)
}

// oursProvider is ours' provider block; endpoint and credentials come from
// ADMINAPI_* in the environment.
func oursProvider(clientLimit float64) string {
	return fmt.Sprintf(`terraform {
  required_providers {
    adminapi = {
      source  = "adminapi/adminapi"
      version = %q
    }
  }
}

provider "adminapi" {
  max_requests_per_second = %g
}
`, oursVersion, clientLimit)
}

// oursUsers is the configuration of n users with ours.
func oursUsers(n int, clientLimit float64) string {
	return oursProvider(clientLimit) + "\n" + usersLocal(n) + `
resource "adminapi_platform_user" "u" {
  for_each = local.users

  username = each.key
  email    = "${each.key}@example.com"
  name     = "Bench user ${each.value}"
  ldap     = true
  tags     = ["` + userTag + `"]
}
`
}

// peerProvider is the peer's provider block: the token the bench got from
// POST /auth/login goes in a header, objects are found by username, a
// create answers the object (so no read after it), updates are PATCHes.
// A clientLimit above 0 sets its own rate limit.
func peerProvider(clientLimit float64) string {
	limit := ""
	if clientLimit > 0 {
		limit = fmt.Sprintf("  rate_limit           = %g\n", clientLimit)
	}
	return fmt.Sprintf(`terraform {
  required_providers {
    restapi = {
      source  = "Mastercard/restapi"
      version = %q
    }
  }
}

variable "endpoint" {
  type = string
}

variable "token" {
  type      = string
  sensitive = true
}

provider "restapi" {
  uri                  = var.endpoint
  headers              = { Authorization = "Bearer ${var.token}" }
  id_attribute         = "username"
  write_returns_object = true
  update_method        = "PATCH"
  timeout              = 30
%s}
`, peerVersion, limit)
}

// peerUsers is the configuration of n users with the peer; update_data
// holds the fields PATCH takes.
func peerUsers(n int, clientLimit float64) string {
	return peerProvider(clientLimit) + "\n" + usersLocal(n) + `
resource "restapi_object" "u" {
  for_each = local.users

  path = "/platform-users"
  data = jsonencode({
    username = each.key
    email    = "${each.key}@example.com"
    name     = "Bench user ${each.value}"
    ldap     = true
    tags     = ["` + userTag + `"]
  })
  update_data = jsonencode({
    email = "${each.key}@example.com"
    name  = "Bench user ${each.value}"
    tags  = ["` + userTag + `"]
  })
}
`
}

// peerImport adds import blocks by id (<path>/<username>) to peerUsers.
func peerImport(n int, clientLimit float64) string {
	return peerUsers(n, clientLimit) + `
import {
  for_each = local.users
  to       = restapi_object.u[each.key]
  id       = "/platform-users/${each.key}"
}
`
}

// guideFiles are the files of the bulk-import guide that the for_each
// import runs, as committed under examples/.
var guideFiles = []string{"main.tf", "roles.tf", "users-from-api.tf"}

const guideDir = "examples/guides/import-existing-users"

// writeConfig empties dir (but for .terraform and its lock file, so that
// init runs once) and writes files into it; a value starting with "@" is
// copied from that path under root.
func writeConfig(root, dir string, files map[string]string) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	old, err := os.ReadDir(dir)
	if err != nil {
		return err
	}
	for _, e := range old {
		if e.Name() == ".terraform" || e.Name() == ".terraform.lock.hcl" {
			continue
		}
		if err := os.RemoveAll(filepath.Join(dir, e.Name())); err != nil {
			return err
		}
	}
	for name, content := range files {
		if from, ok := strings.CutPrefix(content, "@"); ok {
			raw, err := os.ReadFile(filepath.Join(root, from))
			if err != nil {
				return err
			}
			content = string(raw)
		}
		if err := os.WriteFile(filepath.Join(dir, name), []byte(content), 0o600); err != nil {
			return err
		}
	}
	return nil
}

// shardExpr is the shard of username among count, in HCL (shard.Of).
func shardExpr(username string, count int) string {
	return fmt.Sprintf("parseint(substr(sha256(lower(%s)), 0, 8), 16) %% %d", username, count)
}

// oursShard is the configuration of shard index among count of n users
// with ours: the users whose shard it is, and an import block for each
// (the import id of a platform user is its username).
func oursShard(n, count, index int, clientLimit float64) string {
	return oursProvider(clientLimit) + "\n" + usersLocal(n) + fmt.Sprintf(`
locals {
  # This shard's users: shard %[2]d of %[1]d.
  shard_users = { for k, v in local.users : k => v if %[3]s == %[2]d }
}

resource "adminapi_platform_user" "u" {
  for_each = local.shard_users

  username = each.key
  email    = "${each.key}@example.com"
  name     = "Bench user ${each.value}"
  ldap     = true
  tags     = ["`+userTag+`"]
}

import {
  for_each = local.shard_users
  to       = adminapi_platform_user.u[each.key]
  id       = each.key
}
`, count, index, shardExpr("k", count))
}
