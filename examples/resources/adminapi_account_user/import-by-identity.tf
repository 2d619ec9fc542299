# Terraform 1.12+: a membership's identity is the account's id and the
# user's username.
import {
  to = adminapi_account_user.bob
  identity = {
    account_id = "0b9f1c2e-5d4a-4e8b-9c3f-2a1b0c9d8e7f"
    username   = "bob-jones"
  }
}
