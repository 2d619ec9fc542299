# The platform settings are a singleton: the only import id is platform_settings.
terraform import adminapi_platform_settings.this platform_settings
