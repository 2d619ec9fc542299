# Two users whose passwords are write-only: sent when the user is created
# and again only when password_wo_version changes. A plan whose versions
# are unchanged needs no password; a new or changed version without one
# is an error at plan time.
resource "adminapi_platform_user" "alice" {
  username            = "alice-martin"
  email               = "alice.martin@example.com"
  name                = "Alice Martin"
  password_wo         = var.alice_password
  password_wo_version = 1
}

resource "adminapi_platform_user" "bob" {
  username            = "bob-keller"
  email               = "bob.keller@example.com"
  name                = "Bob Keller"
  password_wo         = var.bob_password
  password_wo_version = 1
}

resource "adminapi_role" "auditor" {
  name        = "auditor"
  description = "Reads the audit log"
}

# Each assignment names the user by its id, so that it is replaced with
# the user (the platform deletes a user's assignments with the user).
resource "adminapi_user_role" "auditor" {
  for_each = {
    alice = adminapi_platform_user.alice.id
    bob   = adminapi_platform_user.bob.id
  }

  username = each.value
  role     = adminapi_role.auditor.name
}
