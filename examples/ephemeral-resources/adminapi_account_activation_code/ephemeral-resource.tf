resource "adminapi_account" "acme" {
  name = "Acme Industries"
}

# Read at every plan and apply, never stored in the plan or the state
# (Terraform 1.10+).
ephemeral "adminapi_account_activation_code" "acme" {
  account_id = adminapi_account.acme.id
  # refresh = true # a new code, valid 60 minutes, at every plan and apply
}

# Hand it on only where Terraform keeps it out of the state: a write-only
# argument (Terraform 1.11+) such as a secret store's
#   secret_string_wo         = ephemeral.adminapi_account_activation_code.acme.activation_code
#   secret_string_wo_version = 1 # bump it to send the current code again
# or a provider configuration.
