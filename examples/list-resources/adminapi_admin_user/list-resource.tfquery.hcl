# Every admin user (Terraform 1.14+): `terraform query` shows each as its
# username and the permission groups it holds.
list "adminapi_admin_user" "all" {
  provider = adminapi
  limit    = 1000 # Terraform's default is 100
}

# The admin users of shard 3 of 10 (see the guide "Large estates").
list "adminapi_admin_user" "shard_3" {
  provider = adminapi
  limit    = 1000

  config {
    shard = { count = 10, index = 3 }
  }
}
