# The first plan lists the configured keys as an update; applying it writes
# only the keys whose value differs on the platform.
import {
  to = adminapi_platform_settings.this
  id = "platform_settings"
}
