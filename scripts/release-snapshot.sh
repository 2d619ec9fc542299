#!/usr/bin/env bash
# The release files a tagged release publishes, built locally by goreleaser in
# snapshot mode from .goreleaser.yml, for version SNAPSHOT_VERSION:
#   terraform-provider-adminapi_<version>_<os>_<arch>.zip   every build target
#   terraform-provider-adminapi_<version>_SHA256SUMS        their checksums (and the manifest's)
#   terraform-provider-adminapi_<version>_SHA256SUMS.sig    detached binary signature of SHA256SUMS
#   terraform-provider-adminapi_<version>_manifest.json     terraform-registry-manifest.json
#
# Usage:
#   GPG_FINGERPRINT=<fpr> [GNUPGHOME=<dir>] [SNAPSHOT_VERSION=0.1.0] \
#     scripts/release-snapshot.sh [<dist-dir>]
#
# <dist-dir> (default dist/) receives only those files; earlier
# terraform-provider-adminapi_* files in it are removed first. goreleaser's
# own output (binaries, metadata) stays in a temporary directory, so runs
# with different dist dirs do not meet. GPG_FINGERPRINT names the signing key,
# looked up in GNUPGHOME when set. Exits non-zero naming the step that failed.
set -euo pipefail

project=terraform-provider-adminapi
root=$(cd "$(dirname "$0")/.." && pwd)

die() { echo "release-snapshot: $*" >&2; exit 1; }

if [ -z "${GPG_FINGERPRINT:-}" ]; then
	cat >&2 <<'EOF'
release-snapshot: GPG_FINGERPRINT is not set: it names the key that signs SHA256SUMS.
A throwaway key, in a GnuPG home of its own:
  export GNUPGHOME=$(mktemp -d)
  gpg --batch --passphrase '' --quick-gen-key 'adminapi snapshot <snapshot@example.invalid>' rsa4096 sign 1d
  export GPG_FINGERPRINT=$(gpg --batch --with-colons --list-secret-keys | awk -F: '$1 == "fpr" {print $10; exit}')
  gpg --armor --export "$GPG_FINGERPRINT"   # the public key a registry serves
EOF
	exit 2
fi

version=${SNAPSHOT_VERSION:-0.1.0}
# Terraform accepts a plain semver for a provider version (no leading v).
[[ $version =~ ^[0-9]+\.[0-9]+\.[0-9]+(-[0-9A-Za-z.-]+)?$ ]] ||
	die "SNAPSHOT_VERSION=$version is not a semantic version such as 0.1.0 or 0.2.0-beta.1"

command -v gpg >/dev/null || die "gpg is not on PATH"
gpg --batch --list-secret-keys "$GPG_FINGERPRINT" >/dev/null 2>&1 ||
	die "no secret key $GPG_FINGERPRINT in ${GNUPGHOME:-~/.gnupg} (gpg --list-secret-keys): set GNUPGHOME or GPG_FINGERPRINT"

dist=${1:-$root/dist}
mkdir -p "$dist" || die "cannot create $dist"
dist=$(cd "$dist" && pwd)

work=$(mktemp -d "${TMPDIR:-/tmp}/release-snapshot.XXXXXX")
trap 'rm -rf "$work"' EXIT
# The project's configuration with goreleaser's dist in the temporary
# directory: .goreleaser.yml sets no dist of its own.
grep -q '^dist:' "$root/.goreleaser.yml" && die ".goreleaser.yml sets dist: this script sets it"
{ cat "$root/.goreleaser.yml"; printf '\ndist: %s\n' "$work/goreleaser"; } >"$work/goreleaser.yml"

cd "$root"
echo "release-snapshot: $project $version, signed by $GPG_FINGERPRINT, into $dist"
start=$SECONDS
SNAPSHOT_VERSION=$version GPG_FINGERPRINT=$GPG_FINGERPRINT \
	go tool -modfile=tools/go.mod goreleaser release --snapshot --clean \
	--config "$work/goreleaser.yml" ||
	die "goreleaser release --snapshot failed (see its output above)"

out=$work/goreleaser
prefix=${project}_${version}
sums=${prefix}_SHA256SUMS
[ -f "$out/$sums" ] || die "goreleaser wrote no $sums"
[ -f "$out/$sums.sig" ] || die "goreleaser wrote no $sums.sig (signing skipped?)"
# A binary OpenPGP packet starts with a byte whose high bit is set; an
# ASCII-armored file starts with "-----BEGIN".
head -c 5 "$out/$sums.sig" | grep -q -- '-----' && die "$sums.sig is ASCII-armored: Terraform needs a binary signature"
gpg --batch --verify "$out/$sums.sig" "$out/$sums" 2>/dev/null ||
	die "$sums.sig does not verify against $sums with $GPG_FINGERPRINT"

# The manifest: goreleaser adds it to SHA256SUMS; a release uploads it.
cp "$root/terraform-registry-manifest.json" "$out/${prefix}_manifest.json" || die "cannot copy the manifest"

zips=("$out/${prefix}"_*_*.zip)
[ -e "${zips[0]}" ] || die "goreleaser wrote no ${prefix}_<os>_<arch>.zip"
# Every file SHA256SUMS lists is here and matches.
(cd "$out" && sha256sum --quiet --strict -c "$sums") || die "$sums does not match the files it lists"
[ "$(wc -l <"$out/$sums")" -eq $((${#zips[@]} + 1)) ] ||
	die "$sums lists $(wc -l <"$out/$sums") files, expected ${#zips[@]} zips and the manifest"

rm -f "$dist/${project}"_*
cp "${zips[@]}" "$out/$sums" "$out/$sums.sig" "$out/${prefix}_manifest.json" "$dist/" ||
	die "cannot copy the release files into $dist"

echo "release-snapshot: ${#zips[@]} archives, $sums, $sums.sig and the manifest in $dist ($((SECONDS - start))s)"
