import {
  to = adminapi_role.auditor
  id = "auditor"
}
