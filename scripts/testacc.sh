#!/usr/bin/env bash
# Unit and acceptance tests, once per CLI:
#   1. every package with the newest Terraform: ../shared/tools/terraform-* when
#      present, else the terraform on PATH; the scale tests (hundreds or
#      thousands of users, ADMINAPI_ACC_SCALE=1) run here only;
#   2. the provider's packages again with the terraform on PATH, when it is
#      another version;
#   3. the provider's packages again with OpenTofu, when
#      ../shared/tools/opentofu-* is there (tests of features it lacks skip,
#      naming the feature).
# Each run prints the CLI and its version, and gotestsum names every test that
# ran or skipped.
set -euo pipefail
cd "$(dirname "$0")/.."

timeout=${TEST_TIMEOUT:-20m}
shared_tools=${SHARED_TOOLS:-../shared/tools}
gotestsum=(go tool -modfile=tools/go.mod gotestsum --format testname --format-hide-empty-pkg)

newest_dir=$(ls -d "$shared_tools"/terraform-*/ 2>/dev/null | sort -V | tail -n 1 || true)
path_tf=$(command -v terraform || true)
if [ -n "$newest_dir" ] && [ -x "$newest_dir/terraform" ]; then
  newest_dir=$(cd "$newest_dir" && pwd)
else
  echo "testacc: no Terraform under $shared_tools (a clone without ../shared): the first run uses the terraform on PATH" >&2
  newest_dir=""
fi

# A CLI configuration of the tests' own, empty: neither ~/.terraformrc nor a
# TF_CLI_CONFIG_FILE of the machine's (which may name a missing file, a
# warning OpenTofu's version line then fails on) steers the CLI under test.
cli_config=$(mktemp)
trap 'rm -f "$cli_config"' EXIT
export TF_CLI_CONFIG_FILE=$cli_config

version_of() { "$1" version 2>/dev/null | awk '/^(Terraform|OpenTofu) v/ && !seen++'; }

run() { # label, terraform dir ("" = PATH), extra env..., -- go test args
  local label=$1 dir=$2; shift 2
  local envs=()
  while [ "$1" != "--" ]; do envs+=("$1"); shift; done
  shift
  local tf path=$PATH
  if [ -n "$dir" ]; then path="$dir:$PATH"; fi
  tf=$(PATH=$path command -v terraform)
  echo
  echo "== $label: $(PATH=$path version_of "$tf") ($tf)"
  PATH=$path env TF_ACC=1 "${envs[@]}" "${gotestsum[@]}" -- -count=1 -timeout "$timeout" "$@" || failed+=("$label")
}
failed=()

run "unit and acceptance tests, scale tests included" "$newest_dir" ADMINAPI_ACC_SCALE=1 -- ./...

if [ -n "$newest_dir" ] && [ -n "$path_tf" ] && [ "$(version_of "$path_tf")" != "$(version_of "$newest_dir/terraform")" ]; then
  run "acceptance tests with the terraform on PATH" "" ADMINAPI_ACC_SCALE= -- ./internal/provider/...
fi

tofu_dir=$(ls -d "$shared_tools"/opentofu-*/ 2>/dev/null | sort -V | tail -n 1 || true)
if [ -n "$tofu_dir" ] && [ -x "$tofu_dir/tofu" ]; then
  tofu=$(cd "$tofu_dir" && pwd)/tofu
  echo
  echo "== acceptance tests with OpenTofu: $(version_of "$tofu") ($tofu)"
  env TF_ACC=1 ADMINAPI_ACC_SCALE= TF_ACC_TERRAFORM_PATH="$tofu" TF_ACC_PROVIDER_HOST=registry.opentofu.org \
    "${gotestsum[@]}" -- -count=1 -timeout "$timeout" ./internal/provider/... || failed+=("OpenTofu")
else
  echo "testacc: no OpenTofu under $shared_tools: the OpenTofu run is left out" >&2
fi

if [ ${#failed[@]} -gt 0 ]; then
  printf 'testacc: failed runs:' >&2
  printf ' [%s]' "${failed[@]}" >&2
  echo >&2
  exit 1
fi
