# Terraform 1.12+: an admin user's identity is its username.
import {
  to = adminapi_admin_user.ops
  identity = {
    username = "ops"
  }
}
