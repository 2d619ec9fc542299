# Terraform 1.14+: tell the follower machines to apply the settings after
# every create or update of adminapi_platform_settings.
action "adminapi_platform_notify" "followers" {
  config {
    services = ["core", "register"] # leave it out to notify all services
  }
}

resource "adminapi_platform_settings" "this" {
  settings = {
    EMAIL_SETTINGS = {
      EMAIL_ENABLED = jsonencode(true)
    }
  }

  lifecycle {
    action_trigger {
      events  = [after_create, after_update]
      actions = [action.adminapi_platform_notify.followers]
    }
  }
}

# Or on demand, e.g. once failed followers are fixed:
#   terraform apply -invoke=action.adminapi_platform_notify.followers
