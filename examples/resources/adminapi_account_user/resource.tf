resource "adminapi_account" "acme" {
  name = "Acme Industries"
}

resource "adminapi_account_user" "alice" {
  account_id = adminapi_account.acme.id
  username   = "alice-smith"
  role       = "admin"
}

# Changing "user" to "admin" is an in-place update. Changing "admin" back to
# "user" replaces the membership (the API refuses to revoke admin rights), and
# the account must keep another admin while it has other members.
resource "adminapi_account_user" "bob" {
  account_id = adminapi_account.acme.id
  username   = "bob-jones"
  role       = "user"
}
