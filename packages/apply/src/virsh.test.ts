/**
 * The virsh driver against the real virsh, on libvirt's test driver (test:///default: in-process,
 * no daemon, a fresh state per virsh process holding one running domain named `test`).
 */
import { chmod, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { probeProgram, requireTools } from '@virt-alias/rules/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Virsh, VirshError } from './virsh.js';

const TEST_UUID = '6695eb01-f6a4-8304-79aa-97f2502e193f';
const version = await probeProgram('virsh', ['--version']);
const virsh = new Virsh({ uri: 'test:///default', timeoutMs: 60_000 });

requireTools(
  'the virsh driver tests',
  { virsh: version },
  'install the Debian/Ubuntu package libvirt-clients',
);

async function failure(promise: Promise<unknown>): Promise<VirshError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof VirshError) return error;
    throw error;
  }
  throw new Error('expected a VirshError');
}

describe.skipIf(!version)(`Virsh (virsh ${version ?? 'missing'}, test:///default)`, () => {
  let dir = '';
  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'virt-alias-virsh-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('reads the connection URI, the domain list and a domain state', async () => {
    expect(await virsh.connectedUri()).toBe('test:///default');
    expect(await virsh.list()).toEqual([{ uuid: TEST_UUID, name: 'test' }]);
    expect(await virsh.info(TEST_UUID)).toEqual({ active: true, persistent: true, state: 'running' });
  });

  it('dumps the persistent definition with its secrets', async () => {
    const xml = await virsh.dumpInactive(TEST_UUID);
    expect(xml).toMatch(/^<domain type='test'>/);
    expect(xml).not.toMatch(/ id='/);
  });

  it('knows define --validate, and passes libvirt errors on verbatim', async () => {
    expect(await virsh.supportsValidate()).toBe(true);
    const file = path.join(dir, 'dup.xml');
    await writeFile(
      file,
      `<domain type='test'><name>d</name><memory>1024</memory><os><type>hvm</type></os><devices>` +
        `<disk type='file'><source file='/a'/><target dev='vda'/><alias name='ua-x'/></disk>` +
        `<disk type='file'><source file='/b'/><target dev='vdb'/><alias name='ua-x'/></disk></devices></domain>`,
    );
    const error = await failure(virsh.define(file, true));
    expect(error.reason).toBe('exit');
    expect(error.detail).toBe(
      `error: Failed to define domain from ${file}\nerror: unsupported configuration: non unique alias detected: ua-x`,
    );
    expect(error.args).toEqual(['-c', 'test:///default', 'define', '--validate', file]);
  });

  it('an unknown domain: virsh says so, verbatim', async () => {
    const error = await failure(virsh.info('no-such-domain'));
    expect(error.detail).toMatch(/^error: failed to get domain 'no-such-domain'/);
  });
});

describe('Virsh: what is not virsh at all', () => {
  it('a call that does not answer in time is killed and fails', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'virt-alias-virsh-'));
    try {
      const program = path.join(dir, 'hangs');
      // exec: the shell becomes sleep, so the kill reaches the process that holds the pipes.
      await writeFile(program, '#!/bin/sh\nexec sleep 600\n');
      await chmod(program, 0o755);
      const error = await failure(new Virsh({ timeoutMs: 200, program }).list());
      expect(error.reason).toBe('timeout');
      expect(error.detail).toBe('no answer within 0.2 s: killed');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('a program that cannot run', async () => {
    const error = await failure(new Virsh({ timeoutMs: 10_000, program: '/nonexistent/virsh' }).list());
    expect(error.reason).toBe('spawn');
    expect(error.detail).toMatch(/^cannot run \/nonexistent\/virsh: .*ENOENT/);
  });
});
