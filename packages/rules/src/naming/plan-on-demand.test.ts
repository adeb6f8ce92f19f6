import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseDomain, type DomainDocument } from '@virt-alias/parser';
import { domainCorpus, seededRandom } from '@virt-alias/parser/testing';
import { describe, expect, it } from 'vitest';
import type { DomainMapping } from './mapping.js';
import { buildPlan, type PlannedName } from './plan.js';

const FIXTURES = fileURLToPath(new URL('../../../../fixtures/', import.meta.url));
const VOL = '3e6a8f2b-1c2d-4e5f-8a9b-0c1d2e3f4a5b';
const PORT = 'a0b1c2d3-e4f5-4a6b-8c7d-9e0f1a2b3c4d';

async function xmlFiles(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true, recursive: true })) {
    if (entry.isFile() && entry.name.endsWith('.xml')) out.push(path.join(entry.parentPath, entry.name));
  }
  return out.sort();
}

/**
 * A mapping that gives every disk one volume and every interface one port: identity names
 * clash, so renames get stuck and the plan repeats its decision.
 */
function clashingMapping(document: DomainDocument): DomainMapping {
  const disks = new Map<string, string>();
  const interfaces = new Map<string, string>();
  for (const d of document.devices) {
    const id = d.identity;
    if (id?.kind === 'disk' && id.targetDev) disks.set(id.targetDev, VOL);
    if (id?.kind === 'interface' && id.mac) interfaces.set(id.mac, PORT);
  }
  return { disks, interfaces, hostdevs: new Map() };
}

const show = (p: PlannedName | undefined): unknown => p;

const domain = (devices: string): string =>
  `<domain type='kvm'><name>t</name><uuid>c0ffee00-0000-4000-8000-000000000001</uuid><devices>${devices}</devices></domain>`;

/** Where naming on demand would go wrong if it did not fall back to naming all at once. */
const HARD_CASES: [string, string][] = [
  [
    // The first disk's volume name is the second's alias: its rename gets stuck, so it keeps
    // ua-other, and the controller that also holds ua-other is the one renamed.
    'stuck rename',
    domain(
      `<disk type='file' device='disk'><target dev='vda'/><serial>${VOL}</serial><alias name='ua-other'/></disk>` +
        `<disk type='file' device='disk'><target dev='vdb'/><alias name='ua-${VOL}'/></disk>` +
        `<controller type='usb' index='0'><alias name='ua-other'/></controller>`,
    ),
  ],
  [
    // The console mirrors serial[0] and has an alias libvirt drops: it follows serial[0]'s new name.
    'console follows serial[0]',
    domain(
      `<serial type='pty'><target port='0'/></serial>` +
        `<console type='pty'><target type='serial' port='0'/><alias name='ua-bad name'/></console>`,
    ),
  ],
];

describe('the alias plan, naming devices on demand', () => {
  it('gives every device what naming all at once gives, whatever order devices are asked in', async () => {
    const texts: [string, string][] = [...HARD_CASES];
    for (const file of await xmlFiles(FIXTURES)) texts.push([file, await readFile(file, 'utf8')]);
    for (const doc of domainCorpus(20261130, 1500)) texts.push([doc.name, doc.text]);
    const random = seededRandom(7);
    let documents = 0;
    for (const [name, text] of texts) {
      const parsed = parseDomain(text);
      if (parsed.kind !== 'domain') continue;
      documents++;
      const document = parsed.document;
      for (const mapping of [undefined, clashingMapping(document)]) {
        for (const novaManaged of [false, true]) {
          const eager = buildPlan(document, { mapping, novaManaged }, true);
          const lazy = buildPlan(document, { mapping, novaManaged });
          const order = document.devices.map((d) => [random(), d] as const).sort((a, b) => a[0] - b[0]);
          const asked = new Map(order.map(([, d]) => [d, show(lazy.nameFor(d))]));
          const expected = document.devices.map((d) => show(eager.nameFor(d)));
          expect(
            document.devices.map((d) => asked.get(d)),
            `${name} (mapping: ${mapping !== undefined}, nova: ${novaManaged})`,
          ).toEqual(expected);
        }
      }
    }
    expect(documents).toBeGreaterThan(500);
  });

  it('has hard cases that name a device differently from the first decision', () => {
    const [stuck, mirror] = HARD_CASES.map(([, text]) => {
      const parsed = parseDomain(text);
      if (parsed.kind !== 'domain') throw new Error(parsed.kind);
      return parsed.document;
    });
    const controller = stuck!.devices[2]!;
    expect(buildPlan(stuck!, {}, true).nameFor(controller)).toEqual({
      kind: 'name',
      name: 'ua-other-2',
      source: 'device',
    });
    const console = mirror!.devices[1]!;
    expect(buildPlan(mirror!, {}, true).nameFor(console)).toMatchObject({ kind: 'name' });
  });
});
