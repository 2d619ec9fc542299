#!/bin/sh
# Writes users.json: every platform user, keyed by username, with the
# attributes that main.tf carries over. Needs curl and jq.
#   ADMINAPI_ENDPOINT  e.g. https://lead.example.com
#   TOKEN              an access token with platformUsers:read (not
#                      ADMINAPI_TOKEN: the provider would take it too)
set -eu
: "${ADMINAPI_ENDPOINT:?set ADMINAPI_ENDPOINT}" "${TOKEN:?set TOKEN}"

pages=$(mktemp)
trap 'rm -f "$pages"' EXIT

# GET /platform-users answers 100 users a page at most, with the total.
offset=0
total=1
while [ "$offset" -lt "$total" ]; do
  page=$(curl -fsS -H "Authorization: Bearer $TOKEN" \
    "$ADMINAPI_ENDPOINT/platform-users?offset=$offset&limit=100")
  total=$(printf '%s' "$page" | jq '.total')
  printf '%s' "$page" | jq -c '.users[]' >>"$pages"
  offset=$((offset + 100))
done

# The API answers "" for an unset name or external id; Terraform wants null.
jq -s '
  def nonempty: if . == "" then null else . end;
  map({
    key: .username,
    value: {
      email, name: (.name | nonempty), language,
      external_id: (.external_id | nonempty),
      tags, metadata, enabled: (.status == "enabled"), ldap
    }
  }) | from_entries' "$pages" >users.json
echo "wrote users.json: $(jq length users.json) users"
