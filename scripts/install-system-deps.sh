#!/usr/bin/env bash
# Installs the Debian packages the tests use for real: virsh and libvirt's RelaxNG schemas
# (libvirt-clients), xmllint (libxml2-utils); for the CI recipes (packages/cli/test/recipes.test.ts)
# git, pre-commit, ansible-playbook (ansible-core) and Python's yaml module (python3-yaml); python3
# for examples/openstack-mapping (packages/cli/test/openstack-mapping-example.test.ts); chromium for
# the audit's HTML report in a real browser (packages/cli/test/audit-html-browser.test.ts, driven by
# playwright-core with this executable: no browser is ever downloaded); a libvirtd with the QEMU
# driver and QEMU itself for the apply tests on qemu:///system (packages/apply/test, started by
# scripts/libvirtd-test.sh: libvirt-daemon, libvirt-daemon-driver-qemu, qemu-system-x86);
# for `pnpm bench` and its test (scripts/bench/) Debian's python3-lxml for /usr/bin/python3, and GNU
# time (/usr/bin/time).
# Idempotent; needs root or sudo.
set -euo pipefail
missing=()
command -v virsh >/dev/null 2>&1 || missing+=(libvirt-clients)
[ -f /usr/share/libvirt/schemas/domain.rng ] || missing+=(libvirt-clients)
command -v xmllint >/dev/null 2>&1 || missing+=(libxml2-utils)
command -v python3 >/dev/null 2>&1 || missing+=(python3)
command -v git >/dev/null 2>&1 || missing+=(git)
command -v pre-commit >/dev/null 2>&1 || missing+=(pre-commit)
command -v ansible-playbook >/dev/null 2>&1 || missing+=(ansible-core)
command -v chromium >/dev/null 2>&1 || missing+=(chromium)
[ -x /usr/sbin/libvirtd ] || missing+=(libvirt-daemon)
compgen -G '/usr/lib/*/libvirt/connection-driver/libvirt_driver_qemu.so' >/dev/null || missing+=(libvirt-daemon-driver-qemu)
command -v qemu-system-x86_64 >/dev/null 2>&1 || missing+=(qemu-system-x86)
{ python3 -c 'import yaml' || /usr/bin/python3 -c 'import yaml'; } >/dev/null 2>&1 || missing+=(python3-yaml)
/usr/bin/python3 -c 'import lxml.etree' >/dev/null 2>&1 || missing+=(python3-lxml)
[ -x /usr/bin/time ] || missing+=(time)
if [ ${#missing[@]} -eq 0 ]; then
  echo "system packages: already installed" >&2
  exit 0
fi
sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"
echo "system packages: installing ${missing[*]}" >&2
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
