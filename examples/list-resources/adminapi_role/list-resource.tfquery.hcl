# Every role (Terraform 1.14+), with its attributes: `terraform query
# -generate-config-out=generated.tf` writes a resource and an import block
# for each, which plan with no change.
list "adminapi_role" "all" {
  provider         = adminapi
  include_resource = true
  limit            = 1000 # Terraform's default is 100
}
