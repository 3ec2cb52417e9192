#!/usr/bin/env bash
# The README's two commands, `bash scripts/demo.sh` and `bash scripts/test.sh`,
# on a fresh minimal Debian 12: a `debootstrap --variant=minbase` root of
# bookworm with only Node 20 and npm added, run in a privileged container with
# a dockerd of its own. Development machines have packages that a fresh one
# lacks; this catches an install step setup.sh misses before a user does.
# It checks the commit checked out (HEAD), not uncommitted changes.
#
#   bash scripts/check-fresh-debian.sh [--rebuild]
#
# Needs root, a Docker engine and the Debian mirror (DEBIAN_MIRROR). The root
# is imported once as the image bottle-check/fresh-debian:bookworm and reused;
# --rebuild makes it again. Every run starts a new container from it.
set -euo pipefail
cd "$(dirname "$0")/.."

image=bottle-check/fresh-debian:bookworm
mirror=${DEBIAN_MIRROR:-http://deb.debian.org/debian}
name=bottle-fresh-debian-$$
work=$(mktemp -d "${TMPDIR:-/var/tmp}/bottle-fresh-debian.XXXXXX")
started=$SECONDS
trap 'docker rm -f -v "$name" >/dev/null 2>&1 || true; rm -rf "$work"' EXIT

say() { printf '==> [%s +%ss] %s\n' "$(date -u +%T)" "$((SECONDS - started))" "$*" >&2; }
fail() { say "FAIL: $*"; exit 1; }

[ "$(id -u)" = 0 ] || fail "run as root (debootstrap and a privileged container)"
case "$(node --version)" in v20.*) ;; *) fail "this machine's node is $(node --version); the check adds Node 20" ;; esac

if [ "${1:-}" = --rebuild ] || ! docker image inspect "$image" >/dev/null 2>&1; then
  command -v debootstrap >/dev/null || { say "installing debootstrap"; apt-get install -y -qq debootstrap >/dev/null; }
  say "debootstrap --variant=minbase bookworm from $mirror"
  debootstrap --variant=minbase bookworm "$work/root" "$mirror" >"$work/debootstrap.log" 2>&1 || { tail -20 "$work/debootstrap.log" >&2; fail "debootstrap"; }
  # Node 20 and npm: this machine's (Debian's own nodejs is 18), the node
  # binary and npm's package with its two commands, nothing else of /usr.
  npm_dir=$(npm root --global)/npm
  say "adding node $(node --version) ($(command -v node)) and npm $(npm --version) ($npm_dir)"
  tar -C / -cf - "$(command -v node | cut -c2-)" "${npm_dir#/}" "$(command -v npm | cut -c2-)" "$(command -v npx | cut -c2-)" |
    tar -C "$work/root" -xf -
  tar -C "$work/root" -c . | docker import -c 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' - "$image" >/dev/null
  rm -rf "$work/root"
fi

# A machine behind an intercepting proxy (as this project's build machines
# are) reaches the registries under addresses of its /etc/hosts and trusts the
# proxy's CA through NODE_EXTRA_CA_CERTS: carry both over, nothing else.
site=()
for host in deb.debian.org registry.npmjs.org; do
  address=$(awk -v host="$host" '!/^#/ { for (i = 2; i <= NF; i++) if ($i == host) { print $1; exit } }' /etc/hosts)
  [ -z "$address" ] || site+=(--add-host "$host:$address")
done
[ -z "${NODE_EXTRA_CA_CERTS:-}" ] || site+=(-e NODE_EXTRA_CA_CERTS=/etc/bottle-check-ca.crt)

commit=$(git rev-parse HEAD)
[ -z "$(git status --porcelain)" ] || say "note: uncommitted changes are not checked, only $commit"
git clone --quiet "$PWD" "$work/bottle"
git -C "$work/bottle" checkout --quiet --detach "$commit"

# Privileged by hand: every capability but CAP_SYS_RESOURCE, which some engines
# cannot grant (this project's Firecracker VMs), no seccomp, AppArmor or masked
# paths, and the container's cgroups (v1 or v2) writable. Its dockerd needs /var/lib/docker
# off the container's overlay, as do the private engines some tests start
# under /tmp: a volume each, removed with the container.
docker run -d --init --name "$name" --cap-add ALL --cap-drop SYS_RESOURCE \
  --security-opt seccomp=unconfined --security-opt apparmor=unconfined --security-opt systempaths=unconfined \
  -v /var/lib/docker -v /tmp "${site[@]}" "$image" sleep infinity >/dev/null
docker exec "$name" sh -c 'for m in $(awk '\''$3 ~ /^cgroup2?$/ { print $2 }'\'' /proc/mounts); do mount -o remount,bind,rw "$m"; done'
[ -z "${NODE_EXTRA_CA_CERTS:-}" ] || docker cp -L "$NODE_EXTRA_CA_CERTS" "$name:/etc/bottle-check-ca.crt"
docker cp "$work/bottle" "$name:/root/bottle"
say "container $name from $image, clone of $commit in /root/bottle"

times=()
for command in 'bash scripts/demo.sh' 'bash scripts/test.sh'; do
  say "$command"
  begun=$SECONDS
  docker exec -w /root/bottle "$name" $command || fail "$command exited $? after $((SECONDS - begun))s"
  times+=("$command: $((SECONDS - begun))s")
done
say "OK on a fresh Debian 12 (${times[*]/%/;} total $((SECONDS - started))s)"
