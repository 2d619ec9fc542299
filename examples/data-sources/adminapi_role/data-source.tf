# One role by name.
data "adminapi_role" "auditor" {
  name = "auditor"
}

output "auditor_description" {
  value = data.adminapi_role.auditor.description # null when the role has none
}
