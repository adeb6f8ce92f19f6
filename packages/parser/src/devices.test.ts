import { describe, expect, it } from 'vitest';
import { classifyAliasName, invalidAliasCharacters, isUuid } from './alias-name.js';
import { looksGeneratedAlias } from './device-kinds.js';
import { aliasSupport, DEVICE_KINDS_WITH_ALIAS } from './device-kinds.js';
import type { Device } from './devices.js';
import { parseDomain, type DomainDocument } from './parse-domain.js';
import type { Range } from './types.js';

function domain(text: string): DomainDocument {
  const r = parseDomain(text);
  if (r.kind !== 'domain') throw new Error(`expected a domain, got ${JSON.stringify(r)}`);
  return r.document;
}

const wrap = (devices: string, head = ''): string =>
  `<domain type='kvm'>\n  <name>guest</name>\n${head}  <devices>\n${devices}\n  </devices>\n</domain>\n`;

const slice = (text: string, range: Range): string => text.slice(range[0], range[1]);

function devicesOf(devices: string): { text: string; list: readonly Device[] } {
  const text = wrap(devices);
  return { text, list: domain(text).devices };
}

/** One representative element of each `<devices>` child libvirt 9.0 knows, plus unknown ones. */
const EVERY_DEVICE: readonly [kind: string, xml: string, support: string | undefined][] = [
  ['emulator', '<emulator>/usr/bin/qemu-system-x86_64</emulator>', 'ignored'],
  [
    'disk',
    `<disk type='file' device='disk'><source file='/a'/><target dev='vda' bus='virtio'/></disk>`,
    'kept',
  ],
  ['controller', `<controller type='pci' index='0' model='pci-root'/>`, 'kept'],
  ['lease', `<lease><lockspace>s</lockspace><key>k</key><target path='/p'/></lease>`, 'ignored'],
  ['filesystem', `<filesystem type='mount'><source dir='/s'/><target dir='t'/></filesystem>`, 'kept'],
  ['interface', `<interface type='network'><source network='default'/></interface>`, 'kept'],
  ['smartcard', `<smartcard mode='passthrough' type='spicevmc'/>`, 'kept-schema-rejects'],
  ['serial', `<serial type='pty'><target port='0'/></serial>`, 'kept'],
  ['parallel', `<parallel type='pty'><target port='0'/></parallel>`, 'kept'],
  ['console', `<console type='pty'><target type='serial' port='0'/></console>`, 'kept'],
  ['channel', `<channel type='unix'><target type='virtio' name='org.qemu.guest_agent.0'/></channel>`, 'kept'],
  ['input', `<input type='tablet' bus='usb'/>`, 'kept'],
  ['tpm', `<tpm model='tpm-crb'><backend type='emulator' version='2.0'/></tpm>`, 'kept'],
  ['graphics', `<graphics type='vnc' port='-1'/>`, 'ignored'],
  ['sound', `<sound model='ich9'/>`, 'kept'],
  ['audio', `<audio id='1' type='none'/>`, 'ignored'],
  ['video', `<video><model type='virtio' heads='1'/></video>`, 'kept'],
  [
    'hostdev',
    `<hostdev mode='subsystem' type='pci'><source><address bus='0x81'/></source></hostdev>`,
    'kept',
  ],
  ['redirdev', `<redirdev bus='usb' type='spicevmc'/>`, 'kept'],
  ['redirfilter', `<redirfilter><usbdev allow='yes'/></redirfilter>`, 'ignored'],
  ['hub', `<hub type='usb'/>`, 'kept'],
  ['watchdog', `<watchdog model='i6300esb' action='reset'/>`, 'kept'],
  ['memballoon', `<memballoon model='virtio'/>`, 'kept'],
  ['rng', `<rng model='virtio'><backend model='random'>/dev/urandom</backend></rng>`, 'kept'],
  ['panic', `<panic model='isa'/>`, 'kept'],
  ['shmem', `<shmem name='sh'><model type='ivshmem-plain'/></shmem>`, 'kept'],
  [
    'memory',
    `<memory model='dimm'><target><size unit='KiB'>524288</size><node>0</node></target></memory>`,
    'kept',
  ],
  ['iommu', `<iommu model='intel'/>`, 'kept'],
  ['vsock', `<vsock model='virtio'><cid auto='yes'/></vsock>`, 'kept'],
  ['nvram', `<nvram><address type='spapr-vio' reg='0x3000'/></nvram>`, 'kept-schema-rejects'],
  ['crypto', `<crypto model='virtio' type='qemu'><backend model='builtin'/></crypto>`, undefined],
  ['pstore', `<pstore backend='acpi-erst'><path>/p</path><size unit='KiB'>8</size></pstore>`, undefined],
];

describe('device recognition', () => {
  const { text, list } = devicesOf(EVERY_DEVICE.map(([, xml]) => `    ${xml}`).join('\n'));

  it('lists every child element of <devices> in order, with kind, index and aliasSupport', () => {
    expect(list.map((d) => [d.kind, d.aliasSupport])).toEqual(EVERY_DEVICE.map(([k, , s]) => [k, s]));
    expect(list.map((d) => d.index)).toEqual(EVERY_DEVICE.map((_, i) => i));
    for (const [i, d] of list.entries()) {
      expect(slice(text, d.element.range)).toBe(EVERY_DEVICE[i]![1]);
      expect(d.alias).toBeNull();
      expect(d.aliasElements).toEqual([]);
      expect(d.nestedAliases).toEqual([]);
    }
  });

  it('reads the type attribute and identities of disks, interfaces and hostdevs only', () => {
    const byKind = new Map(list.map((d) => [d.kind, d]));
    expect(byKind.get('disk')!.type).toBe('file');
    expect(byKind.get('memory')!.type).toBeUndefined();
    expect(byKind.get('disk')!.identity?.kind).toBe('disk');
    expect(byKind.get('interface')!.identity?.kind).toBe('interface');
    expect(byKind.get('hostdev')!.identity?.kind).toBe('hostdev');
    for (const d of list) {
      if (!['disk', 'interface', 'hostdev'].includes(d.kind)) expect(d.identity).toBeNull();
    }
  });

  it('matches the table in docs/reference/libvirt-aliases.md', () => {
    expect([...DEVICE_KINDS_WITH_ALIAS].sort()).toEqual(
      EVERY_DEVICE.filter(([, , s]) => s === 'kept' || s === 'kept-schema-rejects')
        .map(([k]) => k)
        .sort(),
    );
    expect(aliasSupport('graphics')).toBe('ignored');
    expect(aliasSupport('nvram')).toBe('kept-schema-rejects');
    expect(aliasSupport('blah')).toBeUndefined();
    expect(aliasSupport('alias')).toBeUndefined();
  });

  it('counts kindIndex per kind', () => {
    const { list: l } = devicesOf(
      [
        `<serial type='pty'><target port='0'/></serial>`,
        `<disk type='file'/>`,
        `<serial type='pty'><target port='1'/></serial>`,
        `<console type='pty'/>`,
        `<disk type='file'/>`,
        `<serial type='pty'/>`,
      ].join('\n'),
    );
    expect(l.map((d) => `${d.kind}[${d.kindIndex}]#${d.index}`)).toEqual([
      'serial[0]#0',
      'disk[0]#1',
      'serial[1]#2',
      'console[0]#3',
      'disk[1]#4',
      'serial[2]#5',
    ]);
  });

  it('gives a console its target type', () => {
    const { list: l } = devicesOf(
      [
        `<console type='pty'><target type='serial' port='0'/></console>`,
        `<console type='pty'><target type='virtio' port='1'/></console>`,
        `<console type='pty'/>`,
        `<serial type='pty'><target type='isa-serial'/></serial>`,
      ].join('\n'),
    );
    expect(l.map((d) => d.targetType)).toEqual(['serial', 'virtio', undefined, undefined]);
  });

  it('marks the console that mirrors serial[0], and the aliases libvirt exempts from uniqueness', () => {
    const serial = `<serial type='pty'><target port='0'/></serial>`;
    const flags = (devices: string) =>
      devicesOf(devices).list.map(
        (d) =>
          `${d.kind}[${d.kindIndex}]${d.mirrorsSerial ? ' mirror' : ''}${d.uniquenessExempt ? ' exempt' : ''}`,
      );
    const serial1 = `<serial type='pty'><target port='1'/></serial>`;
    expect(flags(`${serial}<console type='pty'><target type='serial'/></console>${serial1}`)).toEqual([
      'serial[0] exempt',
      'console[0] mirror',
      'serial[1]',
    ]);
    // No target type: the x86 default is a serial console.
    expect(flags(`<console type='pty'/>${serial}`)).toEqual(['console[0] mirror', 'serial[0] exempt']);
    // Without a <serial>, libvirt turns console[0] into serial[0]: exempt, not a mirror.
    expect(flags(`<console type='pty'><target type='serial'/></console><console type='pty'/>`)).toEqual([
      'console[0] exempt',
      'console[1]',
    ]);
    expect(flags(`${serial}<console type='pty'><target type='virtio'/></console>`)).toEqual([
      'serial[0] exempt',
      'console[0]',
    ]);
    expect(flags(`<console type='pty'><target type='virtio'/></console>`)).toEqual(['console[0]']);
    expect(flags(`<disk/><interface/>`)).toEqual(['disk[0]', 'interface[0]']);
  });

  it('skips namespaced children of <devices> and text', () => {
    const { list: l } = devicesOf(`some text<x:disk xmlns:x='urn:x'/><disk/><!-- c --><disk/>`);
    expect(l.map((d) => [d.kind, d.index, d.kindIndex])).toEqual([
      ['disk', 0, 0],
      ['disk', 1, 1],
    ]);
  });

  it('no <devices>: no devices; several <devices>: the first', () => {
    expect(domain(`<domain><name>x</name></domain>`).devices).toEqual([]);
    expect(domain(`<domain><name>x</name></domain>`).devicesElement).toBeUndefined();
    const d = domain(`<domain><devices><disk/></devices><devices><hostdev/><hostdev/></devices></domain>`);
    expect(d.devices.map((x) => x.kind)).toEqual(['disk']);
    expect(domain(`<domain><devices/></domain>`).devices).toEqual([]);
  });

  it('ignores alias-lookalikes outside <devices>', () => {
    const d = domain(
      `<domain><alias name='ua-x'/><os><alias name='ua-y'/></os><devices><disk/></devices></domain>`,
    );
    expect(d.devices).toHaveLength(1);
    expect(d.devices[0]!.alias).toBeNull();
  });
});

describe('aliases of a device', () => {
  it('reads the first direct alias with its name attribute and ranges', () => {
    const { text, list } = devicesOf(
      `    <disk type='file'>\n      <alias name="ua-0e1f2a3b-4c5d-4e6f-8a9b-0c1d2e3f4a5b"/>\n    </disk>`,
    );
    const alias = list[0]!.alias!;
    expect(alias.name).toBe('ua-0e1f2a3b-4c5d-4e6f-8a9b-0c1d2e3f4a5b');
    expect(alias.status).toBe('valid');
    expect(slice(text, alias.element.range)).toBe(`<alias name="ua-0e1f2a3b-4c5d-4e6f-8a9b-0c1d2e3f4a5b"/>`);
    expect(slice(text, alias.nameAttribute!.range)).toBe(`name="ua-0e1f2a3b-4c5d-4e6f-8a9b-0c1d2e3f4a5b"`);
    expect(slice(text, alias.nameAttribute!.valueRange)).toBe('ua-0e1f2a3b-4c5d-4e6f-8a9b-0c1d2e3f4a5b');
    expect(list[0]!.aliasElements).toEqual([alias.element]);
  });

  it('keeps extra direct aliases apart from the first', () => {
    const { text, list } = devicesOf(
      `<interface type='bridge'><alias name='ua-first'/><mac address='fa:16:3e:00:00:01'/><alias name='ua-second'/><alias/></interface>`,
    );
    const d = list[0]!;
    expect(d.alias!.name).toBe('ua-first');
    expect(d.aliasElements.map((a) => slice(text, a.range))).toEqual([
      `<alias name='ua-first'/>`,
      `<alias name='ua-second'/>`,
      '<alias/>',
    ]);
    expect(d.nestedAliases).toEqual([]);
  });

  it('collects aliases nested deeper (in <driver>, <source>, <address> ...) as nestedAliases', () => {
    const { text, list } = devicesOf(
      [
        `<disk type='file'>`,
        `  <driver name='qemu'><alias name='ua-in-driver'/></driver>`,
        `  <source file='/a'><alias name='ua-in-source'/><x><alias name='ua-deeper'/></x></source>`,
        `</disk>`,
      ].join('\n'),
    );
    const d = list[0]!;
    expect(d.alias).toBeNull();
    expect(d.aliasElements).toEqual([]);
    expect(d.nestedAliases.map((a) => slice(text, a.startTag))).toEqual([
      `<alias name='ua-in-driver'/>`,
      `<alias name='ua-in-source'/>`,
      `<alias name='ua-deeper'/>`,
    ]);
  });

  it('counts an alias inside another alias as nested', () => {
    const { list } = devicesOf(`<disk type='file'><alias name='ua-a'><alias name='ua-b'/></alias></disk>`);
    const d = list[0]!;
    expect(d.alias!.name).toBe('ua-a');
    expect(d.nestedAliases.map((a) => a.attributes[0]!.value)).toEqual(['ua-b']);
  });

  it('ignores a namespaced <alias>', () => {
    const { list } = devicesOf(`<disk type='file'><x:alias xmlns:x='urn:x' name='ua-x'/></disk>`);
    expect(list[0]!.alias).toBeNull();
    expect(list[0]!.nestedAliases).toEqual([]);
  });

  it('reads aliases on devices that ignore them, and on unknown devices', () => {
    const { list } = devicesOf(
      `<graphics type='vnc'><alias name='ua-g'/></graphics><crypto model='virtio'><alias name='ua-c'/></crypto>`,
    );
    expect(list.map((d) => [d.kind, d.aliasSupport, d.alias?.name])).toEqual([
      ['graphics', 'ignored', 'ua-g'],
      ['crypto', undefined, 'ua-c'],
    ]);
  });

  it.each([
    [`<alias name='ua-disk_0-A'/>`, 'ua-disk_0-A', 'valid'],
    [`<alias name='ua-'/>`, 'ua-', 'valid'],
    [`<alias name='ua-${'x'.repeat(330)}'/>`, `ua-${'x'.repeat(330)}`, 'valid'],
    [`<alias/>`, undefined, 'missing'],
    [`<alias id='ua-x'/>`, undefined, 'missing'],
    [`<alias name=''/>`, '', 'empty'],
    [`<alias name='virtio-disk0'/>`, 'virtio-disk0', 'no-user-prefix'],
    [`<alias name='UA-x'/>`, 'UA-x', 'no-user-prefix'],
    [`<alias name='ua_x'/>`, 'ua_x', 'no-user-prefix'],
    [`<alias name=' ua-x'/>`, ' ua-x', 'no-user-prefix'],
    [`<alias name='ua-disk.0'/>`, 'ua-disk.0', 'bad-charset'],
    [`<alias name='ua-disk:0'/>`, 'ua-disk:0', 'bad-charset'],
    [`<alias name='ua-a/b'/>`, 'ua-a/b', 'bad-charset'],
    [`<alias name='ua-a b'/>`, 'ua-a b', 'bad-charset'],
    [`<alias name='ua-x '/>`, 'ua-x ', 'bad-charset'],
    [`<alias name='ua-dïsk'/>`, 'ua-dïsk', 'bad-charset'],
    [`<alias name='ua-a&#32;b'/>`, 'ua-a b', 'bad-charset'],
    [`<alias name='ua-&#x61;'/>`, 'ua-a', 'valid'],
  ])('%s -> %s', (xml, name, status) => {
    const { list } = devicesOf(`<disk type='file'>${xml}</disk>`);
    expect(list[0]!.alias).toMatchObject({ name, status });
  });
});

describe('alias names', () => {
  it('classifies names like libvirt', () => {
    expect(classifyAliasName(undefined)).toBe('missing');
    expect(classifyAliasName('')).toBe('empty');
    expect(classifyAliasName('ua')).toBe('no-user-prefix');
    expect(classifyAliasName('ua-')).toBe('valid');
    expect(classifyAliasName('ua-Ab_9-')).toBe('valid');
    expect(classifyAliasName('ua-\u00e9')).toBe('bad-charset');
  });

  it('lists each invalid character once, in order, after the prefix', () => {
    expect(invalidAliasCharacters('ua-a.b.c:d😀.')).toEqual(['.', ':', '😀']);
    expect(invalidAliasCharacters('ua-ok')).toEqual([]);
  });

  it.each([
    ['virtio-disk0', true],
    ['net0', true],
    ['hostdev0', true],
    ['scsi0-0-0-1', true],
    ['ide0-1-0', true],
    ['sata0-0-0', true],
    ['usb-disk3', true],
    ['pci.0', true],
    ['pcie.0', true],
    ['serial0', true],
    ['channel1', true],
    ['video0', true],
    ['usb', true],
    ['ide', true],
    ['ua-net0', false],
    ['mydisk', false],
    ['disk', false],
  ])('looksGeneratedAlias(%s) = %s', (name, expected) => {
    expect(looksGeneratedAlias(name)).toBe(expected);
  });

  it('recognizes uuids in either case', () => {
    expect(isUuid('0E1F2A3B-4C5D-4E6F-8A9B-0C1D2E3F4A5B')).toBe(true);
    expect(isUuid('0e1f2a3b4c5d4e6f8a9b0c1d2e3f4a5b')).toBe(false);
    expect(isUuid(undefined)).toBe(false);
    expect(isUuid('volume-0e1f2a3b-4c5d-4e6f-8a9b-0c1d2e3f4a5b')).toBe(false);
  });
});
