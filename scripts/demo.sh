#!/usr/bin/env bash
# make demo: builds the provider and the reference server, starts the server
# on a free loopback port, and applies examples/demo with the provider taken
# from a local filesystem mirror. Everything it writes (binaries, the
# server's database, the Terraform state, a CLI configuration of its own)
# lives in .demo/ (git-ignored), so a second run starts from the first one's
# state and must find nothing to change. `rm -rf .demo` starts afresh.
#
# TF names the CLI: `TF=tofu make demo` runs it with OpenTofu. Each CLI has
# a folder of its own under .demo/ (server, database and state), and the
# mirror holds the provider under both registries' addresses.
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
TF=${TF:-terraform}
cli=$(basename "$TF")
demo="$root/.demo/$cli"
version=0.0.1 # the mirror's version; the binary calls itself 0.0.1-demo
provider_addrs=(registry.terraform.io/adminapi/adminapi registry.opentofu.org/adminapi/adminapi)
platform="$(go env GOOS)_$(go env GOARCH)"
plugin_dir="$demo/plugins/${provider_addrs[0]}/$version/$platform"
work="$demo/work"
server_pid=

say() { printf '\n==> %s\n' "$*"; }
die() {
	printf '\ndemo: %s\n' "$*" >&2
	exit 1
}

stop_server() {
	if [[ -n $server_pid ]] && kill -0 "$server_pid" 2>/dev/null; then
		kill -TERM "$server_pid" 2>/dev/null || true
		wait "$server_pid" 2>/dev/null || true
	fi
	server_pid=
}
trap stop_server EXIT
trap 'exit 130' INT TERM

command -v "$TF" >/dev/null || die "$TF is not on PATH (Terraform 1.11 or newer, or OpenTofu 1.11 or newer, is needed)"
mkdir -p "$demo/bin" "$plugin_dir" "$work"
say "Using $("$TF" version 2>/dev/null | awk '/^(Terraform|OpenTofu) v/ && !seen++') ($(command -v "$TF"))"

say "Building the provider and the reference server"
(
	cd "$root"
	go build -ldflags "-s -w -X main.version=$version-demo" \
		-o "$plugin_dir/terraform-provider-adminapi_v$version" .
	go build -o "$demo/bin/adminapi-server" ./internal/cmd/adminapi-server
)
for addr in "${provider_addrs[@]:1}"; do
	mkdir -p "$demo/plugins/$addr/$version/$platform"
	cp "$plugin_dir/terraform-provider-adminapi_v$version" "$demo/plugins/$addr/$version/$platform/"
done

# The bootstrap password only counts when the server creates its database,
# so it is made once and kept beside the database.
password_file="$demo/admin-password"
if [[ ! -s $password_file ]]; then
	[[ ! -e $demo/adminapi.db ]] || die "$demo/adminapi.db exists without $password_file: remove .demo/ to start afresh"
	(umask 077 && head -c 24 /dev/urandom | od -An -tx1 | tr -d ' \n' >"$password_file")
fi
password=$(<"$password_file")

say "Starting the reference server (data in .demo/$cli/adminapi.db, log in .demo/$cli/server.log)"
ADMINAPI_BOOTSTRAP_USERNAME=admin ADMINAPI_BOOTSTRAP_PASSWORD="$password" \
	"$demo/bin/adminapi-server" --addr 127.0.0.1:0 --db "$demo/adminapi.db" >"$demo/server.log" 2>&1 &
server_pid=$!

# Port 0 lets the kernel pick a free port; the server logs the one it got.
endpoint=
for _ in $(seq 1 100); do
	kill -0 "$server_pid" 2>/dev/null || die "the server stopped at once; its log:
$(cat "$demo/server.log")"
	endpoint=$(sed -n '/msg=listening/{s/.* url=\(http:[^ ]*\).*/\1/p;q;}' "$demo/server.log")
	[[ -n $endpoint ]] && break
	sleep 0.1
done
[[ -n $endpoint ]] || die "the server did not start listening within 10s; its log:
$(cat "$demo/server.log")"

# It answers once an HTTP request gets a status line back (bash's /dev/tcp:
# no curl needed).
probe() {
	local line
	exec 3<>"/dev/tcp/$1/$2" || return 1
	printf 'GET /auth/me HTTP/1.0\r\nHost: %s:%s\r\n\r\n' "$1" "$2" >&3
	read -r -t 2 line <&3 || return 1
	[[ $line == HTTP/* ]]
}
hostport=${endpoint#http://}
answered=
for _ in $(seq 1 100); do
	if (probe "${hostport%:*}" "${hostport##*:}") 2>/dev/null; then
		answered=1
		break
	fi
	sleep 0.1
done
[[ -n $answered ]] || die "the server at $endpoint does not answer"
echo "listening on $endpoint"

# A CLI configuration of the demo's own: the provider comes from the local
# mirror only, every other provider from its registry as usual.
cat >"$demo/terraformrc" <<EOF
provider_installation {
  filesystem_mirror {
    path    = "$demo/plugins"
    include = ["${provider_addrs[0]}", "${provider_addrs[1]}"]
  }
  direct {
    exclude = ["${provider_addrs[0]}", "${provider_addrs[1]}"]
  }
}
EOF
export TF_CLI_CONFIG_FILE="$demo/terraformrc"
export TF_IN_AUTOMATION=1 TF_INPUT=0
export ADMINAPI_ENDPOINT="$endpoint" ADMINAPI_USERNAME=admin ADMINAPI_PASSWORD="$password"
unset ADMINAPI_TOKEN ADMINAPI_CLIENT_ID ADMINAPI_CLIENT_SECRET TF_DATA_DIR

# Terraform runs in a copy of examples/demo under .demo/$cli/, where it keeps its
# state, lock file and data directory; examples/demo stays as committed.
rm -f "$work"/*.tf
cp "$root"/examples/demo/*.tf "$work/"
# The provider is rebuilt each run: record its current checksum.
rm -f "$work/.terraform.lock.hcl"
color=()
[[ -t 1 ]] || color=(-no-color)
tf() {
	local cmd=$1
	shift
	"$TF" -chdir="$work" "$cmd" ${color[@]+"${color[@]}"} "$@"
}

say "$cli init"
tf init -input=false >/dev/null
say "$cli apply"
tf apply -auto-approve -input=false
say "$cli output"
tf output

say "$cli plan -detailed-exitcode (must find nothing to change)"
set +e
tf plan -detailed-exitcode -input=false
plan_status=$?
set -e
case $plan_status in
0) say "Demo complete: the platform matches the configuration. Run 'make demo' again: it changes nothing." ;;
2) die "FAILED: the plan after apply is not empty (a perpetual diff); see above" ;;
*) die "FAILED: $cli plan exited with $plan_status" ;;
esac
