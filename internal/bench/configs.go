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

// usersLocal declares local.users: username => index, for n users.
func usersLocal(n int) string {
	return fmt.Sprintf("locals {\n  users = { for i in range(%d) : format(\"bench-%%05d\", i) => i }\n}\n", n)
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
