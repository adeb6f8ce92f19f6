import { describe, expect, it } from 'vitest';
import { classifyAliasName } from './alias-name.js';
import { DEVICE_KINDS, DEVICE_KINDS_WITH_ALIAS, deviceKind, looksGeneratedAlias } from './device-kinds.js';
import { parseDomain } from './parse-domain.js';

const domain = (devices: string) => `<domain type='kvm'><name>t</name><devices>${devices}</devices></domain>`;

describe('the device-kind table', () => {
  it('names each kind once', () => {
    const names = DEVICE_KINDS.map((k) => k.name);
    expect(new Set(names).size).toBe(names.length);
  });

  it('gives every kind that keeps an alias a valid deterministic name, from its element alone', () => {
    for (const name of DEVICE_KINDS_WITH_ALIAS) {
      const parsed = parseDomain(domain(`<${name} type='x:y z'/>`));
      if (parsed.kind !== 'domain') throw new Error(name);
      const [device] = parsed.document.devices;
      const base = deviceKind(name)?.fallbackName?.(device!) ?? `${name}-0`;
      expect(classifyAliasName(`ua-${base}`), `${name}: ua-${base}`).toBe('valid');
    }
  });

  it("recognises each kind's generated names, and no user alias", () => {
    for (const generated of [
      'virtio-disk0',
      'scsi0-0-0-1',
      'net0',
      'hostdev3',
      'pci.1',
      'pcie.0',
      'usb',
      'balloon0',
      'dimm0',
      'sound0-codec1',
      'redir2',
      'fs0',
    ]) {
      expect(looksGeneratedAlias(generated), generated).toBe(true);
    }
    for (const other of ['ua-net0', 'mydisk', 'net', 'disk0', 'virtio-disk'])
      expect(looksGeneratedAlias(other), other).toBe(false);
  });

  it('marks placeholders: model=none USB controllers and memballoons ignore an alias', () => {
    const parsed = parseDomain(
      domain(
        `<controller type='usb' model='none'/><controller type='pci' model='none'/><memballoon model='none'/>`,
      ),
    );
    if (parsed.kind !== 'domain') throw new Error('parse');
    expect(parsed.document.devices.map((d) => d.aliasSupport)).toEqual(['ignored', 'kept', 'ignored']);
  });
});
