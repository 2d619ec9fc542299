# Where adminapi comes from. A module declares its providers once: when your
# configuration already has a required_providers block, add adminapi to it
# and leave this file out.
terraform {
  required_providers {
    adminapi = { source = "adminapi/adminapi" }
  }
}
