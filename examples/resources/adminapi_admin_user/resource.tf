variable "ops_password" {
  type      = string
  sensitive = true
}

# An admin user for the operations team. The password is write-only
# (Terraform 1.11+): it is never stored in the plan or the state. Bump
# password_wo_version to set a new one.
resource "adminapi_admin_user" "ops" {
  username = "ops"

  password_wo         = var.ops_password
  password_wo_version = 1

  permissions = {
    users          = ["read"]
    settings       = ["read", "update"]
    platform_users = ["read", "create", "update"]
    # accounts omitted: no account permissions
  }
}
