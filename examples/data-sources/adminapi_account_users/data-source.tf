# The members of an account with their roles, however many pages the API needs.
data "adminapi_account_users" "acme" {
  account_id = "0b9f1c2e-5d4a-4e8b-9c3f-2a1b0c9d8e7f"
}

output "acme_admins" {
  value = [for u in data.adminapi_account_users.acme.users : u.username if u.role == "admin"]
}
