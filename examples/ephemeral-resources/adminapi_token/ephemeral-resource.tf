# A login as ops for this run only (Terraform 1.10+): the token is never
# stored in the plan or the state, and is revoked when the run ends.
ephemeral "adminapi_token" "ops" {
  username = "ops"
  password = var.ops_password
}

variable "ops_password" {
  type      = string
  sensitive = true
  ephemeral = true
}

# Act as ops through a second provider configuration.
provider "adminapi" {
  alias    = "ops"
  endpoint = "https://lead.example.com"
  token    = ephemeral.adminapi_token.ops.token
}

resource "adminapi_role" "auditor" {
  provider = adminapi.ops
  name     = "auditor"
}

# Without arguments, the token is obtained with the provider's own
# credentials, e.g. for another tool that calls the admin API:
# ephemeral "adminapi_token" "this" {}
