# The roles, and which platform user holds which, for
#   terraform query -generate-config-out=generated.tf
# beside users.tfquery.hcl. The generated assignments name their user and
# role as strings: the guide shows how to point them at the blocks of the
# users and roles instead, and how to name every block after what it holds.
list "adminapi_role" "existing" {
  provider         = adminapi
  include_resource = true
  limit            = 100000
}

list "adminapi_user_role" "existing" {
  provider         = adminapi
  include_resource = true
  limit            = 100000

  # Only the roles of one user, or only the holders of one role (one of the
  # two):
  # config {
  #   role = "auditor"
  # }
}
