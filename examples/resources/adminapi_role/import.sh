# A role is imported by its name.
terraform import adminapi_role.auditor auditor
