# Terraform 1.12+: a platform user's identity is its username.
import {
  to = adminapi_platform_user.alice
  identity = {
    username = "alice"
  }
}
