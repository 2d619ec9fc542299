#!/usr/bin/env bash
# make validate-examples: every directory under examples/ that holds .tf
# files passes `terraform validate` against the provider built from this
# tree. The provider goes into a temporary filesystem mirror; each directory
# is validated in a temporary copy, with a CLI configuration of its own
# (never ~/.terraformrc). A lone example file that does not say where
# adminapi comes from gets a required_providers block in its copy only.
# With Terraform 1.14+ the .tfquery.hcl files are validated too (-query);
# below it, the directories of features it lacks (actions, list resources)
# are skipped, saying so. The CI files under examples/ci are checked too:
# GitHub Actions workflows with actionlint (a tool of tools/go.mod), GitLab
# CI files with go run ./internal/cmd/guidetables/gitlabci. Prints one line
# per directory and CI file; fails naming every invalid one.
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
version=0.0.1
provider_addr=registry.terraform.io/adminapi/adminapi

die() {
	printf 'validate-examples: %s\n' "$*" >&2
	exit 1
}
command -v terraform >/dev/null || die "terraform is not on PATH (Terraform 1.11 or newer is needed)"
# The readers below read their whole input: under pipefail, a reader that
# stops early (grep -m1, head) fails the pipeline when its writer is slower.
tf_version=$(terraform version 2>/dev/null | sed -n -E 's/^Terraform v([0-9]+\.[0-9]+\.[0-9]+).*/\1/p' | sed -n 1p)
[[ -n $tf_version ]] || die "cannot read the version of $(command -v terraform)"
at_least() { [[ $(printf '%s\n' "$1" "$tf_version" | sort -V | sed -n 1p) == "$1" ]]; }
query=()
if at_least 1.14.0; then
	query=(-query)
fi
echo "validating with Terraform v$tf_version ($(command -v terraform))"

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
	[examples/guides/import-existing-users]="terraform.tf,main.tf,users-from-api.tf terraform.tf,main.tf,users-from-api.tf,roles.tf terraform.tf,main.tf,users-from-file.tf,roles.tf"
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
		find "$root/$dir" -maxdepth 1 -type f -name '*.tf' -exec cp {} "$work/" \;
	else
		for f in "$@"; do
			[[ -f $root/$dir/$f ]] || {
				echo "$dir/$f does not exist: update configurations in scripts/validate-examples.sh"
				return 1
			}
			cp "$root/$dir/$f" "$work/"
		done
	fi
	# grep reads the files itself: under pipefail, `cat | grep -q` fails
	# whenever grep stops reading before cat has written everything (CI
	# failed so, adding a second required_providers block).
	if ! grep -Eqs 'source[[:space:]]*=[[:space:]]*"adminapi/adminapi"' "$work"/*.tf; then
		cat >"$work/zz_validate_examples_required_providers.tf" <<'TF'
terraform {
  required_providers {
    adminapi = { source = "adminapi/adminapi" }
  }
}
TF
	elif grep -Eqs '^[[:space:]]*version[[:space:]]*=' "$work"/*.tf; then
		# A version constraint (examples/guides/pipelines) names released
		# versions; the mirror holds this tree's build as $version.
		cat >"$work/zz_validate_examples_override.tf" <<TF
terraform {
  required_providers {
    adminapi = { source = "adminapi/adminapi", version = "$version" }
  }
}
TF
	fi
	if ! terraform -chdir="$work" init -backend=false -input=false -no-color -plugin-dir="$mirror" >"$work.init" 2>&1; then
		cat "$work.init"
		return 1
	fi
	terraform -chdir="$work" validate -no-color ${query[@]+"${query[@]}"}
}

mapfile -t dirs < <(cd "$root" && find examples \( -name '*.tf' -o -name '*.tfquery.hcl' \) -type f -printf '%h\n' | sort -u)
[[ ${#dirs[@]} -gt 0 ]] || die "no .tf file under examples/"

log="$tmp/validate.log"
failed=()
skipped=0
for dir in "${dirs[@]}"; do
	if [[ ${#query[@]} -eq 0 && ( $dir == examples/actions/* || $dir == examples/list-resources/* ) ]]; then
		printf 'skipped %s (needs Terraform 1.14+)\n' "$dir"
		skipped=$((skipped + 1))
		continue
	fi
	sets=("")
	if [[ -z ${configurations[$dir]:-} && $dir == examples/resources/* ]]; then
		# import-by-string-id.tf and import-by-identity.tf are two ways to
		# import the same resource: each goes with the other files alone.
		imports=("$root/$dir"/import-by-*.tf)
		if [[ ${#imports[@]} -gt 1 ]]; then
			others=$(find "$root/$dir" -maxdepth 1 -name '*.tf' ! -name 'import-by-*.tf' -printf '%f,' | sort)
			configurations[$dir]=$(for f in "${imports[@]}"; do printf '%s%s ' "$others" "${f##*/}"; done)
		fi
	fi
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
		if [[ $set == *import-by-identity.tf* ]] && ! at_least 1.12.0; then
			printf 'skipped %s: %s (import by identity needs Terraform 1.12+)\n' "$dir" "$set"
			continue
		fi
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

# The CI files the pipelines guide shows.
mapfile -t workflows < <(cd "$root" && find examples/ci -type f -path '*/.github/workflows/*' \( -name '*.yml' -o -name '*.yaml' \) 2>/dev/null | sort)
mapfile -t gitlab < <(cd "$root" && find examples/ci -type f -name '.gitlab-ci.yml' 2>/dev/null | sort)
failed_ci=()
for f in ${workflows[@]+"${workflows[@]}"}; do
	if (cd "$root" && go tool -modfile=tools/go.mod actionlint -no-color "$f") >"$log" 2>&1; then
		printf 'ok      %s (actionlint)\n' "$f"
	else
		printf 'INVALID %s (actionlint)\n' "$f"
		sed 's/^/        /' "$log"
		failed_ci+=("$f")
	fi
done
if [[ ${#gitlab[@]} -gt 0 ]]; then
	if (cd "$root" && go run ./internal/cmd/guidetables/gitlabci "${gitlab[@]}") >"$log" 2>&1; then
		printf 'ok      %s (GitLab CI)\n' "${gitlab[@]}"
	else
		printf 'INVALID %s (GitLab CI)\n' "${gitlab[@]}"
		sed 's/^/        /' "$log"
		failed_ci+=("${gitlab[@]}")
	fi
fi

problems=()
[[ ${#failed[@]} -eq 0 ]] || problems+=("${#failed[@]} of ${#dirs[@]} example directories are invalid: ${failed[*]}")
[[ ${#failed_ci[@]} -eq 0 ]] || problems+=("CI files are invalid: ${failed_ci[*]}")
if [[ ${#problems[@]} -gt 0 ]]; then
	die "$(printf '%s; ' "${problems[@]}" | sed 's/; $//')"
fi
echo "all $((${#dirs[@]} - skipped)) example directories validated are valid ($skipped skipped); all $((${#workflows[@]} + ${#gitlab[@]})) CI files are valid"
