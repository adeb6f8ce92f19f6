/**
 * examples/ansible, run for real: Debian's ansible-playbook against localhost (`-c local`), virsh
 * on libvirt's test driver (`test:///default`, one domain `test`, no daemon), then the built
 * virt-alias on the fetched dumps. A missing tool skips the test with a warning outside CI and
 * fails it with CI=true.
 */
import { spawn } from 'node:child_process';
import { cp, readFile, readdir } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AuditReport } from '@virt-alias/audit';
import { IN_CI, probeProgram } from '@virt-alias/rules/testing';
import { beforeAll, describe, expect, it } from 'vitest';
import { BIN, tempTree, type RunResult } from './helpers.js';

const EXAMPLE = fileURLToPath(new URL('../../../examples/ansible/', import.meta.url));
/** A safety net, not a speed requirement: ansible-playbook starts a Python per task. */
const PLAYBOOK_TIMEOUT = 240_000;
const TOOLS = { 'ansible-playbook': 'ansible-core', virsh: 'libvirt-clients' } as const;

function runPlaybook(args: readonly string[], cwd: string): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const env = {
      ...process.env,
      ANSIBLE_NOCOLOR: '1',
      ANSIBLE_FORCE_COLOR: '0',
      ANSIBLE_RETRY_FILES_ENABLED: '0',
    };
    const child = spawn('ansible-playbook', args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (s: string) => (stdout += s));
    child.stderr.setEncoding('utf8').on('data', (s: string) => (stderr += s));
    child.on('error', reject);
    child.on('close', (code) => {
      resolve({ code: code ?? -1, stdout, stderr });
    });
  });
}

describe('examples/ansible', () => {
  let missing: string[] = [];
  beforeAll(async () => {
    missing = [];
    if ((await probeProgram('ansible-playbook', ['--version'])) === null) missing.push('ansible-playbook');
    if ((await probeProgram('virsh', ['-c', 'test:///default', 'list', '--all', '--name'])) === null)
      missing.push('virsh');
    if (missing.length > 0) {
      const message = `examples/ansible needs ${missing.map((t) => `${t} (Debian ${TOOLS[t as keyof typeof TOOLS]})`).join(', ')}`;
      if (IN_CI) throw new Error(message);
      console.warn(`skipping: ${message}`);
    }
  });

  it(
    'dumps every domain with virsh, fetches the dumps per host, audits each host and merges the reports',
    async (context) => {
      if (missing.length > 0) context.skip();
      const dir = await tempTree({}, { isolate: false });
      await cp(EXAMPLE, dir, { recursive: true });
      // Against real hosts: -i inventory.ini, and libvirt_uri stays qemu:///system.
      const r = await runPlaybook(
        [
          '-i',
          'localhost,',
          '-c',
          'local',
          '-e',
          'target_hosts=localhost',
          '-e',
          'libvirt_uri=test:///default',
          '-e',
          'ansible_become_method=su',
          '-e',
          JSON.stringify({ virt_alias_cmd: [process.execPath, BIN] }),
          'collect-and-audit.yml',
        ],
        dir,
      );
      expect(r.code, r.stdout + r.stderr).toBe(0);
      expect((await readdir(path.join(dir, 'dumps/localhost'))).sort()).toEqual(['states.tsv', 'test.xml']);
      expect(await readFile(path.join(dir, 'dumps/localhost/states.tsv'), 'utf8')).toBe('test\trunning\n');
      // The persistent definition, not the live state: no <domain id=...>.
      const xml = await readFile(path.join(dir, 'dumps/localhost/test.xml'), 'utf8');
      expect(xml).toMatch(/^<domain type='test'>/u);

      const host = JSON.parse(
        await readFile(path.join(dir, 'reports/localhost.json'), 'utf8'),
      ) as AuditReport;
      const fleet = JSON.parse(await readFile(path.join(dir, 'fleet.json'), 'utf8')) as AuditReport;
      expect(fleet).toEqual(host);
      expect(fleet.domains.map((d) => [d.file, d.host, d.name, d.liveDump])).toEqual([
        ['dumps/localhost/test.xml', 'localhost', 'test', false],
      ]);
      expect(await readFile(path.join(dir, 'fleet.html'), 'utf8')).toMatch(/^<!DOCTYPE html>/u);
      expect(r.stdout).toContain('virt-alias audit: 1 domain on 1 host');
    },
    PLAYBOOK_TIMEOUT,
  );
});
