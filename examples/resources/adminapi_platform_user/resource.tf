variable "alice_password" {
  type      = string
  sensitive = true
}

resource "adminapi_platform_user" "alice" {
  username    = "alice"
  email       = "alice@example.com"
  name        = "Alice Martin"
  language    = "fr"
  external_id = "S-1-5-21-1004336348-1177238915-682003330-512"

  password_wo         = var.alice_password
  password_wo_version = 1

  tags = ["eu", "research"]
  metadata = {
    department = "research"
    site       = "lyon"
  }
}

# A user who authenticates with LDAP has no password here.
resource "adminapi_platform_user" "bob" {
  username = "bob-ldap"
  email    = "bob@example.com"
  ldap     = true
  enabled  = false
}
