# local.users maps each username to its attributes: read from the platform
# at first (users-from-api.tf), from users.json once frozen
# (users-from-file.tf).

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
  # No password: it is not imported, and a user without one in its
  # configuration keeps its own, untouched.
}

import {
  for_each = local.users
  to       = adminapi_platform_user.this[each.key]
  id       = each.key
}
