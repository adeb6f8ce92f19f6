import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { Engine, FILES_PER_AUTO_SCHEMA_WORKER } from '@virt-alias/engine';
import { describe, expect, it, vi } from 'vitest';
import { onlyAliasCharset, run, spawnBin, tempTree } from './helpers.js';

const RNG = 'http://relaxng.org/ns/structure/1.0';

/** A schema directory whose domain.rng accepts `<domain><name>...</name></domain>` only. */
const TINY_SCHEMA = {
  'tiny/domain.rng': `<grammar xmlns="${RNG}"><include href="names.rng"/><start><ref name="domain"/></start></grammar>`,
  'tiny/names.rng': `<grammar xmlns="${RNG}"><define name="domain"><element name="domain"><element name="name"><text/></element></element></define></grammar>`,
};

/** Valid for TINY_SCHEMA; libvirt's own schema wants an <os> (and a type). */
const NAME_ONLY = `<domain>\n  <name>vm</name>\n</domain>\n`;

const json = (value: unknown) => JSON.stringify(value);
const schemaOnly = (entry: unknown) =>
  json({ rules: { ...onlyAliasCharset().rules, 'alias-charset': 'off', 'libvirt-schema': entry } });

describe('--schema DIR and the libvirt-schema rule', () => {
  it('validates against the schema of DIR, relative to the working directory', async () => {
    const cwd = await tempTree({
      ...TINY_SCHEMA,
      'vm.xml': NAME_ONLY,
      'virt-alias.config.json': schemaOnly('error'),
    });
    expect(await run(['lint', '--schema', 'tiny', 'vm.xml'], { cwd })).toMatchObject({ code: 0, stdout: '' });
    const other = await run(['lint', '--schema', 'tiny', '--format', 'compact', 'other.xml'], {
      cwd: await tempTree({
        ...TINY_SCHEMA,
        'other.xml': `<domain>\n  <name>vm</name>\n  <os/>\n</domain>\n`,
        'virt-alias.config.json': schemaOnly('error'),
      }),
    });
    expect(other.code).toBe(1);
    expect(other.stdout).toMatch(
      /^other\.xml:3:3: error libvirt's schema \(domain\.rng\) rejects this: .*\[libvirt-schema\]$/m,
    );
  });

  it('wins over the schemaDir of the config file', async () => {
    const cwd = await tempTree({
      ...TINY_SCHEMA,
      'vm.xml': NAME_ONLY,
      'virt-alias.config.json': schemaOnly(['error', { schemaDir: '/nonexistent/schemas' }]),
    });
    expect(await run(['lint', '--schema', path.join(cwd, 'tiny'), 'vm.xml'], { cwd })).toMatchObject({
      code: 0,
      stderr: '',
    });
    const without = await run(['lint', 'vm.xml'], { cwd });
    expect(without.code).toBe(2);
    expect(without.stderr).toContain('cannot read /nonexistent/schemas/domain.rng');
  });

  it('a missing schema directory is a configuration error: exit 2, one message, no results', async () => {
    const cwd = await tempTree({
      'a.xml': NAME_ONLY,
      'b.xml': NAME_ONLY,
      'virt-alias.config.json': schemaOnly('error'),
    });
    const r = await run(['lint', '--schema', 'missing', 'a.xml', 'b.xml'], { cwd });
    expect(r).toMatchObject({ code: 2, stdout: '' });
    expect(r.stderr).toBe(
      `virt-alias: rule libvirt-schema: cannot read ${path.join(cwd, 'missing', 'domain.rng')}: no such file or directory (ENOENT). ` +
        "libvirt's schemas come with libvirt (Debian and Ubuntu: package libvirt0); give the directory holding domain.rng " +
        "with --schema DIR or the rule's schemaDir option, or turn the rule off.\n",
    );
  });

  it('fix stops before writing anything when the schema cannot load', async () => {
    const bad = `<domain type='kvm'>\n  <name>vm</name>\n  <devices>\n    <disk type='file' device='disk'>\n      <target dev='vda' bus='virtio'/>\n      <alias name='ua-a.b'/>\n    </disk>\n  </devices>\n</domain>\n`;
    const cwd = await tempTree({ 'vm.xml': bad }, { isolate: false });
    const r = await run(
      ['fix', '--no-config', '--preset', 'strict', '--write', '--schema', 'missing', 'vm.xml'],
      {
        cwd,
      },
    );
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^virt-alias: rule libvirt-schema: cannot read .*missing\/domain\.rng/);
    expect(await readFile(path.join(cwd, 'vm.xml'), 'utf8')).toBe(bad);
  });

  it('turns nothing on: says so when the rule is off for every file', async () => {
    const cwd = await tempTree({ 'vm.xml': NAME_ONLY });
    const r = await run(['lint', '--schema', 'missing', 'vm.xml'], { cwd });
    expect(r.code).toBe(0);
    expect(r.stderr).toBe(
      'virt-alias: --schema has no effect: the libvirt-schema rule is off (turn it on with --preset strict or --rule libvirt-schema=error)\n',
    );
    expect((await run(['lint', '--quiet', '--schema', 'missing', 'vm.xml'], { cwd })).stderr).toBe('');
  });

  it('a directory large enough for threads starts them once its files and configs are known; a bad schema stops them', async () => {
    const count = 2 * FILES_PER_AUTO_SCHEMA_WORKER;
    const vms: Record<string, string> = {};
    for (let i = 0; i < count; i++) vms[`vms/vm${i}.xml`] = NAME_ONLY;
    const cwd = await tempTree({ ...TINY_SCHEMA, ...vms, 'virt-alias.config.json': schemaOnly('error') });
    const start = vi.spyOn(Engine.prototype, 'startThreads');
    const stop = vi.spyOn(Engine.prototype, 'stopThreads');
    try {
      expect(await run(['lint', '--schema', 'tiny', 'vms'], { cwd })).toMatchObject({ code: 0, stdout: '' });
      expect(start).toHaveBeenCalledTimes(1);
      const [configs, files] = start.mock.calls[0]!;
      expect(files).toBe(count);
      expect(configs.map((c) => c.rules.has('libvirt-schema'))).toEqual([true]);
      expect(stop).not.toHaveBeenCalled();
      const r = await run(['lint', '--schema', 'missing', 'vms'], { cwd });
      expect(r).toMatchObject({ code: 2, stdout: '' });
      expect(r.stderr).toMatch(/^virt-alias: rule libvirt-schema: cannot read .*missing\/domain\.rng/);
      expect(start).toHaveBeenCalledTimes(2);
      expect(stop).toHaveBeenCalledTimes(1);
    } finally {
      start.mockRestore();
      stop.mockRestore();
    }
  });

  it('an exception after the threads started early stops them', async () => {
    const count = 2 * FILES_PER_AUTO_SCHEMA_WORKER;
    const vms: Record<string, string> = {};
    for (let i = 0; i < count; i++) vms[`vms/vm${i}.xml`] = NAME_ONLY;
    const cwd = await tempTree({ ...TINY_SCHEMA, ...vms, 'virt-alias.config.json': schemaOnly('error') });
    // eslint-disable-next-line @typescript-eslint/unbound-method -- called with the engine's `this`
    const { startThreads } = Engine.prototype;
    // The threads start, then something fails before any file is read (a rule's bug, say).
    const start = vi.spyOn(Engine.prototype, 'startThreads').mockImplementation(function (
      this: Engine,
      ...given: Parameters<Engine['startThreads']>
    ) {
      startThreads.apply(this, given);
      throw new Error('a bug after the threads started');
    });
    const stop = vi.spyOn(Engine.prototype, 'stopThreads');
    try {
      const r = await run(['lint', '--schema', 'tiny', 'vms'], { cwd });
      expect(r).toMatchObject({ code: 2, stdout: '' });
      expect(r.stderr).toMatch(/a bug after the threads started/);
      expect(start).toHaveBeenCalledTimes(1);
      expect(stop).toHaveBeenCalledTimes(1);
    } finally {
      start.mockRestore();
      stop.mockRestore();
    }
  });

  it('needs a value', async () => {
    const r = await run(['lint', 'vm.xml', '--schema'], { cwd: await tempTree() });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/schema/);
  });

  it('under an address-space limit too small for WebAssembly: one configuration error saying why and what to do, exit 2; with the trap handler off, it runs', async () => {
    const cwd = await tempTree({
      ...TINY_SCHEMA,
      'vm.xml': NAME_ONLY,
      'virt-alias.config.json': schemaOnly('error'),
    });
    // V8 reserves 10 GiB of address space for a WebAssembly memory; Node itself runs in far less.
    const addressSpaceKiB = 4_000_000;
    const limited = await spawnBin(['lint', '--schema', 'tiny', 'vm.xml'], { cwd, addressSpaceKiB });
    expect(limited).toEqual({
      code: 2,
      stdout: '',
      stderr: expect.stringMatching(
        /^virt-alias: rule libvirt-schema: libxml2-wasm cannot get its WebAssembly memory \(RangeError: .*Cannot allocate Wasm memory.*\): Node reserves 10 GiB of address space for each WebAssembly memory, and this process may use 3\.8 GiB \(ulimit -v, systemd's LimitAS=\)\. Raise that limit, or run with NODE_OPTIONS=--disable-wasm-trap-handler .*; or turn the rule off\.\n$/,
      ) as string,
    });
    const env = { NODE_OPTIONS: '--disable-wasm-trap-handler' };
    expect(await spawnBin(['lint', '--schema', 'tiny', 'vm.xml'], { cwd, addressSpaceKiB, env })).toEqual({
      code: 0,
      stdout: '',
      stderr: '',
    });
  });
});
