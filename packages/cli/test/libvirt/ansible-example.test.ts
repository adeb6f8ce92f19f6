/**
 * examples/ansible, run for real: Debian's ansible-playbook against localhost (`-c local`, as
 * root), a real libvirtd with the QEMU driver (qemu:///system, started by the project's global
 * set-up, scripts/libvirtd-test.sh, only under CI=true or VIRT_ALIAS_LIBVIRTD_TEST=1), a few
 * domains of this run (one of them a running TCG guest), then the built virt-alias on the fetched
 * dumps. Under CI a missing ansible-playbook or libvirtd fails the run; elsewhere the test is
 * skipped with the reason. Every domain this test defines is destroyed and undefined afterwards.
 */
import { randomBytes } from 'node:crypto';
import { cp, readFile, readdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AuditReport } from '@virt-alias/audit';
import { IN_CI, probeProgram, runProgram } from '@virt-alias/rules/testing';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { guestXml, novaHead, URI, virsh } from '../../../apply/test/helpers.js';
import type {} from '../../../apply/test/libvirtd-setup.js';
import { BIN, run, tempTree, type RunResult } from '../helpers.js';

const EXAMPLE = fileURLToPath(new URL('../../../../examples/ansible/', import.meta.url));
/** A safety net, not a speed requirement: ansible-playbook starts a Python per task. */
const PLAYBOOK_TIMEOUT = 600_000;

/** This run's domains: unique names, so that the playbook dumps only them (domain_regex). */
const PREFIX = `va-ansible-${randomBytes(3).toString('hex')}-`;
const N = {
  running: `${PREFIX}running`,
  fixed: `${PREFIX}fixed`,
  off: `${PREFIX}off`,
  nova: `${PREFIX}nova`,
} as const;

const VOLUME = '3f1a7a52-54c4-4d1b-9d0f-2b53b3a1c0de';
const NIC = (mac: string): string =>
  `    <interface type='user'><mac address='${mac}'/><model type='e1000'/></interface>`;

function runPlaybook(args: readonly string[], cwd: string): Promise<RunResult> {
  const env = {
    ...process.env,
    ANSIBLE_NOCOLOR: '1',
    ANSIBLE_FORCE_COLOR: '0',
    ANSIBLE_RETRY_FILES_ENABLED: '0',
  };
  // A hang guard only: the playbook dumps a few domains.
  return runProgram('ansible-playbook', args, { cwd, env, timeoutMs: 600_000 });
}

/** Defines `xml` from a file in `dir`. */
async function define(dir: string, name: string, xml: string): Promise<void> {
  const file = path.join(dir, `${name}.xml`);
  await writeFile(file, xml);
  await virsh('define', file);
}

async function removeDomains(): Promise<void> {
  const names = (await virsh('list', '--all', '--name')).split('\n').map((n) => n.trim());
  for (const name of names.filter((n) => n.startsWith(PREFIX))) {
    await runProgram('virsh', ['-c', URI, 'destroy', name]);
    await runProgram('virsh', ['-c', URI, 'undefine', name]);
  }
}

const libvirtd = inject('libvirtd');

describe('examples/ansible against a real libvirtd', () => {
  let skip = '';
  beforeAll(async () => {
    const missing: string[] = [];
    if (!libvirtd.ready) missing.push(`a libvirtd on ${URI} (${libvirtd.reason})`);
    if ((await probeProgram('ansible-playbook', ['--version'])) === null)
      missing.push('ansible-playbook (Debian ansible-core)');
    if (missing.length > 0) {
      skip = `examples/ansible needs ${missing.join(', ')}`;
      if (IN_CI) throw new Error(skip);
      console.warn(`skipping: ${skip}`);
    }
  });
  afterAll(async () => {
    if (libvirtd.ready) await removeDomains();
  }, PLAYBOOK_TIMEOUT);

  it(
    'dumps every domain with virsh and its state, fetches them per host, audits each host and merges the reports',
    async (context) => {
      if (skip !== '') context.skip();
      const dir = await tempTree({ 'defs/.keep': '' }, { isolate: false });
      const defs = path.join(dir, 'defs');
      // A running TCG guest whose interface has no alias: not ready, and a fix waits for a cold boot.
      await define(
        defs,
        N.running,
        guestXml(N.running, { devices: `${NIC('52:54:00:a5:00:01')}\n    <serial type='pty'/>` }),
      );
      await virsh('start', N.running);
      // Shut off, an interface without an alias: not ready.
      await define(defs, N.off, guestXml(N.off, { devices: NIC('52:54:00:a5:00:02') }));
      // Dumped, fixed by virt-alias, defined again: every device (libvirt's defaults too) has a ua- alias.
      await define(defs, N.fixed, guestXml(N.fixed, { devices: NIC('52:54:00:a5:00:03') }));
      const fixedFile = path.join(defs, `${N.fixed}.xml`);
      await writeFile(fixedFile, await virsh('dumpxml', '--inactive', N.fixed));
      const fix = await run(['fix', '--no-config', '--write', fixedFile], { cwd: dir });
      expect(fix.code, fix.stdout + fix.stderr).toBe(0);
      await virsh('define', fixedFile);
      // Nova-managed, a volume disk (serial: its volume uuid) without ua-<volume>: Nova's hard reboot.
      await define(
        defs,
        N.nova,
        guestXml(N.nova, {
          head: novaHead('ansible'),
          devices:
            `    <disk type='file' device='disk'>\n      <source file='/var/lib/libvirt/images/${PREFIX}vol.qcow2'/>\n` +
            `      <target dev='vdb' bus='virtio'/>\n      <serial>${VOLUME}</serial>\n    </disk>`,
        }),
      );

      const work = path.join(dir, 'example');
      await cp(EXAMPLE, work, { recursive: true });
      // Against real hosts: -i inventory.ini, libvirt_uri qemu:///system, no domain_regex.
      const r = await runPlaybook(
        [
          '-i',
          'localhost,',
          '-c',
          'local',
          '-e',
          'target_hosts=localhost',
          '-e',
          `libvirt_uri=${URI}`,
          '-e',
          `domain_regex=${PREFIX}`,
          '-e',
          'ansible_become_method=su',
          '-e',
          JSON.stringify({ virt_alias_cmd: [process.execPath, BIN] }),
          'collect-and-audit.yml',
        ],
        work,
      );
      expect(r.code, r.stdout + r.stderr).toBe(0);

      const hostDir = path.join(work, 'dumps/localhost');
      expect((await readdir(hostDir)).sort()).toEqual(
        [...Object.values(N).map((n) => `${n}.xml`), 'states.tsv'].sort(),
      );
      // The states as virsh says them now (nothing started or stopped them since).
      const states = await readFile(path.join(hostDir, 'states.tsv'), 'utf8');
      for (const name of Object.values(N)) {
        expect(states).toContain(`${name}\t${(await virsh('domstate', name)).trim()}\n`);
      }
      expect(states).toContain(`${N.running}\trunning\n`);
      expect(states).toContain(`${N.off}\tshut off\n`);
      // The persistent definition even of the running guest: no <domain id=...>, no generated aliases.
      const running = await readFile(path.join(hostDir, `${N.running}.xml`), 'utf8');
      expect(running).toMatch(/^<domain type='qemu'>/u);
      expect(running).not.toContain("<alias name='net0'/>");
      // libvirt kept the alias virt-alias fix wrote.
      expect(await readFile(path.join(hostDir, `${N.fixed}.xml`), 'utf8')).toContain(
        "<alias name='ua-net-525400a50003'/>",
      );

      const host = JSON.parse(
        await readFile(path.join(work, 'reports/localhost.json'), 'utf8'),
      ) as AuditReport;
      const fleet = JSON.parse(await readFile(path.join(work, 'fleet.json'), 'utf8')) as AuditReport;
      expect(fleet).toEqual(host);
      expect(fleet.domains.map((d) => [d.name, d.host, d.state, d.ready, d.liveDump, d.novaManaged])).toEqual(
        [
          [N.fixed, 'localhost', 'shut off', true, false, false],
          [N.nova, 'localhost', 'shut off', false, false, true],
          [N.off, 'localhost', 'shut off', false, false, false],
          [N.running, 'localhost', 'running', false, false, false],
        ],
      );
      const s = fleet.summary;
      expect([s.domains, s.ready, s.notReady, s.hosts, s.novaManaged, s.liveDumps]).toEqual([
        4, 1, 3, 1, 1, 0,
      ]);
      expect(s.state).toEqual({
        running: { domains: 1, notReady: 1 },
        shutOff: { domains: 3, notReady: 2 },
        unknown: { domains: 0, notReady: 0 },
      });
      expect(s.byHost.map((h) => [h.host, h.domains, h.notReady, h.running, h.runningNotReady])).toEqual([
        ['localhost', 4, 3, 1, 1],
      ]);
      expect(s.nova.hardReboot).toEqual({ domains: 1, disks: 1 });
      // The merged report is what one audit of dumps/ gives.
      const whole = await run(['audit', '-f', 'json', 'dumps'], { cwd: work });
      expect(JSON.parse(whole.stdout)).toEqual(fleet);
      expect(await readFile(path.join(work, 'fleet.html'), 'utf8')).toMatch(/^<!DOCTYPE html>/u);
      expect(await readFile(path.join(work, 'fleet.csv'), 'utf8')).toContain(`,localhost,${N.running},`);
      expect(r.stdout).toContain('virt-alias audit: 4 domains on 1 host');
      expect(r.stdout).toContain('1 running guest not ready: a fixed definition');
    },
    PLAYBOOK_TIMEOUT,
  );
});
