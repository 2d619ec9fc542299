# Manages only the keys written here; every other key of the platform's
# settings keeps whatever value it has. Destroying this resource only stops
# managing the keys: the platform keeps their values.
resource "adminapi_platform_settings" "this" {
  settings = {
    API_SETTINGS = {
      # Only while this list holds "adminToken" may the API delete platform users.
      ACCOUNT_DELETION = jsonencode(["adminToken"])
      VERSIONING_SETTINGS = jsonencode({
        forceKeepHistory = true
        deletionMode     = "keep-attachments"
      })
    }
    EMAIL_SETTINGS = {
      EMAIL_ENABLED        = jsonencode(true)
      EMAIL_SENDER_ADDRESS = jsonencode("no-reply@platform.example.com")
    }
    TOKEN_SETTINGS = {
      ACCESS_TOKEN_TTL_SECONDS = jsonencode(1800)
    }
  }

  # After each change, tell the follower machines' core and register services.
  notify_services = ["core", "register"]
}
