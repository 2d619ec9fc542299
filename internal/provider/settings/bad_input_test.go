package settings_test

import (
	"fmt"
	"testing"

	"github.com/adminapi/terraform-provider-adminapi/internal/acctest"
)

func settingsResource(body string) string {
	return fmt.Sprintf("resource \"adminapi_platform_settings\" \"bad\" {\n%s\n}\n", body)
}

// settingsOf manages the given settings: group = { key = expression }.
func settingsOf(group, key, expr string) string {
	return settingsResource(fmt.Sprintf("settings = {\n  %s = { %s = %s }\n}", group, key, expr))
}

// The groups and keys of the settings, and each key's type, are the
// platform's: the provider does not know them, so an unknown one, or a value
// of the wrong type, is refused by the API on apply (ByServerOnApply), with
// its path.
func TestAccPlatformSettings_badInput(t *testing.T) {
	srv, rec := acctest.StartRecordedServer(t)
	acctest.ExpectRefused(t, srv, rec, []acctest.BadInput{
		{Name: "value not JSON", Config: settingsOf("EMAIL_SETTINGS", "EMAIL_ENABLED", `"yes"`), Attribute: "settings.EMAIL_SETTINGS.EMAIL_ENABLED",
			Error: []string{"Invalid JSON in setting", "settings.EMAIL_SETTINGS.EMAIL_ENABLED must be a JSON-encoded value", `got "yes"`}},
		{Name: "two JSON values", Config: settingsOf("EMAIL_SETTINGS", "EMAIL_ENABLED", `"true false"`), Attribute: "settings.EMAIL_SETTINGS.EMAIL_ENABLED",
			Error: []string{"Invalid JSON in setting", "settings.EMAIL_SETTINGS.EMAIL_ENABLED must be a JSON-encoded value"}},
		{Name: "empty value", Config: settingsOf("API_SETTINGS", "TRUSTED_APPS", `""`), Attribute: "settings.API_SETTINGS.TRUSTED_APPS",
			Error: []string{"Invalid JSON in setting", "settings.API_SETTINGS.TRUSTED_APPS must be a JSON-encoded value"}},
		{Name: "null value", Config: settingsOf("API_SETTINGS", "TRUSTED_APPS", "null"), Attribute: "settings.API_SETTINGS.TRUSTED_APPS",
			Error: []string{"Missing setting value", "settings.API_SETTINGS.TRUSTED_APPS is null"}},
		{Name: "null group", Config: settingsResource("settings = { API_SETTINGS = null }"), Attribute: "settings.API_SETTINGS",
			Error: []string{"Missing settings group", "settings.API_SETTINGS is null"}},
		{Name: "group not a map", Config: settingsResource(`settings = { API_SETTINGS = "x" }`), Attribute: "settings",
			Error: []string{`Inappropriate value for attribute "settings"`}},
		{Name: "settings missing", Config: settingsResource(`notify_services = []`), Attribute: "settings",
			Error: []string{`The argument "settings" is required`}},
		{Name: "notify_services with a duplicate", Config: settingsResource("settings = {}\nnotify_services = [\"core\", \"core\"]"),
			Attribute: "notify_services", Error: []string{"Duplicate List Value", `notify_services = ["core", "core"]`, `duplicate values of: "core"`}},
		{Name: "notify_services with an empty name", Config: settingsResource("settings = {}\nnotify_services = [\"\"]"),
			Attribute: "notify_services", Error: []string{"Attribute notify_services[0] string length must be at least 1, got: 0"}},
		{Name: "notify_services a string", Config: settingsResource("settings = {}\nnotify_services = \"core\""),
			Attribute: "notify_services", Error: []string{`Inappropriate value for attribute "notify_services"`, "list of string required"}},
		{Name: "id set", Config: settingsResource("settings = {}\nid = \"platform_settings\""), Attribute: "id",
			Error: []string{"Invalid Configuration for Read-Only Attribute", `id = "platform_settings"`}},
		{Name: "unknown group (API)", Config: settingsOf("NO_SUCH_GROUP", "X", "jsonencode(1)"), Attribute: "settings.NO_SUCH_GROUP",
			Error: []string{`Could not update platform settings "platform_settings": settings group refused`, "settings.NO_SUCH_GROUP: unknown settings group"}, By: acctest.ByServerOnApply},
		{Name: "unknown key (API)", Config: settingsOf("API_SETTINGS", "NO_SUCH_KEY", "jsonencode(1)"), Attribute: "settings.API_SETTINGS.NO_SUCH_KEY",
			Error: []string{`Could not update platform settings "platform_settings": setting refused`, "settings.API_SETTINGS.NO_SUCH_KEY: unknown setting"}, By: acctest.ByServerOnApply},
		{Name: "wrong JSON type (API)", Config: settingsOf("EMAIL_SETTINGS", "EMAIL_ENABLED", `jsonencode("yes")`), Attribute: "settings.EMAIL_SETTINGS.EMAIL_ENABLED",
			Error: []string{`Could not update platform settings "platform_settings": setting refused`, "settings.EMAIL_SETTINGS.EMAIL_ENABLED: must be a boolean"}, By: acctest.ByServerOnApply},
	})
}

func settingsDataSource(body string) string {
	return fmt.Sprintf("data \"adminapi_platform_settings\" \"bad\" {\n%s\n}\n", body)
}

// adminapi_platform_settings (data source) takes no argument: what one
// might try is refused by the schema (or by Terraform, for the
// meta-arguments).
func TestAccPlatformSettingsDataSource_badInput(t *testing.T) {
	srv, rec := acctest.StartRecordedServer(t)
	notExpected := func(arg, value string) acctest.BadInput {
		return acctest.BadInput{Name: arg + " argument", Config: settingsDataSource(arg + " = " + value), Attribute: arg,
			Error: []string{fmt.Sprintf(`An argument named %q is not expected here`, arg)}}
	}
	readOnly := func(arg, value string) acctest.BadInput {
		return acctest.BadInput{Name: arg + " set", Config: settingsDataSource(arg + " = " + value), Attribute: arg,
			Error: []string{"Invalid Configuration for Read-Only Attribute", arg + " = " + value}}
	}
	acctest.ExpectRefused(t, srv, rec, []acctest.BadInput{
		readOnly("settings", "{}"),
		readOnly("settings_json", `"{}"`),
		readOnly("secret_keys", "[]"),
		notExpected("group", `"API_SETTINGS"`),
		notExpected("keys", `["API_SETTINGS.ACCOUNT_DELETION"]`),
		notExpected("include_secrets", "true"),
		notExpected("id", `"platform_settings"`),
		{Name: "settings block", Config: settingsDataSource("settings {\n}"), Attribute: "settings",
			Error: []string{"Unsupported block type", `Blocks of type "settings" are not expected here`}},
		{Name: "negative count", Config: settingsDataSource("count = -1"), Attribute: "count", Error: []string{"Invalid count argument", "count"}},
		{Name: "for_each over a string", Config: settingsDataSource(`for_each = "API_SETTINGS"`), Attribute: "for_each",
			Error: []string{"Invalid for_each argument", "for_each"}},
	})
}
