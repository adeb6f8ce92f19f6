/**
 * examples/openstack-mapping run for real: its script turns the recorded `openstack ... -f json`
 * output beside it into a mapping that the schema accepts, and `virt-alias fix --mapping` with
 * that mapping gives the Nova guests those outputs describe their volume and port aliases (a
 * direct-physical port's plain <hostdev> included), which the real libvirt keeps.
 *
 * Needs python3 (the script) and virsh (the libvirt check): skipped with a warning outside CI
 * when missing, failed under CI=true.
 */
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { mappingSchema } from '@virt-alias/rewriter';
import { IN_CI, probeProgram, runProgram } from '@virt-alias/rules/testing';
import { Ajv } from 'ajv';
import { beforeAll, describe, expect, it } from 'vitest';
import { run, tempTree } from './helpers.js';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const EXAMPLE = path.join(ROOT, 'examples/openstack-mapping');
const SCRIPT = path.join(EXAMPLE, 'openstack_mapping.py');
const TESTDATA = path.join(EXAMPLE, 'testdata');

const DIRECT_PHYSICAL = '5a3c9d2e-8b1f-4e6a-9c7d-2f4b6a8e0c13';
const LUN = '6b0d549b-6f03-475a-9600-a35a099950d8';
const SRIOV = 'ae97ba94-d0ed-482f-8f6d-05584ef8aa38';
const SAME_MAC = '923a7369-94e3-4f91-9a61-dbe22e44158b';

const PF_PORT = '7c1f0e9a-3b5d-4a2c-8e6f-1d0b9a7c5e34';
const LUN_VOLUME = '309d6b79-965e-4a32-9ae4-45508201e2bd';
const VF_PORTS = ['09208a65-0f3e-4dd3-902b-938b8743feb6', '99809225-3def-4a38-a12b-2b8f30b17d0b'];

const python = await probeProgram('python3', ['--version']);
const virsh = await probeProgram('virsh', ['--version']);

/** A missing tool: a skip outside CI, a failure under CI=true (never a silent pass). */
function needs(tool: string, found: string | null, debianPackage: string): boolean {
  if (found !== null) return true;
  const message = `${tool} is not installed (Debian: apt-get install ${debianPackage})`;
  if (IN_CI) throw new Error(message);
  console.warn(`openstack-mapping example: skipped: ${message}`);
  return false;
}

const script = (args: readonly string[]) => runProgram('python3', [SCRIPT, ...args]);

// Outside CI without python3: one warning, the suite skipped. Under CI=true: it runs and fails.
const runnable = IN_CI || needs('python3', python, 'python3');

describe.runIf(runnable)('examples/openstack-mapping', () => {
  beforeAll(() => {
    needs('python3', python, 'python3');
  });

  let mapping: string;
  let stderr: string;
  beforeAll(async () => {
    const r = await script([TESTDATA]);
    expect(r.code, r.stderr).toBe(0);
    mapping = r.stdout;
    stderr = r.stderr;
  });

  it('builds a mapping the schema accepts, from the recorded openstack output', () => {
    const value = JSON.parse(mapping) as {
      instances: Record<string, Record<string, Record<string, string>>>;
    };
    const validate = new Ajv({ allErrors: true, strict: true }).compile(mappingSchema);
    expect(validate(value), JSON.stringify(validate.errors)).toBe(true);
    expect(Object.keys(value.instances)).toEqual([DIRECT_PHYSICAL, LUN, SRIOV]);
    expect(value.instances[DIRECT_PHYSICAL]).toEqual({
      disks: { vdb: 'f0a4c2e1-9d3b-4c7a-8e5f-6b1d0c9a2e47' },
      interfaces: { 'fa:16:3e:58:b7:c4': 'e58b7c44-2f0a-4d1b-9e36-7a5c1d9f0b82' },
      // The direct-physical port by its PCI address only: its MAC is the PF's, in no <interface>.
      hostdevs: { '0000:81:00.1': PF_PORT },
    });
    expect(value.instances[LUN]?.disks?.sdc).toBe(LUN_VOLUME);
    expect(Object.values(value.instances[SRIOV]?.interfaces ?? {})).toEqual(VF_PORTS);
  });

  it('leaves out two ports sharing one MAC, with a warning', () => {
    expect(stderr).toMatch(
      new RegExp(`warning: server ${SAME_MAC} has 2 ports with MAC fa:16:3e:53:87:f6 .*left out`),
    );
  });

  it('refuses `openstack port list` output, which names no server, and input it does not know', async () => {
    const dir = await tempTree(
      {
        'servers.json': await readFile(path.join(TESTDATA, 'servers.json'), 'utf8'),
        'ports.json': JSON.stringify([{ ID: PF_PORT, Name: '', 'MAC Address': '3c:fd:fe:b2:71:09' }]),
      },
      { isolate: false },
    );
    const list = await script([dir]);
    expect(list.code).toBe(2);
    expect(list.stdout).toBe('');
    expect(list.stderr).toMatch(
      /ports\.json: this is `openstack port list` output.*openstack port show PORT -f json/,
    );
    await writeFile(path.join(dir, 'ports.json'), '{"servers": []}');
    expect((await script([dir])).stderr).toMatch(/ports\.json: not the JSON of `openstack server list`/);
  });

  it('virt-alias fix --mapping gives the guests their volume and port aliases, which libvirt keeps', async () => {
    const fixture = (rel: string) => readFile(path.join(ROOT, 'fixtures', rel), 'utf8');
    const cwd = await tempTree(
      {
        'mapping.json': mapping,
        'vms/instance-00000071.xml': await readFile(path.join(TESTDATA, 'instance-00000071.xml'), 'utf8'),
        'vms/lun.xml': await fixture('nova/lun-passthrough.xml'),
        'vms/sriov.xml': await fixture('nova/sriov.xml'),
        'vms/same-mac.xml': await fixture('nova/same-mac.xml'),
      },
      { isolate: false },
    );
    const before = await run(['fix', '--no-config', '--preset', 'recommended', 'vms'], { cwd });
    expect(before.code).toBe(1);
    expect(before.stderr).toContain('cannot fix');

    const r = await run(
      ['fix', '--no-config', '--preset', 'recommended', '--write', '--mapping', 'mapping.json', 'vms'],
      { cwd },
    );
    // What is left (a warning about two ports with one MAC) needs a person, not the mapping.
    expect(r.stderr).not.toMatch(/cannot fix: .*mapping/);
    expect(r.code, r.stderr).toBe(0);
    const fixed = await readFile(path.join(cwd, 'vms/instance-00000071.xml'), 'utf8');
    expect(fixed).toContain(
      `        <address domain='0x0000' bus='0x81' slot='0x00' function='0x1'/>\n      </source>\n      <alias name='ua-${PF_PORT}'/>\n`,
    );
    expect(await readFile(path.join(cwd, 'vms/lun.xml'), 'utf8')).toContain(
      `<alias name='ua-${LUN_VOLUME}'/>`,
    );
    const sriov = await readFile(path.join(cwd, 'vms/sriov.xml'), 'utf8');
    for (const port of VF_PORTS) expect(sriov).toContain(`<alias name='ua-${port}'/>`);
    expect((await run(['lint', '--no-config', '--preset', 'recommended', 'vms'], { cwd })).code).toBe(0);

    if (!needs('virsh', virsh, 'libvirt-clients')) return;
    const file = path.join(cwd, 'vms/instance-00000071.xml');
    const dump = await runProgram('virsh', [
      '-c',
      'test:///default',
      `define ${file}; dumpxml --inactive instance-00000071`,
    ]);
    expect(dump.code, dump.stderr).toBe(0);
    expect(dump.stdout).toMatch(
      new RegExp(
        `<hostdev mode='subsystem' type='pci' managed='yes'>[^]*?<alias name='ua-${PF_PORT}'/>[^]*?</hostdev>`,
      ),
    );
  });
});
