# The configuration `make demo` applies against a local reference server
# (scripts/demo.sh). The endpoint and the admin credentials come from
# ADMINAPI_ENDPOINT, ADMINAPI_USERNAME and ADMINAPI_PASSWORD.
terraform {
  required_version = ">= 1.11" # write-only passwords
  required_providers {
    adminapi = {
      source = "adminapi/adminapi"
    }
  }
}

provider "adminapi" {}

# An admin user for the support desk: it may look at everything and change
# platform users. Its password is write-only: never in the plan or the state;
# bump password_wo_version to set it again.
resource "adminapi_admin_user" "support" {
  username            = "support-desk"
  password_wo         = var.support_admin_password
  password_wo_version = 1
  permissions = {
    users          = ["read"]
    settings       = ["read"]
    platform_users = ["read", "update"]
    accounts       = ["read"]
  }
}

locals {
  platform_users = {
    "alice-martin" = {
      email    = "alice.martin@example.com"
      name     = "Alice Martin"
      language = "fr"
      tags     = ["operations", "staff"]
      metadata = { team = "operations", site = "lyon" }
      role     = "analyst"
    }
    "bruno-keller" = {
      email    = "bruno.keller@example.com"
      name     = "Bruno Keller"
      language = "de"
      tags     = ["field", "staff"]
      metadata = { team = "field-service", site = "basel" }
      role     = "analyst"
    }
  }
}

resource "adminapi_platform_user" "staff" {
  for_each = local.platform_users

  username            = each.key
  email               = each.value.email
  name                = each.value.name
  language            = each.value.language
  tags                = each.value.tags
  metadata            = each.value.metadata
  password_wo         = var.platform_user_password
  password_wo_version = 1
}

# An auditor who signs in through the company directory: no password here.
resource "adminapi_platform_user" "auditor" {
  username    = "chloe-dubois"
  email       = "chloe.dubois@example.com"
  name        = "Chloé Dubois"
  ldap        = true
  external_id = "S-1-5-21-1004"
  tags        = ["audit"]
  metadata    = { team = "compliance" }
}

resource "adminapi_role" "analyst" {
  name        = "analyst"
  description = "Reads and explores the accounts' data."
}

resource "adminapi_role" "auditor" {
  name        = "auditor"
  description = "Reviews access and retention."
}

# Dependents refer to a user's id, not its username: when the user is
# replaced (a changed username or ldap), the platform deletes its role
# assignments and memberships with it, and the id, unknown until the new user
# exists, replaces them in the same plan.
resource "adminapi_user_role" "staff" {
  for_each = local.platform_users

  username = adminapi_platform_user.staff[each.key].id
  role     = each.value.role == "analyst" ? adminapi_role.analyst.name : adminapi_role.auditor.name
}

resource "adminapi_user_role" "auditor" {
  username = adminapi_platform_user.auditor.id
  role     = adminapi_role.auditor.name
}

resource "adminapi_account" "acme" {
  name           = "Acme Sensors"
  data_retention = 365
  attributes = {
    plan   = "pilot"
    region = "eu-west"
  }
}

resource "adminapi_account_user" "alice" {
  account_id = adminapi_account.acme.id
  username   = adminapi_platform_user.staff["alice-martin"].id
  role       = "admin"
}

resource "adminapi_account_user" "bruno" {
  account_id = adminapi_account.acme.id
  username   = adminapi_platform_user.staff["bruno-keller"].id
  role       = "user"
}

# Only these keys are managed; the platform's other settings are left alone.
# notify_services is left out: the demo server has no follower machines.
resource "adminapi_platform_settings" "this" {
  settings = {
    API_SETTINGS = {
      ACCOUNT_DELETION = jsonencode(["adminToken", "personalToken"])
    }
    EMAIL_SETTINGS = {
      EMAIL_ENABLED        = jsonencode(true)
      EMAIL_SENDER_ADDRESS = jsonencode("no-reply@demo.example.com")
    }
    TOKEN_SETTINGS = {
      ACCESS_TOKEN_TTL_SECONDS = jsonencode(1800)
    }
  }
}
