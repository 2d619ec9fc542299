# One configuration for every shard of the estate, each planned with its
# own state (see the guide "Large estates"):
#   terraform plan -var shard_index=2
terraform {
  required_version = ">= 1.9" # a variable's validation that reads another
  required_providers {
    adminapi = {
      source  = "adminapi/adminapi"
      version = "~> 1.0"
    }
  }

  # One state per shard, at an address that names the shard and the number
  # of shards: the pipeline sets TF_HTTP_ADDRESS (and the lock addresses)
  # to .../shard-<shard_index>-of-<shard_count> for each. A change of
  # shard_count thus starts new states rather than plan the old ones with
  # another split. Any remote backend does: s3, azurerm and gcs with a key
  # or prefix per shard (-backend-config), never the local one.
  backend "http" {}
}

# The endpoint and the API client come from the environment
# (ADMINAPI_ENDPOINT, ADMINAPI_CLIENT_ID, ADMINAPI_CLIENT_SECRET).
provider "adminapi" {
  # The server allows each client 20 requests a second, and the pipeline
  # runs 4 shards at once as the same client: 20 / 4 each.
  max_requests_per_second = 5
}
