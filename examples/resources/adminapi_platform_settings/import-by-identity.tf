# Terraform 1.12+: the platform has one settings document, whose identity's
# only id is "platform_settings". As with an import by id, the first plan
# lists the configured keys as an update; applying it writes only the keys
# whose value differs on the platform.
import {
  to = adminapi_platform_settings.this
  identity = {
    id = "platform_settings"
  }
}
