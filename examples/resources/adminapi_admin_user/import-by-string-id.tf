import {
  to = adminapi_admin_user.ops
  id = "ops"
}
