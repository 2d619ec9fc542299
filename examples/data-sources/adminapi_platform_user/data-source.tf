# One platform user, found by exactly one of username, email or external_id.
data "adminapi_platform_user" "alice" {
  username = "alice"
}

# The e-mail lookup ignores letter case.
data "adminapi_platform_user" "by_email" {
  email = "Alice@Example.com"
}

# The user an identity provider knows by this id (e.g. a Windows SID).
data "adminapi_platform_user" "by_sid" {
  external_id = "S-1-5-21-1004"
}

output "alice_roles" {
  value = data.adminapi_platform_user.alice.roles
}

output "sid_owner" {
  value = data.adminapi_platform_user.by_sid.username
}
