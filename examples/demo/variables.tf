# Demo values only: pass your own with -var or TF_VAR_... anywhere else.

variable "support_admin_password" {
  description = "Password of the support-desk admin user (write-only)."
  type        = string
  sensitive   = true
  default     = "demo-support-password"
}

variable "platform_user_password" {
  description = "Password of the staff platform users (write-only)."
  type        = string
  sensitive   = true
  default     = "demo-user-password"
}
