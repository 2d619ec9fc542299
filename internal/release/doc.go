// Package release checks the provider's release files as a user meets
// them: a snapshot built by scripts/release-snapshot.sh, served through the
// provider registry protocol over HTTPS, installed by the terraform CLI.
// Registry is that registry, and NewTestCA the certificates it serves with.
package release
