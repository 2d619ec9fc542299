# The accounts named "Acme Industries" (Terraform 1.14+), shown as
# "<name> (<id>)", with their attributes: `terraform query
# -generate-config-out=generated.tf` writes a resource and an import block
# for each, which plan with no change. Leave config out to list every account.
list "adminapi_account" "acme" {
  provider         = adminapi
  include_resource = true

  config {
    name = "Acme Industries"
  }
}
