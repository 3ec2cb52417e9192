#!/usr/bin/env bash
# The benchmark from a fresh machine: set-up, then bench/run.mjs (arguments are passed on).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
node bench/run.mjs "$@"
