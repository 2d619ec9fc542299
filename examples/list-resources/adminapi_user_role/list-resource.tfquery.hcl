# Every role assignment of every platform user (Terraform 1.14+), shown as
# "<username> has <role>"; with include_resource, `terraform query
# -generate-config-out=generated.tf` writes a resource and an import block
# for each, which plan with no change.
list "adminapi_user_role" "all" {
  provider         = adminapi
  include_resource = true
  limit            = 10000 # Terraform's default is 100
}

# The holders of one role; `username = "alice-smith"` instead lists that
# user's roles. Give at most one of the two.
list "adminapi_user_role" "auditors" {
  provider = adminapi

  config {
    role = "auditor"
  }
}

# The assignments of the users of shard 3 of 10: they go with their users
# into that shard's workspace (see the guide "Large estates").
list "adminapi_user_role" "shard_3" {
  provider         = adminapi
  include_resource = true
  limit            = 10000

  config {
    shard = { count = 10, index = 3 }
  }
}
