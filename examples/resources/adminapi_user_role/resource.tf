resource "adminapi_platform_user" "alice" {
  username = "alice-smith"
  email    = "alice.smith@example.com"
  ldap     = true
}

resource "adminapi_role" "auditor" {
  name = "auditor"
}

# One resource per role held. Refer to the user's id, not its username: when
# the user is replaced (a changed username or ldap, say), the platform deletes
# its role assignments with it, and the id, unknown until the new user exists,
# replaces the assignment in the same plan. Referring to the role's name makes
# Terraform unassign it before it destroys the role (the API refuses to delete
# a role that is still assigned).
resource "adminapi_user_role" "alice_auditor" {
  username = adminapi_platform_user.alice.id
  role     = adminapi_role.auditor.name
}
