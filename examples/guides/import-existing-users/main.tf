# users.json maps each username to the attributes below; write it once from
# the API with export-users.sh. From then on it is the source of truth.
locals {
  users = jsondecode(file("${path.module}/users.json"))
}

resource "adminapi_platform_user" "this" {
  for_each = local.users

  # Carry over every attribute an existing user can hold: one left out is
  # planned back to its default (language "en", no external_id, ...).
  username    = each.key
  email       = each.value.email
  name        = each.value.name
  language    = each.value.language
  external_id = each.value.external_id
  tags        = each.value.tags
  metadata    = each.value.metadata
  enabled     = each.value.enabled
  ldap        = each.value.ldap # changing it replaces the user

  # referer and invitation_token keep what the platform holds when omitted.
  # No password: an imported user keeps its own.
}

import {
  for_each = local.users
  to       = adminapi_platform_user.this[each.key]
  id       = each.key
}
