resource "adminapi_account" "acme" {
  name = "Acme Industries"
}

# Terraform 1.14+: a new activation code for the account, valid 60 minutes,
# on demand (the previous code stops working):
#   terraform apply -invoke=action.adminapi_account_activation_code_refresh.acme
# The code is never printed nor stored: read it with the
# adminapi_account_activation_code ephemeral resource.
action "adminapi_account_activation_code_refresh" "acme" {
  config {
    account_id = adminapi_account.acme.id
  }
}
