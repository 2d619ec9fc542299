# In place of users-from-api.tf once users.json is written: the file, not
# what exists on the platform, now says which users there are.
locals {
  users = jsondecode(file("${path.module}/users.json"))
}
