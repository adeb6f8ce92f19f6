/**
 * `virt-alias fix --mapping`: JSON and CSV mapping files name what the XML cannot (a SCSI LUN's
 * volume, an SR-IOV interface's port); a bad or missing mapping is exit 2 and writes nothing.
 */
import { readFileSync } from 'node:fs';
import { readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { run, tempTree, type RunResult } from './helpers.js';

const FIXTURES = fileURLToPath(new URL('../../../fixtures/', import.meta.url));
const fixture = (rel: string): string => readFileSync(path.join(FIXTURES, rel), 'utf8');

const LUN = fixture('nova/lun-passthrough.xml');
const SRIOV = fixture('nova/sriov.xml');

const LUN_INSTANCE = '6b0d549b-6f03-475a-9600-a35a099950d8';
const LUN_VOLUME = '309d6b79-965e-4a32-9ae4-45508201e2bd';
const SRIOV_INSTANCE = 'ae97ba94-d0ed-482f-8f6d-05584ef8aa38';
const PORT_A = '09208a65-0f3e-4dd3-902b-938b8743feb6';
const PORT_B = '99809225-3def-4a38-a12b-2b8f30b17d0b';

const MAPPING_JSON = JSON.stringify(
  {
    instances: {
      [LUN_INSTANCE]: { disks: { sdc: LUN_VOLUME } },
      [SRIOV_INSTANCE]: { interfaces: { 'fa:16:3e:09:20:8a': PORT_A, 'fa:16:3e:99:80:92': PORT_B } },
    },
  },
  null,
  2,
);

// Upper case uuids and MACs: the aliases are still lower case, as Nova writes them.
const MAPPING_CSV = [
  '# exported from Nova and Neutron',
  'instance_uuid,kind,key,uuid',
  `${LUN_INSTANCE.toUpperCase()},disk,sdc,${LUN_VOLUME.toUpperCase()}`,
  `${SRIOV_INSTANCE},interface,FA:16:3E:09:20:8A,${PORT_A}`,
  `${SRIOV_INSTANCE},interface,fa:16:3e:99:80:92,${PORT_B.toUpperCase()}`,
  '',
].join('\r\n');

/** `recommended`: the SR-IOV ports are in its scope (the `nova` preset, the default for these Nova domains, needs only volumes). */
const fix = (args: readonly string[], cwd: string): Promise<RunResult> =>
  run(['fix', '--no-config', '--preset', 'recommended', ...args], { cwd });

const read = (dir: string, rel: string): Promise<string> => readFile(path.join(dir, rel), 'utf8');

async function contents(dir: string): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const rel of (await readdir(dir, { recursive: true })).sort()) {
    const file = path.join(dir, rel);
    if ((await stat(file)).isFile()) out[rel.split(path.sep).join('/')] = await read(dir, rel);
  }
  return out;
}

const inputs = (mapping: Record<string, string> = {}): Promise<string> =>
  tempTree({ 'vms/lun.xml': LUN, 'vms/sriov.xml': SRIOV, ...mapping }, { isolate: false });

/** The LUN disk sdc and both SR-IOV interfaces carry their uuids, each inside its own device. */
async function expectMapped(dir: string): Promise<void> {
  const lun = await read(dir, 'vms/lun.xml');
  expect(lun).toContain(
    `      <target dev='sdc' bus='scsi'/>\n      <alias name='ua-${LUN_VOLUME}'/>\n      <address type='drive' controller='0' bus='0' target='0' unit='2'/>\n    </disk>`,
  );
  const sriov = await read(dir, 'vms/sriov.xml');
  expect(sriov).toMatch(
    new RegExp(`<mac address='fa:16:3e:09:20:8a'/>[^]*?<alias name='ua-${PORT_A}'/>\\n[^]*?</interface>`),
  );
  expect(sriov).toMatch(
    new RegExp(`<mac address='fa:16:3e:99:80:92'/>[^]*?<alias name='ua-${PORT_B}'/>\\n[^]*?</interface>`),
  );
  for (const text of [lun, sriov]) expect(text).not.toMatch(/<alias name='[^']*[A-F]/);
}

describe('fix --mapping', () => {
  it('without one, the LUN disk and the SR-IOV interfaces cannot be fixed: exit 1', async () => {
    const cwd = await inputs();
    const r = await fix(['vms'], cwd);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^vms\/lun\.xml:\d+:\d+: error: <disk> sdc \(SCSI LUN\)/m);
    expect(r.stderr.match(/cannot fix: the Neutron port of this interface/g)).toHaveLength(2);
    expect(r.stderr).toMatch(/3 findings left, 3 of them unfixable$/m);
  });

  it('JSON: fixes the LUN disk (ua-<volume uuid>) and the SR-IOV interfaces (ua-<port uuid>)', async () => {
    const cwd = await inputs({ 'ids.json': MAPPING_JSON });
    const r = await fix(['--write', '--mapping', 'ids.json', 'vms'], cwd);
    expect(r.code).toBe(0);
    expect(r.stderr).not.toContain('cannot fix');
    expect(r.stderr).toMatch(/0 findings left, 0 of them unfixable$/m);
    await expectMapped(cwd);
    expect((await run(['lint', '--no-config', '--preset', 'recommended', 'vms'], { cwd })).code).toBe(0);
  });

  it('CSV (-m, CRLF, a comment, upper case): the same result as JSON', async () => {
    const viaJson = await inputs({ 'ids.json': MAPPING_JSON });
    await fix(['--write', '-m', 'ids.json', 'vms'], viaJson);
    const cwd = await inputs({ 'ids.csv': MAPPING_CSV });
    const r = await fix(['--write', '-m', 'ids.csv', 'vms'], cwd);
    expect(r.code).toBe(0);
    await expectMapped(cwd);
    expect(await read(cwd, 'vms/lun.xml')).toBe(await read(viaJson, 'vms/lun.xml'));
    expect(await read(cwd, 'vms/sriov.xml')).toBe(await read(viaJson, 'vms/sriov.xml'));
  });

  it('a mapping for other instances changes nothing for these', async () => {
    const other = JSON.stringify({
      instances: { '00000000-0000-4000-8000-000000000000': { disks: { sdc: LUN_VOLUME } } },
    });
    const cwd = await inputs({ 'ids.json': other });
    const r = await fix(['-m', 'ids.json', 'vms/lun.xml'], cwd);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('cannot fix: a SCSI LUN disk');
  });

  const invalid: [string, string, unknown, RegExp[]][] = [
    [
      'a volume that is not a uuid',
      'bad.json',
      { instances: { [LUN_INSTANCE]: { disks: { sdc: 'not-a-uuid' } } } },
      [new RegExp(`^bad\\.json: /instances/${LUN_INSTANCE}/disks/sdc: must match pattern`, 'm')],
    ],
    [
      'a port that is not a uuid',
      'bad.json',
      { instances: { [SRIOV_INSTANCE]: { interfaces: { 'fa:16:3e:09:20:8a': `${PORT_A}x` } } } },
      [new RegExp(`^bad\\.json: /instances/${SRIOV_INSTANCE}/interfaces/fa:16:3e:09:20:8a: must match`, 'm')],
    ],
    [
      'an unknown key in an instance',
      'bad.json',
      { instances: { [LUN_INSTANCE]: { volumes: { sdc: LUN_VOLUME } } } },
      [new RegExp(`^bad\\.json: /instances/${LUN_INSTANCE}: unknown property "volumes"$`, 'm')],
    ],
    [
      'an unknown top-level key and an instance key that is not a uuid',
      'bad.json',
      { instances: { vm1: {} }, extra: true },
      [
        /^bad\.json: \/: unknown property "extra"$/m,
        /^bad\.json: \/instances: key "vm1" is not valid here$/m,
      ],
    ],
  ];

  it.each(invalid)(
    '%s: exit 2, the file and the JSON pointer named, nothing written',
    async (_, name, value, messages) => {
      const cwd = await inputs({ [name]: JSON.stringify(value) });
      const before = await contents(cwd);
      const r = await fix(['--write', '--mapping', name, 'vms'], cwd);
      expect(r.code).toBe(2);
      expect(r.stdout).toBe('');
      for (const m of messages) expect(r.stderr).toMatch(m);
      expect(r.stderr).not.toContain('virt-alias fix:');
      expect(await contents(cwd)).toEqual(before);
    },
  );

  it('CSV: a bad uuid is named by its JSON pointer, a bad kind by its line: exit 2, nothing written', async () => {
    const cwd = await inputs({
      'uuid.csv': `instance_uuid,kind,key,uuid\n${LUN_INSTANCE},disk,sdc,zzz\n`,
      'kind.csv': `instance_uuid,kind,key,uuid\n${LUN_INSTANCE},volume,sdc,${LUN_VOLUME}\n`,
    });
    const before = await contents(cwd);
    const uuid = await fix(['--write', '-m', 'uuid.csv', 'vms'], cwd);
    expect(uuid.code).toBe(2);
    expect(uuid.stderr).toMatch(
      new RegExp(`^uuid\\.csv: /instances/${LUN_INSTANCE}/disks/sdc: must match`, 'm'),
    );
    const kind = await fix(['--write', '-m', 'kind.csv', 'vms'], cwd);
    expect(kind.code).toBe(2);
    expect(kind.stderr).toMatch(/^kind\.csv: line 2: kind must be "disk" or "interface", not "volume"$/m);
    expect(await contents(cwd)).toEqual(before);
  });

  it('not JSON: exit 2', async () => {
    const cwd = await inputs({ 'ids.json': '{ "instances": ' });
    const r = await fix(['-m', 'ids.json', 'vms'], cwd);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/^ids\.json: not valid JSON/m);
  });

  it('a missing mapping file: exit 2, nothing written', async () => {
    const cwd = await inputs();
    const before = await contents(cwd);
    const r = await fix(['--write', '--mapping', 'missing.json', 'vms'], cwd);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/^missing\.json: cannot read: ENOENT/m);
    expect(await contents(cwd)).toEqual(before);
  });

  it('with --out-dir: the mapped aliases in the copy, the inputs untouched', async () => {
    const cwd = await inputs({ 'ids.csv': MAPPING_CSV });
    const r = await fix(['--out-dir', 'fixed', '-m', 'ids.csv', 'vms'], cwd);
    expect(r.code).toBe(0);
    expect(await read(cwd, 'vms/lun.xml')).toBe(LUN);
    expect(await read(cwd, 'fixed/lun.xml')).toContain(`<alias name='ua-${LUN_VOLUME}'/>`);
    expect(await read(cwd, 'fixed/sriov.xml')).toContain(`<alias name='ua-${PORT_B}'/>`);
  });
});
