# Every admin user, sorted by username, however many pages the API needs.
data "adminapi_admin_users" "all" {}

output "settings_editors" {
  value = [
    for u in data.adminapi_admin_users.all.users : u.username
    if contains(lookup(u.permissions, "settings", []), "update")
  ]
}

# The admin users of shard 3 of 10 (see the guide "Large estates").
data "adminapi_admin_users" "shard_3" {
  shard = { count = 10, index = 3 }
}
