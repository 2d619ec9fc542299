# The members of an account (Terraform 1.14+), shown as "<username> (<role>)",
# with their attributes: `terraform query -generate-config-out=generated.tf`
# writes a resource and an import block for each, which plan with no change.
list "adminapi_account_user" "acme" {
  provider         = adminapi
  include_resource = true
  limit            = 10000 # Terraform's default is 100

  config {
    account_id = "0b9f1c2e-5d4a-4e8b-9c3f-2a1b0c9d8e7f"
  }
}

# The members of the account whose username falls in shard 3 of 10 (see the
# guide "Large estates").
list "adminapi_account_user" "acme_shard_3" {
  provider         = adminapi
  include_resource = true
  limit            = 10000

  config {
    account_id = "0b9f1c2e-5d4a-4e8b-9c3f-2a1b0c9d8e7f"
    shard      = { count = 10, index = 3 }
  }
}
