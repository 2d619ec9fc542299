resource "adminapi_role" "auditor" {
  name = "auditor"
}

# One resource per role held. Referring to the role's name makes Terraform
# unassign it before it destroys the role (the API refuses to delete a role
# that is still assigned).
resource "adminapi_user_role" "alice_auditor" {
  username = "alice-smith"
  role     = adminapi_role.auditor.name
}
