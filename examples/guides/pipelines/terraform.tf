# The configuration a pipeline plans and applies (see the guide "Running
# Terraform in a pipeline"). Commit .terraform.lock.hcl beside it, so that
# every job installs the same provider version.
terraform {
  required_version = ">= 1.11" # write-only passwords and ephemeral variables
  required_providers {
    adminapi = {
      source  = "adminapi/adminapi"
      version = "~> 1.0"
    }
  }

  # The state lives where every job finds it. The http backend reads its
  # address and credentials from TF_HTTP_ADDRESS, TF_HTTP_USERNAME,
  # TF_HTTP_PASSWORD, ...; GitLab provides one for each project. Any
  # remote backend does (s3, azurerm, gcs, ...): never the local one.
  backend "http" {}
}

# Everything comes from the environment the pipeline sets:
# ADMINAPI_ENDPOINT, ADMINAPI_CLIENT_ID and ADMINAPI_CLIENT_SECRET (an API
# client of the server's), and ADMINAPI_PERMISSION_CHECK.
provider "adminapi" {
  # The server allows each caller 20 requests a second: stay at its limit
  # rather than meet it with 429 answers.
  max_requests_per_second = 20
}
