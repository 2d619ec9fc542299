# An admin user is imported by its username. Its password cannot be read
# back: set password_wo and password_wo_version after the import to manage it.
terraform import adminapi_admin_user.ops ops
