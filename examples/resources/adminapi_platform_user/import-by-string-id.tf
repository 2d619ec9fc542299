import {
  to = adminapi_platform_user.alice
  id = "alice"
}
