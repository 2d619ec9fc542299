# Forgets every object of an old shard's state, deleting nothing: after a
# change of shard_count, once the new shards have adopted their users (see
# the guide "Large estates"). Run it with the old state's address:
#   TF_HTTP_ADDRESS=.../shard-1-of-4 terraform init && terraform apply
terraform {
  required_version = ">= 1.7" # removed blocks
  required_providers {
    adminapi = {
      source  = "adminapi/adminapi"
      version = "~> 1.0"
    }
  }
  backend "http" {}
}

removed {
  from = adminapi_user_role.this
  lifecycle {
    destroy = false
  }
}

removed {
  from = adminapi_platform_user.this
  lifecycle {
    destroy = false
  }
}

removed {
  from = terraform_data.shard
  lifecycle {
    destroy = false
  }
}
