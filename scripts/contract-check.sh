#!/usr/bin/env bash
# Drives every operation of internal/api/openapi.yaml through Stoplight
# Prism's validating proxy (tools/package.json) in front of the reference
# server, and fails on any violation Prism reports of a response or of a
# request meant to be valid (see internal/cmd/contractcheck).
#
# Starts the server on a free port with a temporary database and an API
# client, starts `prism proxy` on a free port (without --errors: every
# request reaches the server, and Prism reports what it finds in the
# sl-violations header of the answer), runs
# the driver, stops both. Prints its run time. Run by `make contract-check`.
# CONTRACT_CHECK_FLAGS passes flags to the driver (-v prints every request);
# CONTRACT_CHECK_DOC checks against another document (default
# internal/api/openapi.yaml).
set -euo pipefail

start=$(date +%s)
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
doc=${CONTRACT_CHECK_DOC:-internal/api/openapi.yaml}
prism=tools/node_modules/.bin/prism
[[ -x $prism ]] || { echo "contract-check: $prism is missing: run 'npm ci --prefix tools'" >&2; exit 2; }

work=$(mktemp -d)
server_pid=
prism_pid=
cleanup() {
	local pid
	for pid in $prism_pid $server_pid; do
		kill "$pid" 2>/dev/null || true
		wait "$pid" 2>/dev/null || true
	done
	rm -rf "$work"
}
trap cleanup EXIT

go build -o "$work/adminapi-server" ./internal/cmd/adminapi-server
go build -o "$work/contractcheck" ./internal/cmd/contractcheck

password="contract-check-$RANDOM$RANDOM"
client_id=contract-check
client_secret="client-secret-$RANDOM$RANDOM"
hash=$(printf '%s' "$client_secret" | "$work/adminapi-server" hash-secret)
cat >"$work/server.yaml" <<EOF
log_level: info
clients:
  - id: $client_id
    secret_hash: "$hash"
    permissions:
      users: [read]
      settings: [read]
      platformUsers: [read]
      accounts: [read]
EOF

# wait_for FILE PATTERN PID: the first line of FILE matching PATTERN, once it is there.
wait_for() {
	local i line
	for ((i = 0; i < 300; i++)); do
		if line=$(grep -m1 -E "$2" "$1" 2>/dev/null); then
			echo "$line"
			return 0
		fi
		kill -0 "$3" 2>/dev/null || break
		sleep 0.1
	done
	echo "contract-check: no line matching '$2' in $1:" >&2
	cat "$1" >&2
	return 1
}

ADMINAPI_BOOTSTRAP_PASSWORD=$password "$work/adminapi-server" --addr 127.0.0.1:0 --db "$work/adminapi.db" \
	--config "$work/server.yaml" 2>"$work/server.log" &
server_pid=$!
server_url=$(wait_for "$work/server.log" 'listening url=' "$server_pid" | sed -E 's/.*url=([^ ]+).*/\1/')

"$prism" proxy "$doc" "$server_url" --host 127.0.0.1 --port 0 --errors=false >"$work/prism.log" 2>&1 &
prism_pid=$!
prism_url=$(wait_for "$work/prism.log" 'Prism is listening on http' "$prism_pid" | sed -E 's/.*listening on (http[^ ]+).*/\1/')

echo "contract-check: server $server_url, Prism $("$prism" --version) proxy $prism_url"
rc=0
# shellcheck disable=SC2086 # CONTRACT_CHECK_FLAGS is a list of flags
CONTRACTCHECK_PASSWORD=$password CONTRACTCHECK_CLIENT_SECRET=$client_secret \
	"$work/contractcheck" --doc "$doc" --proxy "$prism_url" --username admin --client-id "$client_id" \
	${CONTRACT_CHECK_FLAGS:-} || rc=$?
if [[ $rc != 0 ]]; then
	echo "contract-check: the server's log ends with:"
	tail -n 20 "$work/server.log"
fi
echo "contract-check: $([[ $rc == 0 ]] && echo passed || echo FAILED) in $(($(date +%s) - start))s"
exit "$rc"
