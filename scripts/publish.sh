#!/usr/bin/env bash
# Publishes every public package of the workspace, as `pnpm build` left it, to
# a registry: `bash scripts/publish.sh [registry-url]` (default: npm's own).
# Order matters: each package's dependencies go first, so that an install can
# never find a package whose dependencies are not there yet. `pnpm pack`
# rewrites the `workspace:` ranges to the versions being published and adds
# the workspace's LICENSE; npm publishes the tarball it made.
set -euo pipefail
cd "$(dirname "$0")/.."
registry=${1:-https://registry.npmjs.org/}
packages=(packages/core plugins/docker plugins/macos-container plugins/smolmachines packages/cli .)

out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
for dir in "${packages[@]}"; do
  name=$(node -p "require('./$dir/package.json').name")
  tarball=$(cd "$dir" && pnpm pack --pack-destination "$out" | tail -1)
  printf '==> publishing %s to %s\n' "$name" "$registry" >&2
  npm publish "$tarball" --registry "$registry" --tag "${BOTTLE_PUBLISH_TAG:-latest}" --loglevel warn
done
