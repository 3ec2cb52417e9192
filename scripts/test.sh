#!/usr/bin/env bash
# The whole test suite from a fresh machine: set-up, then unit and end-to-end tests.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
pnpm lint
pnpm exec vitest run
