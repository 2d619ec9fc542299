# The users of one shard and their role assignments, for
#   terraform query -json -var shard_index=2 > shard-2.json
# (Terraform 1.14+), which users-from-query.jq turns into users.json.
# Terraform shows at most `limit` results (100 when omitted): set it above
# the number of users.
list "adminapi_platform_user" "shard" {
  provider         = adminapi
  include_resource = true
  limit            = 100000

  config {
    shard = { count = var.shard_count, index = var.shard_index }
  }
}

list "adminapi_user_role" "shard" {
  provider = adminapi
  limit    = 100000

  config {
    shard = { count = var.shard_count, index = var.shard_index }
  }
}
