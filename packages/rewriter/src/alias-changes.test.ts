import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseDomain, type DomainDocument } from '@virt-alias/parser';
import { resolveConfig } from '@virt-alias/rules';
import { describe, expect, it } from 'vitest';
import { changeRecords, compareAliases } from './alias-changes.js';
import { fixText } from './fix-text.js';

const fixture = (name: string): string =>
  readFileSync(fileURLToPath(new URL(`../../../fixtures/fix/${name}/input.xml`, import.meta.url)), 'utf8');

function doc(text: string): DomainDocument {
  const parsed = parseDomain(text);
  if (parsed.kind !== 'domain') throw new Error('not a domain');
  return parsed.document;
}

const domain = (devices: string): string =>
  `<domain type='kvm'><name>d</name><uuid>7E0A2A3C-0B6B-4E8F-9C1D-2A3B4C5D6E7F</uuid><devices>${devices}</devices></domain>`;

describe('compareAliases', () => {
  it('pairs devices by what they are, not by position', () => {
    const before = doc(
      domain(
        `<disk type='file'><target dev='vda'/></disk><disk type='file'><target dev='vdb'/><alias name='ua-b'/></disk>`,
      ),
    );
    const after = doc(
      domain(
        `<disk type='file'><target dev='vdb'/><alias name='ua-b'/></disk><disk type='file'><target dev='vda'/><alias name='ua-a'/></disk>`,
      ),
    );
    expect(compareAliases(before, after)).toEqual({
      changes: [{ device: 'disk:vda', old: null, new: 'ua-a' }],
      onlyBefore: [],
      onlyAfter: [],
    });
  });

  it('names devices only one side has, and tells apart devices that share a key', () => {
    const before = doc(domain(`<disk type='file'/><disk type='file'/>`));
    const after = doc(
      domain(`<disk type='file'/><disk type='file'/><disk type='file'><target dev='vdc'/></disk>`),
    );
    // Without target, serial or source a disk is keyed by its position among disks.
    expect(compareAliases(before, after)).toEqual({
      changes: [],
      onlyBefore: [],
      onlyAfter: [{ device: 'disk:vdc', alias: null }],
    });
    const twice = doc(
      domain(
        `<disk type='file'><target dev='vda'/></disk><disk type='file'><target dev='vda'/><alias name='ua-x'/></disk>`,
      ),
    );
    const once = doc(domain(`<disk type='file'><target dev='vda'/></disk>`));
    expect(compareAliases(once, twice)).toEqual({
      changes: [],
      onlyBefore: [],
      onlyAfter: [{ device: 'disk:vda#2', alias: 'ua-x' }],
    });
  });

  it('can leave out the console that mirrors serial[0]: libvirt writes the serial alias on it', () => {
    const serial = `<serial type='pty'><alias name='ua-s'/></serial>`;
    const stored = doc(
      domain(`${serial}<console type='pty'><target type='serial'/><alias name='ua-s'/></console>`),
    );
    const file = doc(domain(`${serial}<console type='pty'><target type='serial'/></console>`));
    expect(compareAliases(stored, file).changes).toEqual([{ device: 'console[0]', old: 'ua-s', new: null }]);
    expect(compareAliases(stored, file, { skipMirroredConsoles: true })).toEqual({
      changes: [],
      onlyBefore: [],
      onlyAfter: [],
    });
  });
});

describe('changeRecords', () => {
  it('records every alias fix changed, with the findings that changed it', () => {
    const input = fixture('invalid-names');
    const outcome = fixText(input, resolveConfig({ preset: 'strict' }));
    const records = changeRecords('in.xml', doc(input), doc(outcome.output), outcome.fixed);
    const vda = records.find((r) => r.device === 'disk:vda');
    expect(vda).toEqual({
      file: 'in.xml',
      domain: { name: 'fix-invalid-names', uuid: '02bf4e53-8071-4245-a39a-d1e2f3a4b57c' },
      device: 'disk:vda',
      old: 'ua-disk.0',
      new: expect.stringMatching(/^ua-[A-Za-z0-9_-]+$/) as unknown,
      why: [{ rule: 'alias-charset', message: expect.any(String) as unknown }],
    });
    // Every changed device has a reason, and no record is about a device whose alias stayed.
    for (const r of records) {
      expect(r.why.length).toBeGreaterThan(0);
      expect(r.old).not.toBe(r.new);
    }
    const after = doc(outcome.output);
    for (const d of doc(input).devices) {
      const same = after.devices[d.index]!.alias?.name === d.alias?.name;
      expect(records.some((r) => r.old === (d.alias?.name ?? null) && r.device.startsWith(d.kind))).toBe(
        !same,
      );
    }
  });

  it('has nothing to say about a file fix leaves alone', () => {
    const input = fixture('teaming-reference');
    const once = fixText(input, resolveConfig({ preset: 'strict' })).output;
    const again = fixText(once, resolveConfig({ preset: 'strict' }));
    expect(changeRecords('x.xml', doc(once), doc(again.output), again.fixed)).toEqual([]);
  });
});
