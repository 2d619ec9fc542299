# One admin user by username. The password is never read.
data "adminapi_admin_user" "ops" {
  username = "ops"
}

output "ops_may_change_settings" {
  value = contains(lookup(data.adminapi_admin_user.ops.permissions, "settings", []), "update")
}
