output "admin_username" {
  description = "The support desk's admin user."
  value       = adminapi_admin_user.support.username
}

output "platform_usernames" {
  description = "Every platform user the demo manages."
  value       = concat([for u in adminapi_platform_user.staff : u.username], [adminapi_platform_user.auditor.username])
}

output "role_assignments" {
  description = "The role assigned to each platform user."
  value = merge(
    { for a in adminapi_user_role.staff : a.username => a.role },
    { (adminapi_user_role.auditor.username) = adminapi_user_role.auditor.role },
  )
}

output "role_names" {
  description = "The roles the demo defines."
  value       = [adminapi_role.analyst.name, adminapi_role.auditor.name]
}

output "account_id" {
  description = "The UUID the platform gave the Acme Sensors account."
  value       = adminapi_account.acme.id
}

output "account_members" {
  description = "The account's members and their role in it."
  value = {
    (adminapi_account_user.alice.username) = adminapi_account_user.alice.role
    (adminapi_account_user.bruno.username) = adminapi_account_user.bruno.role
  }
}

output "managed_settings" {
  description = "The settings keys the demo manages, as GROUP.KEY."
  value       = flatten([for g, keys in adminapi_platform_settings.this.settings : [for k, _ in keys : "${g}.${k}"]])
}
