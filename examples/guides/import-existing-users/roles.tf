# One adminapi_user_role per role a user holds, keyed by its import id
# "username/role".
locals {
  user_roles = merge([
    for username, u in local.users : {
      for role in u.roles : "${username}/${role}" => { username = username, role = role }
    }
  ]...)
}

resource "adminapi_user_role" "this" {
  for_each = local.user_roles

  # The user's id, not its username: the id is unknown while the user is
  # being replaced, so the assignment is replaced with it (the platform
  # deletes a user's assignments with the user).
  username = adminapi_platform_user.this[each.value.username].id
  role     = each.value.role
}

import {
  for_each = local.user_roles
  to       = adminapi_user_role.this[each.key]
  id       = each.key
}
