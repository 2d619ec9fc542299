# The enabled platform users tagged "staff" (Terraform 1.14+), with their
# attributes: `terraform query -generate-config-out=generated.tf` writes a
# resource and an import block for each, which plan with no change.
list "adminapi_platform_user" "staff" {
  provider         = adminapi
  include_resource = true
  limit            = 10000 # Terraform's default is 100

  config {
    tag     = "staff"
    enabled = true
  }
}

# Shard 3 of 10 (see the guide "Large estates"): the users of one
# workspace, to import them shard by shard.
list "adminapi_platform_user" "shard_3" {
  provider         = adminapi
  include_resource = true
  limit            = 10000

  config {
    shard = { count = 10, index = 3 }
  }
}
