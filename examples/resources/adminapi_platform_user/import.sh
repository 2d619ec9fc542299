# A platform user is imported by its username; no password is needed in the
# configuration of an imported user.
terraform import adminapi_platform_user.alice alice
