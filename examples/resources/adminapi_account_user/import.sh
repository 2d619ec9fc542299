# A membership is imported by <account_id>/<username>.
terraform import adminapi_account_user.bob 0b9f1c2e-5d4a-4e8b-9c3f-2a1b0c9d8e7f/bob-jones
