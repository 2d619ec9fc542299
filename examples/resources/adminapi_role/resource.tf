resource "adminapi_role" "auditor" {
  name        = "auditor"
  description = "Read-only access to audit trails"
}
