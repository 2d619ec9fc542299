# Every platform user there is now, keyed by username.
data "adminapi_platform_users" "existing" {}

locals {
  users = { for u in data.adminapi_platform_users.existing.users : u.username => u }
}

# What main.tf and roles.tf use of each user. Freeze it with
#   terraform output -json users > users.json
output "users" {
  value = {
    for username, u in local.users : username => {
      email       = u.email
      name        = u.name
      language    = u.language
      external_id = u.external_id
      tags        = u.tags
      metadata    = u.metadata
      enabled     = u.enabled
      ldap        = u.ldap
      roles       = u.roles
    }
  }
}
