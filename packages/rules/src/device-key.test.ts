import { parseDomain, type DomainDocument } from '@virt-alias/parser';
import { describe, expect, it } from 'vitest';
import { deviceAt, deviceKey, domainKey } from './device-key.js';

function doc(text: string): DomainDocument {
  const parsed = parseDomain(text);
  if (parsed.kind !== 'domain') throw new Error(parsed.kind);
  return parsed.document;
}

const TEXT = `<domain><name>vm</name><devices>
  <disk type='file'><target dev='vdb'/></disk>
  <interface type='network'><mac address='52:54:00:AA:00:01'/></interface>
  <hostdev mode='subsystem' type='pci'><source><address domain='0' bus='0x81' slot='0' function='1'/></source></hostdev>
  <serial type='pty'/>
  <disk type='file'/>
</devices></domain>`;

describe('deviceKey', () => {
  it('names devices by what they are', () => {
    expect(doc(TEXT).devices.map(deviceKey)).toEqual([
      'disk:vdb',
      'interface:52:54:00:aa:00:01',
      'hostdev:pci:0000:81:00.1',
      'serial[0]',
      'disk[1]',
    ]);
  });

  it('does not change when the file is reformatted', () => {
    const reformatted = TEXT.replace(/\n {2}/g, '\n\t\t').replace(/'/g, '"');
    expect(doc(reformatted).devices.map(deviceKey)).toEqual(doc(TEXT).devices.map(deviceKey));
  });
});

describe('deviceAt', () => {
  it('finds the device holding an offset, and none between devices', () => {
    const d = doc(TEXT);
    expect(deviceAt(d, TEXT.indexOf("dev='vdb'"))?.kind).toBe('disk');
    expect(deviceAt(d, TEXT.indexOf('52:54'))?.kind).toBe('interface');
    expect(deviceAt(d, TEXT.indexOf('<serial'))?.kind).toBe('serial');
    expect(deviceAt(d, TEXT.indexOf('<name>'))).toBeUndefined();
  });
});

describe('domainKey', () => {
  it('is the uuid, else the name', () => {
    expect(domainKey(doc(TEXT))).toBe('vm');
    expect(
      domainKey(doc(`<domain><name>vm</name><uuid>C0FFEE00-0000-4000-8000-000000000001</uuid></domain>`)),
    ).toBe('c0ffee00-0000-4000-8000-000000000001');
  });
});
