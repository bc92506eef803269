#!/usr/bin/env bash
# Builds, with no image registry, a local stand-in for the official
# node:<version>-bookworm-slim image, and prints its name: Debian bookworm
# from the Debian mirror (debootstrap, minbase, trimmed as Debian's slim images
# are) plus this machine's own Node.js, laid out as the official image lays it
# out (node, npm and the headers under /usr/local). The image stays in
# podman's store under a tag made from everything that goes into it, so later
# runs reuse it at once.
#
# Settings: DEBIAN_MIRROR (default http://deb.debian.org/debian), DEBIAN_SECURITY_MIRROR
# (default http://deb.debian.org/debian-security), CONTAINERS_CONF
# (podman's settings on machines that need them, see scripts/container/containers.conf).
# Needs root, debootstrap and podman.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
mirror=${DEBIAN_MIRROR:-http://deb.debian.org/debian}
security_mirror=${DEBIAN_SECURITY_MIRROR:-http://deb.debian.org/debian-security}
suite=bookworm
node_bin=$(readlink -f "$(command -v node)")
prefix=$(dirname "$(dirname "$node_bin")")
node_version=$("$node_bin" -p process.versions.node)
# The machine's trusted certificates, so that npm inside a build reaches the
# registry exactly as it does outside (a proxy with its own CA included).
ca_bundle=/etc/ssl/certs/ca-certificates.crt

key=$( { cat "$0"; echo "$mirror $security_mirror $suite $node_version"; sha256sum "$node_bin"; [ -f "$ca_bundle" ] && sha256sum "$ca_bundle"; true; } | sha256sum | cut -c1-12)
image="localhost/oliver-node-base:${node_version}-${suite}-slim-${key}"
if podman image exists "$image"; then
  echo "$image"
  exit 0
fi

work=$(mktemp -d /var/tmp/oliver-node-base.XXXXXX)
trap 'rm -rf "$work"' EXIT
rootfs="$work/rootfs"
mkdir -p "$rootfs/etc/dpkg/dpkg.cfg.d"
# As Debian's slim images: no manuals, documentation or translations.
cat >"$rootfs/etc/dpkg/dpkg.cfg.d/slim" <<'SLIM'
path-exclude /usr/share/doc/*
path-include /usr/share/doc/*/copyright
path-exclude /usr/share/man/*
path-exclude /usr/share/groff/*
path-exclude /usr/share/info/*
path-exclude /usr/share/lintian/*
path-exclude /usr/share/linda/*
path-exclude /usr/share/locale/*
SLIM
debootstrap --variant=minbase "$suite" "$rootfs" "$mirror" >"$work/debootstrap.log" 2>&1 || {
  tail -n 20 "$work/debootstrap.log" >&2
  exit 1
}
rm -rf "$rootfs"/usr/share/doc/*/[!c]* "$rootfs"/usr/share/man/* "$rootfs"/usr/share/info/* "$rootfs"/usr/share/locale/* \
  "$rootfs"/var/cache/apt/archives/*.deb "$rootfs"/var/cache/apt/*.bin "$rootfs"/var/lib/apt/lists/* "$rootfs"/var/log/*.log
# Where the official image keeps them, in the same (deb822) form.
rm -f "$rootfs/etc/apt/sources.list"
cat >"$rootfs/etc/apt/sources.list.d/debian.sources" <<SOURCES
Types: deb
URIs: $mirror
Suites: $suite $suite-updates
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg

Types: deb
URIs: $security_mirror
Suites: $suite-security
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
SOURCES

# Node.js where the official image puts it.
install -D -m 0755 "$node_bin" "$rootfs/usr/local/bin/node"
mkdir -p "$rootfs/usr/local/lib/node_modules" "$rootfs/usr/local/include" "$rootfs/usr/local/etc"
cp -a "$prefix/lib/node_modules/npm" "$rootfs/usr/local/lib/node_modules/npm"
[ -d "$prefix/lib/node_modules/corepack" ] && cp -a "$prefix/lib/node_modules/corepack" "$rootfs/usr/local/lib/node_modules/corepack"
# The headers, so native addons (better-sqlite3) compile without downloading them.
cp -a "$prefix/include/node" "$rootfs/usr/local/include/node"
ln -s ../lib/node_modules/npm/bin/npm-cli.js "$rootfs/usr/local/bin/npm"
ln -s ../lib/node_modules/npm/bin/npx-cli.js "$rootfs/usr/local/bin/npx"
if [ -f "$ca_bundle" ]; then
  install -D -m 0644 "$ca_bundle" "$rootfs/etc/ssl/certs/ca-certificates.crt"
  echo "cafile=/etc/ssl/certs/ca-certificates.crt" >"$rootfs/usr/local/etc/npmrc"
fi

tar -C "$rootfs" -c . | podman import \
  --change 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
  --change "ENV NODE_VERSION=$node_version" \
  --change 'CMD ["node"]' \
  --message "Debian $suite (debootstrap) with Node.js $node_version" \
  - "$image" >/dev/null
echo "$image"
