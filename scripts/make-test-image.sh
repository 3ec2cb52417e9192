#!/usr/bin/env bash
# Builds the local base image the demo and the tests use: a root filesystem
# holding Debian's static busybox, imported with `docker import` (no registry
# is reachable from this kind of machine), and with `podman import` when
# podman is installed: it keeps images in a store of its own.
set -euo pipefail
image=${BOTTLE_TEST_IMAGE:-bottle-test/busybox:latest}
engines=()
for engine in docker podman; do
  command -v "$engine" >/dev/null || continue
  "$engine" image inspect "$image" >/dev/null 2>&1 || engines+=("$engine")
done
[ ${#engines[@]} -gt 0 ] || exit 0
busybox=$(command -v busybox || true)
[ -n "$busybox" ] || { echo "busybox not found: apt-get install busybox-static" >&2; exit 1; }
root=$(mktemp -d)
trap 'rm -rf "$root"' EXIT
mkdir -p "$root"/rootfs/bin "$root"/rootfs/tmp "$root"/rootfs/root "$root"/rootfs/etc
cp "$busybox" "$root/rootfs/bin/busybox"
for applet in $("$busybox" --list); do
  [ "$applet" = busybox ] || ln -s busybox "$root/rootfs/bin/$applet"
done
echo 'root:x:0:0:root:/root:/bin/sh' > "$root/rootfs/etc/passwd"
tar -C "$root/rootfs" -cf "$root/rootfs.tar" .
for engine in "${engines[@]}"; do
  "$engine" import -c 'CMD ["/bin/sh"]' -c 'ENV PATH=/bin' "$root/rootfs.tar" "$image" >/dev/null
  echo "built $image for $engine"
done
