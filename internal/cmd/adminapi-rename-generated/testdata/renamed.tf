# __generated__ by Terraform
# Please review these resources and move them into your main configuration files.

# __generated__ by Terraform
resource "adminapi_role" "auditor" {
  provider    = adminapi
  description = "Reads everything"
  name        = "auditor"
}

import {
  to       = adminapi_role.auditor
  provider = adminapi
  identity = {
    name = "auditor"
  }
}

resource "adminapi_role" "_1st-line" {
  provider    = adminapi
  description = null
  name        = "1st-line"
}

import {
  to       = adminapi_role._1st-line
  provider = adminapi
  identity = {
    name = "1st-line"
  }
}



# __generated__ by Terraform
resource "adminapi_user_role" "_2nd-shift__1st-line" {
  provider = adminapi
  role     = adminapi_role._1st-line.name
  username = adminapi_platform_user._2nd-shift.id
}

import {
  to       = adminapi_user_role._2nd-shift__1st-line
  provider = adminapi
  identity = {
    role     = "1st-line"
    username = "2nd-shift"
  }
}

resource "adminapi_user_role" "alice_auditor" {
  provider = adminapi
  role     = adminapi_role.auditor.name
  username = adminapi_platform_user.alice.id
}

import {
  to       = adminapi_user_role.alice_auditor
  provider = adminapi
  identity = {
    role     = "auditor"
    username = "alice"
  }
}

resource "adminapi_user_role" "alice_billing_admin" {
  provider = adminapi
  role     = "billing_admin"
  username = adminapi_platform_user.alice.id
}

import {
  to       = adminapi_user_role.alice_billing_admin
  provider = adminapi
  identity = {
    role     = "billing_admin"
    username = "alice"
  }
}

resource "adminapi_user_role" "erin-elsewhere_auditor" {
  provider = adminapi
  role     = adminapi_role.auditor.name
  username = "erin-elsewhere"
}

import {
  to       = adminapi_user_role.erin-elsewhere_auditor
  provider = adminapi
  identity = {
    role     = "auditor"
    username = "erin-elsewhere"
  }
}



# __generated__ by Terraform
resource "adminapi_platform_user" "_2nd-shift" {
  provider            = adminapi
  email               = "2nd-shift@example.com"
  enabled             = true
  external_id         = null
  language            = "en"
  ldap                = true
  metadata            = {}
  name                = null
  password            = null # sensitive
  password_wo         = null # sensitive
  password_wo_version = null
  tags                = []
  username            = "2nd-shift"
}

import {
  to       = adminapi_platform_user._2nd-shift
  provider = adminapi
  identity = {
    username = "2nd-shift"
  }
}

resource "adminapi_platform_user" "alice" {
  provider    = adminapi
  email       = "alice@example.com"
  enabled     = true
  external_id = "S-1-5-21-1004"
  language    = "fr"
  ldap        = false
  metadata = {
    team = "red"
  }
  name                = "Alice Martin"
  password            = null # sensitive
  password_wo         = null # sensitive
  password_wo_version = null
  tags                = ["ops", "paris"]
  username            = "alice"
}

import {
  to       = adminapi_platform_user.alice
  provider = adminapi
  identity = {
    username = "alice"
  }
}
