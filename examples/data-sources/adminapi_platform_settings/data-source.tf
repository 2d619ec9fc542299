# The whole settings document, read at every plan; secret-valued keys
# (such as MACHINES_AND_PLATFORM_SETTINGS.REGISTER_ADMIN_KEY) are left out.
data "adminapi_platform_settings" "this" {}

output "account_deletion" {
  # Each value is JSON-encoded.
  value = jsondecode(data.adminapi_platform_settings.this.settings["API_SETTINGS"]["ACCOUNT_DELETION"])
}

output "email_enabled" {
  # Or decode the whole document at once.
  value = jsondecode(data.adminapi_platform_settings.this.settings_json).EMAIL_SETTINGS.EMAIL_ENABLED
}

output "secret_keys" {
  value = data.adminapi_platform_settings.this.secret_keys # ["API_SETTINGS.INVITATION_TOKENS", ...]
}
