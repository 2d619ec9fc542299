resource "adminapi_account" "acme" {
  name = "Acme Industries"
}

resource "adminapi_platform_user" "alice" {
  username = "alice-smith"
  email    = "alice.smith@example.com"
  ldap     = true
}

resource "adminapi_platform_user" "bob" {
  username = "bob-jones"
  email    = "bob.jones@example.com"
  ldap     = true
}

# Refer to the user's id, not its username: when the user is replaced (a
# changed username or ldap, say), the platform deletes its memberships with
# it, and the id, unknown until the new user exists, replaces the membership
# in the same plan.
resource "adminapi_account_user" "alice" {
  account_id = adminapi_account.acme.id
  username   = adminapi_platform_user.alice.id
  role       = "admin"
}

# Changing "user" to "admin" is an in-place update. Changing "admin" back to
# "user" replaces the membership (the API refuses to revoke admin rights), and
# the account must keep another admin while it has other members.
resource "adminapi_account_user" "bob" {
  account_id = adminapi_account.acme.id
  username   = adminapi_platform_user.bob.id
  role       = "user"
}
