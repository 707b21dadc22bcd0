#!/usr/bin/env bash
# Builds sample container functions as image tars (what `docker save` writes), without a registry:
# a root filesystem holding the static busybox of this machine (Debian: busybox-static) and an
# entrypoint that reads stdin and writes stdout. Output: samples/containers/<name>.tar and its
# SHA-256 (the function's digest) on stdout. Needs a running Docker engine.
#   samples/containers/build.sh            # upper and echo
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
busybox="${BUSYBOX:-/bin/busybox}"
if ! file -L "$busybox" 2>/dev/null | grep -q 'statically linked'; then
  echo "$busybox is not a static busybox; install busybox-static" >&2
  exit 1
fi

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/rootfs/bin" "$work/rootfs/tmp"
chmod 1777 "$work/rootfs/tmp"
cp "$busybox" "$work/rootfs/bin/busybox"
for applet in sh cat tr; do ln -s busybox "$work/rootfs/bin/$applet"; done
tar -C "$work/rootfs" --numeric-owner --owner=0 --group=0 -cf "$work/rootfs.tar" .

build() { # name, entrypoint as JSON
  local name="$1" entrypoint="$2" tag="edgemarket-sample/$1:build"
  docker import --change "ENTRYPOINT $entrypoint" "$work/rootfs.tar" "$tag" >/dev/null
  # Saved by id, not by tag: the tar then names no tag that a provider's `docker load` would move.
  docker save -o "$here/$name.tar" "$(docker image inspect -f '{{.Id}}' "$tag")"
  docker rmi "$tag" >/dev/null
  echo "$name $(sha256sum "$here/$name.tar" | cut -d' ' -f1)"
}

build upper '["/bin/tr", "a-z", "A-Z"]'
build echo '["/bin/cat"]'
