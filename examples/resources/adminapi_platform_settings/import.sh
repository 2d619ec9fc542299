# The platform settings are a singleton: the only import id is platform_settings.
# An import reads no setting (none enters the state); the next plan lists the
# configured keys as an update, and applying it writes only the values that differ.
terraform import adminapi_platform_settings.this platform_settings
