# Every admin user, sorted by username, however many pages the API needs.
data "adminapi_admin_users" "all" {}

output "settings_editors" {
  value = [
    for u in data.adminapi_admin_users.all.users : u.username
    if contains(lookup(u.permissions, "settings", []), "update")
  ]
}
