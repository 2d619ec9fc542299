# Terraform 1.12+: an account's identity is its id, a UUID.
import {
  to = adminapi_account.acme
  identity = {
    id = "0b9f1c2e-5d4a-4e8b-9c3f-2a1b0c9d8e7f"
  }
}
