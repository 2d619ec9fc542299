# Terraform 1.12+: an assignment's identity is the user's username and the
# role's name.
import {
  to = adminapi_user_role.alice_auditor
  identity = {
    username = "alice-smith"
    role     = "auditor"
  }
}
