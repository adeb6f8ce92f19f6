#!/usr/bin/env bash
# Quick start, step 1: sets up a fresh Debian/Node 20 machine (system packages, pnpm, node
# modules, build), then lints the bundled fixtures. The fixtures hold findings on purpose, so
# virt-alias exits 1 there; this script fails only when set-up fails or virt-alias exits 2.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-system-deps.sh
command -v pnpm >/dev/null 2>&1 || npm install -g pnpm@10
pnpm install --frozen-lockfile
pnpm build
echo >&2
echo "== pnpm exec virt-alias lint fixtures/" >&2
set +e
pnpm exec virt-alias lint fixtures/
status=$?
set -e
case $status in
  0) echo "virt-alias: no findings (exit 0)" >&2 ;;
  1) echo "virt-alias: exit 1 = findings, expected here: the fixtures show every rule at work" >&2 ;;
  *) echo "virt-alias: exit $status = usage, config or internal error" >&2; exit "$status" ;;
esac
