# The users' passwords: ephemeral (never stored in the saved plan or the
# state) and null by default, so that a job that sets nothing (the nightly
# drift check) needs no secret. The plan and apply jobs set them from the
# CI secret store as TF_VAR_alice_password and TF_VAR_bob_password.
variable "alice_password" {
  type      = string
  sensitive = true
  ephemeral = true
  default   = null
}

variable "bob_password" {
  type      = string
  sensitive = true
  ephemeral = true
  default   = null
}
