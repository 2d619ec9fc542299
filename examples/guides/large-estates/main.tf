locals {
  # Every user of the estate, keyed by username, with the roles each holds:
  # one file for all the shards.
  all_users = jsondecode(file("${path.module}/users.json"))

  # The users of this shard. The shard of a username is the first 8 hex
  # digits of the SHA-256 of the lower-cased username, as a number, modulo
  # shard_count: what the provider's shard argument computes.
  users = {
    for username, u in local.all_users : username => u
    if parseint(substr(sha256(lower(username)), 0, 8), 16) % var.shard_count == var.shard_index
  }

  # Their role assignments, keyed by import id "username/role": a user's
  # assignments are in the user's shard.
  user_roles = merge([
    for username, u in local.users : {
      for role in u.roles : "${username}/${role}" => { username = username, role = role }
    }
  ]...)
}

# Remembers which shard this state holds. A plan against it with another
# shard_index or shard_count (a pipeline that points two shards at one
# state) would replace this resource, which prevent_destroy refuses: that
# plan fails, and its destroys of the other shard's users are never applied.
resource "terraform_data" "shard" {
  triggers_replace = "shard ${var.shard_index} of ${var.shard_count}"

  lifecycle {
    prevent_destroy = true
  }
}

resource "adminapi_platform_user" "this" {
  for_each = local.users

  # Every attribute a user can hold: one left out is planned back to its
  # default (language "en", no external_id, ...). No password: a user
  # without one in its configuration keeps its own.
  username    = each.key
  email       = each.value.email
  name        = each.value.name
  language    = each.value.language
  external_id = each.value.external_id
  tags        = each.value.tags
  metadata    = each.value.metadata
  enabled     = each.value.enabled
  ldap        = each.value.ldap # changing it replaces the user
}

# The roles themselves are not users and belong to no shard: a
# configuration of their own manages them, applied before the shards.
resource "adminapi_user_role" "this" {
  for_each = local.user_roles

  # The user's id, so that the assignment is replaced with the user.
  username = adminapi_platform_user.this[each.value.username].id
  role     = each.value.role
}

# With -var adopt=true, import what the state lacks; an object already in
# the state is left as it is.
import {
  for_each = var.adopt ? local.users : {}
  to       = adminapi_platform_user.this[each.key]
  id       = each.key
}

import {
  for_each = var.adopt ? local.user_roles : {}
  to       = adminapi_user_role.this[each.key]
  id       = each.key
}
