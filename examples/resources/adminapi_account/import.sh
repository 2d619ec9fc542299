# An account is imported by its id, a UUID.
terraform import adminapi_account.acme 0b9f1c2e-5d4a-4e8b-9c3f-2a1b0c9d8e7f
