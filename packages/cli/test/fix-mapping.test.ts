/**
 * `virt-alias fix --mapping`: JSON and CSV mapping files name what the XML cannot (a SCSI LUN's
 * volume, an SR-IOV interface's port); a bad or missing mapping is exit 2 and writes nothing.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { readdir, readFile, stat, truncate } from 'node:fs/promises';
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

  it('CSV kind hostdev: a direct-physical port (a plain PCI <hostdev>) gets ua-<port uuid>', async () => {
    // The example guest with its PF moved to bus 0xaf: the mapping's upper-case hex still matches.
    const guest = readFileSync(
      path.join(FIXTURES, '../examples/openstack-mapping/testdata/instance-00000071.xml'),
      'utf8',
    ).replace(`bus='0x81'`, `bus='0xaf'`);
    const cwd = await tempTree(
      {
        'vms/gw.xml': guest,
        'ids.csv': `instance_uuid,kind,key,uuid\n5A3C9D2E-8B1F-4E6A-9C7D-2F4B6A8E0C13,hostdev,0000:AF:00.1,${PORT_A.toUpperCase()}\n`,
      },
      { isolate: false },
    );
    const r = await fix(['--write', '-m', 'ids.csv', 'vms'], cwd);
    expect(r.code, r.stderr).toBe(0);
    expect(await read(cwd, 'vms/gw.xml')).toContain(
      `<address domain='0x0000' bus='0xaf' slot='0x00' function='0x1'/>\n      </source>\n      <alias name='ua-${PORT_A}'/>\n`,
    );
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

  /** `line:column` (1-based) of the first `needle` in `text`, at or after `from`. */
  const at = (text: string, needle: string, from = ''): string => {
    const offset = text.indexOf(needle, text.indexOf(from));
    if (offset < 0) throw new Error(`${needle} not in the test input`);
    const before = text.slice(0, offset).split('\n');
    return `${before.length}:${before[before.length - 1]!.length + 1}`;
  };
  const pretty = (value: unknown): string => `${JSON.stringify(value, null, 2)}\n`;

  /** [title, file name, text, the exact stderr lines]: each is exit 2 and writes nothing. */
  const invalid: [string, string, string, (text: string) => string[]][] = [
    [
      'a volume that is not a uuid',
      'bad.json',
      pretty({ instances: { [LUN_INSTANCE]: { disks: { sdc: 'not-a-uuid' } } } }),
      (t) => [`bad.json:${at(t, '"not-a-uuid"')}: "not-a-uuid" is not a uuid`],
    ],
    [
      'a port that is not a uuid',
      'bad.json',
      pretty({ instances: { [SRIOV_INSTANCE]: { interfaces: { 'fa:16:3e:09:20:8a': `${PORT_A}x` } } } }),
      (t) => [`bad.json:${at(t, `"${PORT_A}x"`)}: "${PORT_A}x" is not a uuid`],
    ],
    [
      'an unknown key in an instance',
      'bad.json',
      pretty({ instances: { [LUN_INSTANCE]: { volumes: { sdc: LUN_VOLUME } } } }),
      (t) => [
        `bad.json:${at(t, '"volumes"')}: unknown property "volumes": expected "disks", "interfaces" or "hostdevs"`,
      ],
    ],
    [
      'an unknown top-level key and an instance key that is not a uuid',
      'bad.json',
      pretty({ instances: { vm1: {} }, extra: true }),
      (t) => [
        `bad.json:${at(t, '"vm1"')}: "vm1" is not an instance uuid (the domain's <uuid>)`,
        `bad.json:${at(t, '"extra"')}: unknown property "extra": expected "instances" (and "$schema")`,
      ],
    ],
    ['not JSON', 'ids.json', '{\n  "instances": \n', () => ['ids.json:3:1: invalid JSON: a value expected']],
    [
      'an instance given twice (JSON readers keep the last one)',
      'dup.json',
      `{\n  "instances": {\n    "${LUN_INSTANCE}": { "disks": { "sdc": "${LUN_VOLUME}" } },\n    "${LUN_INSTANCE}": {}\n  }\n}\n`,
      () => [
        `dup.json:4:5: key "${LUN_INSTANCE}" appears twice (also on line 3): JSON readers keep only the last`,
      ],
    ],
    [
      'one disk given twice',
      'dup.json',
      `{ "instances": { "${LUN_INSTANCE}": { "disks": {\n  "sdc": "${LUN_VOLUME}",\n  "sdc": "${PORT_A}"\n} } } }\n`,
      () => ['dup.json:3:3: key "sdc" appears twice (also on line 2): JSON readers keep only the last'],
    ],
    [
      'MACs differing only in case',
      'case.json',
      pretty({
        instances: {
          [SRIOV_INSTANCE]: { interfaces: { 'fa:16:3e:09:20:8a': PORT_A, 'FA:16:3E:09:20:8A': PORT_B } },
        },
      }),
      (t) => [
        `case.json:${at(t, '"FA:16:3E:09:20:8A"')}: key "FA:16:3E:09:20:8A" differs only in case from "fa:16:3e:09:20:8a" on line 5: one key given twice`,
      ],
    ],
    [
      'instance uuids differing only in case',
      'case.json',
      pretty({ instances: { [LUN_INSTANCE]: {}, [LUN_INSTANCE.toUpperCase()]: {} } }),
      (t) => [
        `case.json:${at(t, `"${LUN_INSTANCE.toUpperCase()}"`)}: key "${LUN_INSTANCE.toUpperCase()}" differs only in case from "${LUN_INSTANCE}" on line 3: one key given twice`,
      ],
    ],
    [
      'two disks given one volume (was half-applied)',
      'two.json',
      pretty({ instances: { [LUN_INSTANCE]: { disks: { sdb: LUN_VOLUME, sdc: LUN_VOLUME } } } }),
      (t) => [
        `two.json:${at(t, '"sdc"')}: volume ${LUN_VOLUME} is already given to disk sdb of this instance (line 5): one volume cannot be two devices (ua-${LUN_VOLUME} would name both)`,
      ],
    ],
    [
      'CSV: instances named __proto__, constructor and toString',
      'proto.csv',
      [
        'instance_uuid,kind,key,uuid',
        ...['__proto__', 'constructor', 'toString'].map((i) => `${i},disk,sdc,${LUN_VOLUME}`),
        '',
      ].join('\n'),
      () => [
        `proto.csv:2:1: "__proto__" is not an instance uuid (the domain's <uuid>)`,
        `proto.csv:3:1: "constructor" is not an instance uuid (the domain's <uuid>)`,
        `proto.csv:4:1: "toString" is not an instance uuid (the domain's <uuid>)`,
      ],
    ],
    [
      'CSV: a bad uuid and a bad kind, each at its cell',
      'bad.csv',
      `instance_uuid,kind,key,uuid\n${LUN_INSTANCE},disk,sdc,zzz\n${LUN_INSTANCE},volume,sdc,${LUN_VOLUME}\n`,
      (t) => [
        `bad.csv:2:${at(t, 'zzz').split(':')[1]}: "zzz" is not a uuid`,
        `bad.csv:3:${LUN_INSTANCE.length + 2}: kind must be "disk", "interface" or "hostdev", not "volume"`,
      ],
    ],
    [
      'CSV: a duplicate row, and a MAC again in another case',
      'dup.csv',
      [
        'instance_uuid,kind,key,uuid',
        `${LUN_INSTANCE},disk,sdc,${LUN_VOLUME}`,
        `${SRIOV_INSTANCE},interface,fa:16:3e:09:20:8a,${PORT_A}`,
        `${LUN_INSTANCE},disk,sdc,${LUN_VOLUME}`,
        `${SRIOV_INSTANCE},interface,FA:16:3E:09:20:8A,${PORT_B}`,
        '',
      ].join('\n'),
      () => [
        `dup.csv:4:${LUN_INSTANCE.length + 7}: disk sdc of instance ${LUN_INSTANCE} is given twice (line 2): which volume is meant?`,
        `dup.csv:5:${SRIOV_INSTANCE.length + 12}: interface FA:16:3E:09:20:8A of instance ${SRIOV_INSTANCE} differs only in case from fa:16:3e:09:20:8a (line 3): one device given twice`,
      ],
    ],
    [
      'CSV: one port given to two devices',
      'two.csv',
      [
        'instance_uuid,kind,key,uuid',
        `${SRIOV_INSTANCE},interface,fa:16:3e:09:20:8a,${PORT_A}`,
        `${SRIOV_INSTANCE},hostdev,0000:81:00.0,${PORT_A}`,
        '',
      ].join('\n'),
      () => [
        `two.csv:3:${SRIOV_INSTANCE.length + 10}: port ${PORT_A} is already given to interface fa:16:3e:09:20:8a of this instance (line 2): one port cannot be two devices (ua-${PORT_A} would name both)`,
      ],
    ],
  ];

  it.each(invalid)(
    '%s: exit 2, each problem at its file:line:column, nothing written',
    async (_, name, text, messages) => {
      const cwd = await inputs({ [name]: text });
      const before = await contents(cwd);
      const r = await fix(['--write', '--mapping', name, 'vms'], cwd);
      expect(r.code).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr).toBe(
        messages(text)
          .map((m) => `virt-alias: ${m}\n`)
          .join(''),
      );
      expect(await contents(cwd)).toEqual(before);
    },
  );

  it('a FIFO or /dev/zero as --mapping: exit 2 at once, nothing read', async () => {
    const cwd = await inputs();
    execFileSync('mkfifo', [path.join(cwd, 'fifo.json')]);
    const fifo = await fix(['--mapping', 'fifo.json', 'vms'], cwd);
    expect(fifo.code).toBe(2);
    expect(fifo.stderr).toBe('virt-alias: fifo.json: a FIFO (named pipe), not a regular file: not read\n');
    const zero = await fix(['--mapping', '/dev/zero', 'vms'], cwd);
    expect(zero.code).toBe(2);
    expect(zero.stderr).toBe('virt-alias: /dev/zero: a character device, not a regular file: not read\n');
  });

  it('a mapping over 64 MiB: exit 2, not read', async () => {
    const cwd = await inputs({ 'big.json': '' });
    await truncate(path.join(cwd, 'big.json'), 64 * 1024 * 1024 + 1);
    const r = await fix(['--mapping', 'big.json', 'vms'], cwd);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(
      'virt-alias: big.json: larger than 64 MiB (67108864 bytes), the most that is read: not read\n',
    );
  });

  it('a missing mapping file: exit 2, nothing written', async () => {
    const cwd = await inputs();
    const before = await contents(cwd);
    const r = await fix(['--write', '--mapping', 'missing.json', 'vms'], cwd);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(
      /^virt-alias: missing\.json: cannot read: no such file or directory \(ENOENT\)$/m,
    );
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
