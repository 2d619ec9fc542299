# Every platform user there is, with its attributes, for
#   terraform query -generate-config-out=generated.tf
# Terraform shows at most `limit` results (100 when omitted): set it above
# the number of users.
list "adminapi_platform_user" "existing" {
  provider         = adminapi
  include_resource = true
  limit            = 100000

  # To bring only some users under management, filter them (the filters
  # combine with AND): email, name, enabled, tag, role, external_id.
  # config {
  #   tag = "staff"
  # }
}
