// Works around the cost of the SDK's logging (terraform-plugin-framework
// #721, trace and debug logging is extremely expensive for large
// resources, and #1269, SDK framework logs are produced even if not
// requested): terraform-plugin-go's and the framework's loggers log at
// TRACE unless TF_LOG_SDK* say otherwise, whatever level Terraform keeps,
// and the framework writes two lines, with the attribute's path, around
// every validator and plan modifier it calls, and more for each request;
// Terraform then discards them. Setting their levels to
// Terraform's stops the lines; what the framework builds for them before
// any level is checked (FrameworkWithAttributePath: the attribute's path
// as a string, a copy of the logger's fields) stays, and only upstream
// can remove it.
//
// Canary: TestUpstreamSDKLogsWhatTerraformDiscards fails once the SDK no
// longer logs at TRACE when Terraform keeps no line, or only ERROR.

package workaround

import (
	"os"
	"strings"

	"github.com/hashicorp/go-hclog"
)

// ProviderLogEnv sets the level of the provider's own logger (tflog):
// terraform-plugin-go names it after the provider's address.
const ProviderLogEnv = "TF_LOG_PROVIDER_ADMINAPI"

// sdkLogEnvs set, in the provider's process, the levels of the loggers of
// terraform-plugin-go (TF_LOG_SDK, TF_LOG_SDK_PROTO), terraform-plugin-mux
// and the framework; unset, each logs at TRACE.
var sdkLogEnvs = []string{"TF_LOG_SDK", "TF_LOG_SDK_PROTO", "TF_LOG_SDK_FRAMEWORK", "TF_LOG_SDK_MUX", ProviderLogEnv}

// MatchLogLevelsToTerraform makes the provider log only what Terraform
// keeps. Terraform starts the provider with its own environment and keeps
// the provider's lines at TF_LOG_PROVIDER's level, else TF_LOG's, none
// when both are empty; but the SDK logs at TRACE whatever they say, and
// the lines Terraform then discards cost a third of the provider's CPU. So
// each of sdkLogEnvs that is not set is set to Terraform's level; a
// subsystem's (TF_LOG_SDK_*) stays unset when TF_LOG_SDK is set, as it
// follows that one. Not for debug mode (-debug), where the provider's log
// goes to its own stderr.
func MatchLogLevelsToTerraform() error {
	for name, value := range logLevelsToSet(os.LookupEnv) {
		if err := os.Setenv(name, value); err != nil {
			return err
		}
	}
	return nil
}

// logLevelsToSet answers the variables MatchLogLevelsToTerraform sets and
// their value, given the environment read by lookup.
func logLevelsToSet(lookup func(string) (string, bool)) map[string]string {
	level := terraformProviderLogLevel(lookup)
	if level == hclog.Trace { // every logger's level when unset
		return nil
	}
	isSet := func(name string) bool {
		v, _ := lookup(name)
		return strings.TrimSpace(v) != ""
	}
	set := map[string]string{}
	for _, name := range sdkLogEnvs {
		if isSet(name) || (strings.HasPrefix(name, "TF_LOG_SDK_") && isSet("TF_LOG_SDK")) {
			continue
		}
		set[name] = strings.ToUpper(level.String())
	}
	return set
}

// terraformProviderLogLevel is the level at which Terraform (and OpenTofu)
// keeps a provider's log lines: internal/logging.providerLogLevel.
func terraformProviderLogLevel(lookup func(string) (string, bool)) hclog.Level {
	v, _ := lookup("TF_LOG_PROVIDER")
	if v == "" {
		v, _ = lookup("TF_LOG")
	}
	switch v = strings.ToUpper(v); v {
	case "":
		return hclog.Off
	case "TRACE", "DEBUG", "INFO", "WARN", "ERROR", "OFF":
		return hclog.LevelFromString(v)
	default: // JSON, and what Terraform does not know, which it takes for TRACE
		return hclog.Trace
	}
}
