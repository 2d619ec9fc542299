# In a pipeline: OAuth2 client credentials of an API client declared in the
# server's configuration. Prefer the environment there:
#   ADMINAPI_ENDPOINT, ADMINAPI_CLIENT_ID, ADMINAPI_CLIENT_SECRET
provider "adminapi" {
  endpoint                = "https://lead.example.com"
  client_id               = "ci-pipeline"
  client_secret           = var.client_secret
  max_requests_per_second = 20
  permission_check        = "error" # the plan fails before any write the client is not allowed
}

variable "client_secret" {
  type      = string
  sensitive = true
}
