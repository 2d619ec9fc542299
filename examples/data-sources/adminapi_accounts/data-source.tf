# Every account, however many pages the API needs; `name = "..."` keeps only
# the accounts with exactly that name.
data "adminapi_accounts" "existing" {}

# Bring every existing account under management (Terraform 1.7+): the objects
# have the attributes of adminapi_account, so the first plan imports each
# account and changes none.
locals {
  accounts = { for a in data.adminapi_accounts.existing.accounts : a.id => a }
}

resource "adminapi_account" "this" {
  for_each                = local.accounts
  name                    = each.value.name
  health_time_period      = each.value.health_time_period
  exec_interval           = each.value.exec_interval
  base_line_exec_interval = each.value.base_line_exec_interval
  cd_model_frequency      = each.value.cd_model_frequency
  cd_execution_frequency  = each.value.cd_execution_frequency
  data_retention          = each.value.data_retention
  attributes              = each.value.attributes
}

import {
  for_each = local.accounts
  to       = adminapi_account.this[each.key]
  id       = each.key
}
