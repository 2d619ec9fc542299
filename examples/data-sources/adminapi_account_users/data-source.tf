# The members of an account with their roles, however many pages the API needs.
data "adminapi_account_users" "acme" {
  account_id = "0b9f1c2e-5d4a-4e8b-9c3f-2a1b0c9d8e7f"
}

output "acme_admins" {
  value = [for u in data.adminapi_account_users.acme.users : u.username if u.role == "admin"]
}

# The members whose username falls in shard 3 of 10: a workspace per shard
# manages each user together with its memberships (see the guide "Large
# estates").
data "adminapi_account_users" "acme_shard_3" {
  account_id = "0b9f1c2e-5d4a-4e8b-9c3f-2a1b0c9d8e7f"
  shard      = { count = 10, index = 3 }
}
