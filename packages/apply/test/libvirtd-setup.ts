/**
 * Global set-up of the `apply-libvirt` test project: a libvirtd with the QEMU driver on
 * qemu:///system, started without systemd by scripts/libvirtd-test.sh when none answers (see
 * that script for what it changes, and only under CI=true or VIRT_ALIAS_LIBVIRTD_TEST=1), and
 * stopped again afterwards, by pid, when this set-up started it. Under CI a libvirtd that cannot
 * start fails the run; elsewhere the tests are skipped with the reason.
 */
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { TestProject } from 'vitest/node';

/**
 * `IN_CI` of @virt-alias/rules/testing, which a global set-up cannot import: vitest loads it
 * without the `source` export condition the test files resolve with.
 */
const IN_CI = !['', '0', 'false'].includes((process.env.CI ?? '').toLowerCase());

const SCRIPT = fileURLToPath(new URL('../../../scripts/libvirtd-test.sh', import.meta.url));

export type LibvirtdState = { readonly ready: true } | { readonly ready: false; readonly reason: string };

declare module 'vitest' {
  export interface ProvidedContext {
    libvirtd: LibvirtdState;
  }
}

function script(command: 'start' | 'stop'): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    // A hang guard only: the first QEMU capability probe may take a while on a loaded machine.
    execFile('bash', [SCRIPT, command], { timeout: 600_000 }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
      resolve({
        code,
        stdout,
        stderr: error && typeof error.code !== 'number' ? `${stderr}${error.message}` : stderr,
      });
    });
  });
}

export default async function setup(project: TestProject): Promise<(() => Promise<void>) | undefined> {
  const start = await script('start');
  // What the script did (wrote qemu.conf, started which daemon) is worth seeing in the log.
  process.stderr.write(start.stderr);
  if (start.code !== 0) {
    const reason = start.stderr.trim() || `scripts/libvirtd-test.sh start exited ${start.code}`;
    if (IN_CI) throw new Error(`CI: the apply tests need a libvirtd, and it did not start: ${reason}`);
    project.provide('libvirtd', { ready: false, reason });
    return undefined;
  }
  project.provide('libvirtd', { ready: true });
  if (start.stdout.trim() !== 'started') return undefined;
  return async () => {
    const stop = await script('stop');
    process.stderr.write(stop.stderr);
  };
}
