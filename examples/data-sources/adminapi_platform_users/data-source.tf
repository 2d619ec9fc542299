# Every platform user, sorted by username, however many pages the API needs.
# To bring them all under management, see the guide "Bringing existing users
# under management".
data "adminapi_platform_users" "all" {}

# The filters combine with AND: the disabled users tagged "ops".
data "adminapi_platform_users" "disabled_ops" {
  tag     = "ops"
  enabled = false
}

output "user_count" {
  value = length(data.adminapi_platform_users.all.usernames)
}

output "disabled_ops" {
  value = data.adminapi_platform_users.disabled_ops.usernames
}

# One shard of 10: the users whose username falls in shard 3, for a
# workspace that manages that shard only (see the guide "Large estates").
data "adminapi_platform_users" "shard_3" {
  shard = { count = 10, index = 3 }
}
