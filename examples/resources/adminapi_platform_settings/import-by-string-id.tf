import {
  to = adminapi_platform_settings.this
  id = "platform_settings"
}
