#!/usr/bin/env bash
# make validate-examples: every directory under examples/ that holds .tf
# files passes `terraform validate` against the provider built from this
# tree. The provider goes into a temporary filesystem mirror; each directory
# is validated in a temporary copy, with a CLI configuration of its own
# (never ~/.terraformrc). A lone example file that does not say where
# adminapi comes from gets a required_providers block in its copy only.
# Prints one line per directory; fails naming every invalid one.
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
version=0.0.1
provider_addr=registry.terraform.io/adminapi/adminapi

die() {
	printf 'validate-examples: %s\n' "$*" >&2
	exit 1
}
command -v terraform >/dev/null || die "terraform is not on PATH (Terraform 1.11 or newer is needed)"

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
mirror="$tmp/mirror"
plugin_dir="$mirror/$provider_addr/$version/$(go env GOOS)_$(go env GOARCH)"
mkdir -p "$plugin_dir"
(cd "$root" && go build -o "$plugin_dir/terraform-provider-adminapi_v$version" .)

: >"$tmp/terraformrc"
export TF_CLI_CONFIG_FILE="$tmp/terraformrc" TF_IN_AUTOMATION=1 TF_INPUT=0
unset TF_DATA_DIR TF_PLUGIN_CACHE_DIR TF_WORKSPACE

# Directories whose .tf files are alternatives, not one configuration: the
# configurations to validate there, each a comma-separated list of files
# (the directory's other files go with each). Every .tf file of such a
# directory must be in one of them.
declare -A configurations=(
	[examples/provider]="provider.tf provider-client-credentials.tf"
	[examples/guides/import-existing-users]="main.tf,users-from-api.tf main.tf,users-from-api.tf,roles.tf main.tf,users-from-file.tf,roles.tf"
)

# validate dir files...: validates files of dir (all its .tf files when
# none is named) in a copy of its own, printing why when they are invalid.
validate() {
	local dir=$1 f
	shift
	local work
	work=$(mktemp -d "$tmp/work.XXXXXX")
	find "$root/$dir" -maxdepth 1 -type f ! -name '*.tf' -exec cp {} "$work/" \;
	if [[ $# -eq 0 ]]; then
		cp "$root/$dir"/*.tf "$work/"
	else
		for f in "$@"; do
			[[ -f $root/$dir/$f ]] || {
				echo "$dir/$f does not exist: update configurations in scripts/validate-examples.sh"
				return 1
			}
			cp "$root/$dir/$f" "$work/"
		done
	fi
	if ! grep -Eqs 'source[[:space:]]*=[[:space:]]*"adminapi/adminapi"' "$work"/*.tf; then
		cat >"$work/zz_validate_examples_required_providers.tf" <<'TF'
terraform {
  required_providers {
    adminapi = { source = "adminapi/adminapi" }
  }
}
TF
	fi
	if ! terraform -chdir="$work" init -backend=false -input=false -no-color -plugin-dir="$mirror" >"$work.init" 2>&1; then
		cat "$work.init"
		return 1
	fi
	terraform -chdir="$work" validate -no-color
}

mapfile -t dirs < <(cd "$root" && find examples -name '*.tf' -type f -printf '%h\n' | sort -u)
[[ ${#dirs[@]} -gt 0 ]] || die "no .tf file under examples/"

log="$tmp/validate.log"
failed=()
for dir in "${dirs[@]}"; do
	sets=("")
	if [[ -n ${configurations[$dir]:-} ]]; then
		read -ra sets <<<"${configurations[$dir]}"
		for f in "$root/$dir"/*.tf; do
			[[ " ${sets[*]//,/ } " == *" ${f##*/} "* ]] ||
				die "$dir/${f##*/} is in no configuration: add it to configurations in scripts/validate-examples.sh"
		done
	fi
	: >"$log"
	invalid=
	for set in "${sets[@]}"; do
		IFS=, read -ra files <<<"$set"
		if ! validate "$dir" ${files[@]+"${files[@]}"} >"$log.one" 2>&1; then
			invalid=1
			{
				[[ -z $set ]] || echo "configuration $set:"
				cat "$log.one"
			} >>"$log"
		fi
	done
	label=$dir
	[[ ${#sets[@]} -le 1 ]] || label="$dir (configurations ${sets[*]})"
	if [[ -z $invalid ]]; then
		printf 'ok      %s\n' "$label"
	else
		printf 'INVALID %s\n' "$label"
		sed 's/^/        /' "$log"
		failed+=("$dir")
	fi
done

if [[ ${#failed[@]} -gt 0 ]]; then
	die "${#failed[@]} of ${#dirs[@]} example directories are invalid: ${failed[*]}"
fi
echo "all ${#dirs[@]} example directories are valid"
