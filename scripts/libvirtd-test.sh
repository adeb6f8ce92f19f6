#!/usr/bin/env bash
# Starts virtlogd and libvirtd (QEMU driver, qemu:///system) without systemd for the integration
# tests of `virt-alias apply`, and stops again the daemons it started, by their pid.
#
#   scripts/libvirtd-test.sh start    # prints "started" or "already-running" on stdout
#   scripts/libvirtd-test.sh stop     # stops only what `start` started
#
# A libvirtd that already answers on qemu:///system is used as it is and never stopped or
# reconfigured. Otherwise starting one changes the machine, so `start` runs only on a test
# machine: under CI=true or VIRT_ALIAS_LIBVIRTD_TEST=1, as root. It then
#   - writes /etc/libvirt/qemu.conf with user = "root" and group = "root" (only when that file
#     does not exist or is one this script wrote; it says so on stderr, and `stop` removes it).
#     Why: where /dev/kvm is root-only (0600), libvirtd's QEMU capability probe running as
#     libvirt-qemu cannot use KVM and can loop, and every define hangs. Guests of type 'qemu'
#     (TCG) then run as root: acceptable on a throw-away test machine, never on a real host;
#   - creates the kvm group and the libvirt-qemu user and group if missing (what the Debian
#     package's maintainer scripts would have made);
#   - clears libvirt's QEMU capabilities cache, so no stale probe result is reused.
# Every virsh call has a timeout: a wedged daemon fails the set-up instead of hanging it.
set -euo pipefail

STATE_DIR=${VIRT_ALIAS_LIBVIRTD_STATE:-/run/virt-alias-libvirtd-test}
URI=qemu:///system
QEMU_CONF=/etc/libvirt/qemu.conf
MARKER='# written by virt-alias scripts/libvirtd-test.sh for tests; removed by its stop'
CAPS_CACHE=/var/cache/libvirt/qemu/capabilities

say() { printf 'libvirtd-test: %s\n' "$*" >&2; }
die() {
  say "$*"
  exit 1
}

answers() { timeout 20 virsh -c "$URI" version >/dev/null 2>&1; }

truthy() { case "${1:-}" in '' | 0 | false | FALSE | False) return 1 ;; *) return 0 ;; esac }

# The pid in FILE when that process is still the program NAME (a pid can be reused).
live_pid() {
  local file=$1 name=$2 pid
  [ -f "$file" ] || return 1
  pid=$(cat "$file")
  [[ $pid =~ ^[0-9]+$ ]] || return 1
  [ "$(cat "/proc/$pid/comm" 2>/dev/null)" = "$name" ] || return 1
  echo "$pid"
}

stop_pid() {
  local file=$1 name=$2 pid
  pid=$(live_pid "$file" "$name") || {
    rm -f "$file"
    return 0
  }
  kill -TERM "$pid"
  for _ in $(seq 1 100); do
    [ -d "/proc/$pid" ] || break
    sleep 0.1
  done
  if [ -d "/proc/$pid" ]; then
    say "$name (pid $pid) did not stop on SIGTERM: SIGKILL"
    kill -KILL "$pid" 2>/dev/null || true
  fi
  say "stopped $name (pid $pid)"
  rm -f "$file"
}

start() {
  if answers; then
    say "a libvirtd already answers on $URI: using it (it will not be stopped)"
    echo already-running
    return 0
  fi
  if ! truthy "${CI:-}" && ! truthy "${VIRT_ALIAS_LIBVIRTD_TEST:-}"; then
    die "no libvirtd answers on $URI, and starting one reconfigures libvirt (qemu.conf user=root): only under CI=true or VIRT_ALIAS_LIBVIRTD_TEST=1, on a test machine"
  fi
  [ "$(id -u)" -eq 0 ] || die "starting libvirtd for qemu:///system needs root"
  for program in libvirtd virtlogd virsh qemu-system-x86_64; do
    command -v "$program" >/dev/null 2>&1 ||
      die "$program not found: install libvirt-daemon libvirt-daemon-driver-qemu qemu-system-x86 libvirt-clients (scripts/install-system-deps.sh)"
  done
  mkdir -p "$STATE_DIR" /var/log/libvirt /var/run/libvirt /var/lib/libvirt/qemu /etc/libvirt

  getent group kvm >/dev/null || groupadd --system kvm
  getent group libvirt-qemu >/dev/null || groupadd --system libvirt-qemu
  getent passwd libvirt-qemu >/dev/null ||
    useradd --system --gid libvirt-qemu --groups kvm --home-dir /var/lib/libvirt --no-create-home \
      --shell /usr/sbin/nologin libvirt-qemu

  if [ ! -e "$QEMU_CONF" ]; then
    printf '%s\nuser = "root"\ngroup = "root"\n' "$MARKER" >"$QEMU_CONF"
    touch "$STATE_DIR/qemu.conf.ours"
    say "wrote $QEMU_CONF (user = \"root\", group = \"root\": test machines only; stop removes it)"
  elif head -n 1 "$QEMU_CONF" | grep -qxF "$MARKER"; then
    touch "$STATE_DIR/qemu.conf.ours"
    say "$QEMU_CONF is the one this script wrote (user = \"root\"): kept"
  else
    say "$QEMU_CONF exists and is not this script's: left as it is (if define hangs, see docs/apply.md, \"Testing\")"
  fi
  rm -rf "${CAPS_CACHE:?}"/*
  say "cleared $CAPS_CACHE"

  if ! live_pid "$STATE_DIR/virtlogd.pid" virtlogd >/dev/null; then
    virtlogd -d -p "$STATE_DIR/virtlogd.pid"
    say "started virtlogd (pid $(cat "$STATE_DIR/virtlogd.pid"))"
  fi
  libvirtd -d -p "$STATE_DIR/libvirtd.pid"
  say "started libvirtd (pid $(cat "$STATE_DIR/libvirtd.pid"))"
  # A hang guard, not a measure: the daemon normally answers within a second.
  for _ in $(seq 1 120); do
    answers && break
    live_pid "$STATE_DIR/libvirtd.pid" libvirtd >/dev/null || die "libvirtd exited during start-up"
    sleep 0.5
  done
  answers || die "libvirtd does not answer on $URI"
  # The first capabilities query runs the QEMU probe: where it would hang, fail here.
  timeout 300 virsh -c "$URI" domcapabilities --virttype qemu >/dev/null ||
    die "libvirtd answers but its QEMU capability probe failed or hung"
  echo started
}

stop() {
  stop_pid "$STATE_DIR/libvirtd.pid" libvirtd
  stop_pid "$STATE_DIR/virtlogd.pid" virtlogd
  if [ -f "$STATE_DIR/qemu.conf.ours" ]; then
    if head -n 1 "$QEMU_CONF" 2>/dev/null | grep -qxF "$MARKER"; then
      rm -f "$QEMU_CONF"
      say "removed $QEMU_CONF"
    fi
    rm -f "$STATE_DIR/qemu.conf.ours"
  fi
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  *)
    echo "usage: $0 start|stop" >&2
    exit 2
    ;;
esac
