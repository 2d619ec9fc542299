# One account by its id, with the attributes of the adminapi_account resource.
data "adminapi_account" "acme" {
  id = "0b9f1c2e-5d4a-4e8b-9c3f-2a1b0c9d8e7f"
}

output "acme_exec_interval" {
  value = data.adminapi_account.acme.exec_interval
}
