# users.json from what `terraform query -json` printed for one or more
# shards:
#   jq -s -S -f users-from-query.jq shard-*.json > users.json
# Each user with the attributes main.tf sets, and the roles it holds.
[.[] | select(.type == "list_resource_found") | .list_resource_found] as $found
| ([$found[] | select(.resource_type == "adminapi_user_role") | .identity]
   | group_by(.username)
   | map({key: .[0].username, value: (map(.role) | sort)})
   | from_entries) as $roles
| [$found[]
   | select(.resource_type == "adminapi_platform_user")
   | .resource_object
   | {key: .username,
      value: {email, name, language, external_id, tags, metadata, enabled, ldap,
              roles: ($roles[.username] // [])}}]
| from_entries
