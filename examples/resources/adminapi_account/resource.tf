resource "adminapi_account" "acme" {
  name = "Acme Industries"

  # Omitted numbers take the API's defaults (health_time_period 86400,
  # exec_interval 300, base_line_exec_interval 86400, cd_model_frequency
  # 604800, cd_execution_frequency 600, data_retention 0).
  exec_interval  = 600
  data_retention = 365

  attributes = {
    region      = "eu-west"
    cost_center = "4711"
  }
}
