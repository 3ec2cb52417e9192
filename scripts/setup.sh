#!/usr/bin/env bash
# Everything a fresh Debian 12 machine with Node 20 and npm needs to build,
# demo and test bottle: pnpm, the workspace, a Docker engine, podman, the
# local test image (for both). Safe to run again: each step is skipped when already done.
set -euo pipefail
cd "$(dirname "$0")/.."

say() { printf '==> %s\n' "$*" >&2; }
as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }

pnpm_version=$(node -p "require('./package.json').packageManager.split('@')[1]")
if [ "$(pnpm --version 2>/dev/null)" != "$pnpm_version" ]; then
  say "installing pnpm $pnpm_version"
  npm install --global --silent "pnpm@$pnpm_version"
fi

# Every command the scripts and tests run, with the Debian package that has
# it: a minimal Debian (debootstrap's minbase, a container image) lacks many.
# scripts/check-fresh-debian.sh is what proves this list complete.
commands=(
  docker:docker.io dockerd:docker.io    # the engine the tests and the demo commit on
  podman:podman                         # the engine cases run on podman too
  docker-registry:docker-registry       # the lifecycle tests push to it
  busybox:busybox-static                # the test image
  script:bsdutils                       # pseudo-terminal tests
  pkill:procps                          # fault tests: the docker client killed, a private engine's clean-up
  ip:iproute2 umount:mount              # a private engine's bridge and mounts
  tar:tar gzip:gzip                     # export/import, the export hint
  grep:grep sort:coreutils xargs:findutils
  /usr/bin/time:time                    # the bench's peak memory
)
missing=()
for entry in "${commands[@]}"; do
  package=${entry#*:}
  command -v "${entry%%:*}" >/dev/null || [[ " ${missing[*]} " == *" $package "* ]] || missing+=("$package")
done
if [ ${#missing[@]} -gt 0 ]; then
  say "installing ${missing[*]}"
  as_root apt-get update -qq
  DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq "${missing[@]}" >/dev/null
fi

# Rootful podman in a container like CI's cannot raise rlimits to its own
# defaults; containers.conf sets ones it can (a bottle's --ulimit replaces them).
podman_conf=/etc/containers/containers.conf
ulimits='default_ulimits = ["nofile=1024:1024", "nproc=4096:4096"]'
if ! grep -qs '^default_ulimits' "$podman_conf"; then
  say "writing default_ulimits to $podman_conf"
  as_root mkdir -p "$(dirname "$podman_conf")"
  if grep -qs '^\[containers\]' "$podman_conf"; then
    as_root sed -i "/^\[containers\]/a $ulimits" "$podman_conf"
  else
    printf '[containers]\n%s\n' "$ulimits" | as_root tee -a "$podman_conf" >/dev/null
  fi
fi

if ! docker info >/dev/null 2>&1; then
  say "starting dockerd"
  as_root sh -c 'nohup dockerd >/var/log/bottle-dockerd.log 2>&1 &'
  for _ in $(seq 60); do docker info >/dev/null 2>&1 && break; sleep 0.5; done
  docker info >/dev/null 2>&1 || { tail -20 /var/log/bottle-dockerd.log >&2; say "dockerd did not start"; exit 1; }
fi

# The lifecycle tests push to a registry: Debian's, on loopback only (docker
# trusts 127.0.0.0/8 without TLS), with the packaged config's auth left out.
registry=${BOTTLE_TEST_REGISTRY:-127.0.0.1:5000}
if ! node -e "fetch('http://$registry/v2/').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"; then
  say "starting docker-registry on $registry"
  registry_dir=${TMPDIR:-/tmp}/bottle-registry
  mkdir -p "$registry_dir/data"
  printf 'version: 0.1\nstorage:\n  filesystem:\n    rootdirectory: %s\n  delete:\n    enabled: true\nhttp:\n  addr: %s\n' \
    "$registry_dir/data" "$registry" > "$registry_dir/config.yml"
  nohup docker-registry serve "$registry_dir/config.yml" >"$registry_dir/log" 2>&1 &
  for _ in $(seq 40); do node -e "fetch('http://$registry/v2/').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))" && break; sleep 0.25; done
fi

say "installing verdaccio (the npm registry the registry e2e test starts)"
bash scripts/verdaccio.sh >/dev/null

say "installing workspace dependencies"
pnpm install --frozen-lockfile
say "building"
pnpm run --silent build
bash scripts/make-test-image.sh
