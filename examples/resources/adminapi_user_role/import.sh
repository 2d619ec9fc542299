# An assignment is imported by <username>/<role>.
terraform import adminapi_user_role.alice_auditor alice-smith/auditor
