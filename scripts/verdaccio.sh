#!/usr/bin/env bash
# Installs Verdaccio, the npm registry the registry end-to-end test starts on
# loopback, into a tools folder outside the clone (kept between runs, like
# its cache of third-party packages): prints the path of its binary.
# 5.x: 6.x needs Node 22. The override: the npm registry reachable here lacks
# the node-fetch dist-tag verdaccio-audit asks for.
set -euo pipefail
version=5.33.0
dir=${BOTTLE_TOOLS_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/bottle-tools}/verdaccio-$version
bin=$dir/node_modules/.bin/verdaccio
if [ ! -x "$bin" ]; then
  mkdir -p "$dir"
  printf '{"private": true, "overrides": {"node-fetch": "2.7.0"}}\n' >"$dir/package.json"
  npm install --prefix "$dir" --omit=dev --no-audit --no-fund --loglevel error "verdaccio@$version" >&2
fi
echo "$bin"
