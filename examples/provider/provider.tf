# Log in as an admin user (ADMINAPI_USERNAME / ADMINAPI_PASSWORD work too).
provider "adminapi" {
  endpoint = "https://lead.example.com"
  username = "ops"
  password = var.admin_password
}

variable "admin_password" {
  type      = string
  sensitive = true
}
