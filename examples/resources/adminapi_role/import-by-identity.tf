# Terraform 1.12+: a role's identity is its name.
import {
  to = adminapi_role.auditor
  identity = {
    name = "auditor"
  }
}
