#!/usr/bin/env bash
# pre-commit entry point of the hooks in .pre-commit-hooks.yaml (language: script).
#
#   scripts/pre-commit-hook.sh lint|fix [virt-alias options] [files...]
#
# pre-commit clones this repository, which keeps no built dist/ in git and is a pnpm workspace
# (npm cannot install `workspace:*`). So the first run in a clone installs the node modules and
# builds (pnpm 10: the one on PATH, else `npx pnpm@10`; Node 20.19+ and npm must be on PATH),
# then leaves a stamp in node_modules/ so later runs start at once. A lock keeps hook processes
# running at the same time (parallel pre-commit runs sharing PRE_COMMIT_HOME) from installing
# twice: flock(1) where it exists, else a lock directory. Then it runs
# `node packages/cli/bin/virt-alias.js lint|fix ...` with virt-alias's stdout, stderr and exit
# code (0 clean, 1 findings, 2 usage/config/I/O error). A failed set-up exits 2 with its log.
set -euo pipefail

die() {
  printf 'virt-alias (pre-commit): %s\n' "$*" >&2
  exit 2
}

case "${1:-}" in
  lint | fix) ;;
  *) die "usage: $0 lint|fix [virt-alias options] [files...]" ;;
esac

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)"
bin="$root/packages/cli/bin/virt-alias.js"
modules="$root/node_modules"
stamp="$modules/.virt-alias-pre-commit-ready"
lock="$modules/.virt-alias-pre-commit.lock"

command -v node >/dev/null 2>&1 || die "node is not on PATH: virt-alias needs Node.js 20.19 or later"

ready() { [ -f "$stamp" ] && [ -f "$root/packages/cli/dist/main.js" ]; }

# Takes the install lock; released when this process exits, however it exits.
acquire_lock() {
  mkdir -p "$modules"
  if command -v flock >/dev/null 2>&1; then
    exec 9>"$lock"
    if ! flock -n 9; then
      printf 'virt-alias (pre-commit): waiting for another hook process to finish installing in %s\n' "$root" >&2
      flock 9
    fi
    return
  fi
  local waited=0 owner
  until mkdir "$lock.d" 2>/dev/null; do
    owner="$(cat "$lock.d/pid" 2>/dev/null || true)"
    if [ -n "$owner" ] && ! kill -0 "$owner" 2>/dev/null; then
      rm -rf "$lock.d" # its owner died without cleaning up
      continue
    fi
    [ "$waited" -eq 0 ] &&
      printf 'virt-alias (pre-commit): waiting for another hook process to finish installing in %s\n' "$root" >&2
    waited=$((waited + 1))
    [ "$waited" -le 1800 ] || die "gave up waiting for $lock.d after 30 minutes (remove it if no install runs)"
    sleep 1
  done
  echo "$$" >"$lock.d/pid"
  trap 'rm -rf "$lock.d"' EXIT
}

release_lock() {
  if [ -d "$lock.d" ] && [ "$(cat "$lock.d/pid" 2>/dev/null || true)" = "$$" ]; then
    rm -rf "$lock.d"
    trap - EXIT
  fi
  exec 9>&- # closes the flock descriptor, if any
}

install() {
  local pnpm log
  if command -v pnpm >/dev/null 2>&1 && [ "$(pnpm --version 2>/dev/null | cut -d. -f1)" = 10 ]; then
    pnpm=(pnpm)
  else
    command -v npx >/dev/null 2>&1 || die "neither pnpm 10 nor npx is on PATH: install Node.js 20 with npm"
    pnpm=(npx --yes pnpm@10)
  fi
  printf 'virt-alias (pre-commit): first run: installing and building in %s (%s)\n' "$root" "${pnpm[*]}" >&2
  log="$(mktemp "${TMPDIR:-/tmp}/virt-alias-pre-commit.XXXXXX")"
  # NODE_ENV=production would make pnpm skip the dev dependencies the build needs (TypeScript).
  if ! (cd "$root" && env -u NODE_ENV "${pnpm[@]}" install --frozen-lockfile && "${pnpm[@]}" build) \
    </dev/null >"$log" 2>&1; then
    cat "$log" >&2
    rm -f "$log"
    die "installing virt-alias failed (log above); the next run tries again"
  fi
  rm -f "$log"
  touch "$stamp"
}

if ! ready; then
  acquire_lock
  ready || install
  release_lock # exec below would keep it: the trap never runs, fd 9 stays open
fi

exec node "$bin" "$@"
