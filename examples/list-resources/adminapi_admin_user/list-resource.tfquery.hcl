# Every admin user (Terraform 1.14+): `terraform query` shows each as its
# username and the permission groups it holds.
list "adminapi_admin_user" "all" {
  provider = adminapi
  limit    = 1000 # Terraform's default is 100
}
