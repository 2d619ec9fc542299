# Every role, sorted by name, however many pages the API needs.
data "adminapi_roles" "existing" {}

# Bring every existing role under management (Terraform 1.7+): the objects
# have the attributes of adminapi_role, so the first plan imports each role
# and changes none.
locals {
  roles = { for r in data.adminapi_roles.existing.roles : r.name => r }
}

resource "adminapi_role" "this" {
  for_each    = local.roles
  name        = each.value.name
  description = each.value.description
}

import {
  for_each = local.roles
  to       = adminapi_role.this[each.key]
  id       = each.key
}
