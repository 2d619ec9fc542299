// Package workaround holds the provider's workarounds for behaviour of
// terraform-plugin-framework and terraform-plugin-go that costs the
// provider's process CPU or memory, each removable once upstream changes,
// and beside them the process tuning and profiling that measure and offset
// that behaviour.
//
// The workarounds:
//
//   - model_codec.go (GetState, GetPlan, SetState, ModelFitsSchema): read
//     and write the resources' models without the framework's per-call
//     reflection, whose internal/reflect.isValidFieldName compiles a
//     regular expression for every struct field on every Get and Set:
//     terraform-plugin-framework #725.
//   - request_context.go (ReleaseRequestContexts): hands the framework a
//     context that lets go of the request's when the call returns, where
//     the framework's internal/proto6server.registerContext keeps every
//     request's context and CancelFunc until StopProvider. No upstream
//     issue yet: the report to file is in the file.
//   - log_levels.go (MatchLogLevelsToTerraform, ProviderLogEnv): sets the
//     SDK's loggers to the level Terraform keeps, where they log at TRACE
//     whatever Terraform keeps, at a cost for every attribute:
//     terraform-plugin-framework #721 and #1269.
//
// The process tuning and profiling:
//
//   - gc.go (TuneGC): a garbage collection target for the garbage the
//     framework makes for every attribute, much of it the schema's
//     attribute map, which resource/schema.Schema.GetAttributes copies on
//     every call, once per path step. No upstream issue yet: the report to
//     file is in the file.
//   - profiling.go (StartProfiling, ProfileDirEnv): CPU and heap profiles
//     of the provider's process, for which neither the framework nor
//     Terraform has a hook; they measured all of the above. A tool, not a
//     workaround: no upstream issue, no canary.
//
// The rule: a workaround of upstream behaviour lives in this package
// only; its file's first comment names what it works around and the
// upstream issue, or, when there is none yet, holds the report to file;
// and it has a canary test, named TestUpstream..., that passes with the
// upstream versions in go.mod and fails, saying which workaround can go,
// once the upstream behaviour is fixed:
// TestUpstreamFrameworkCompilesARegexpPerField (model_codec.go),
// TestUpstreamFrameworkKeepsRequestContexts (request_context.go),
// TestUpstreamSDKLogsWhatTerraformDiscards (log_levels.go) and
// TestUpstreamSchemaCopiesAttributesPerPathStep (gc.go).
package workaround
