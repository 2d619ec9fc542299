import {
  to = adminapi_user_role.alice_auditor
  id = "alice-smith/auditor"
}
