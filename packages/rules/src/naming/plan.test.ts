import { parseDomain, type DomainDocument } from '@virt-alias/parser';
import { describe, expect, it } from 'vitest';
import type { DomainMapping } from './mapping.js';
import { aliasPlan } from './plan.js';

const VOL = '3e6a8f2b-1c2d-4e5f-8a9b-0c1d2e3f4a5b';
const VOL2 = '11111111-2222-4333-8444-555555555555';
const PORT = 'a0b1c2d3-e4f5-4a6b-8c7d-9e0f1a2b3c4d';
const NOVA = `<metadata><nova:instance xmlns:nova="http://openstack.org/xmlns/libvirt/nova/1.1"><nova:ports><nova:port uuid="${PORT}"/></nova:ports></nova:instance></metadata>`;

function doc(devices: string, head = ''): DomainDocument {
  const parsed = parseDomain(
    `<domain type='kvm'><name>t</name><uuid>c0ffee00-0000-4000-8000-000000000001</uuid>${head}<devices>${devices}</devices></domain>`,
  );
  if (parsed.kind !== 'domain') throw new Error(parsed.kind);
  return parsed.document;
}

function names(d: DomainDocument, mapping?: DomainMapping): (string | undefined)[] {
  const plan = aliasPlan(d, { mapping });
  return d.devices.map((dev) => {
    const p = plan.nameFor(dev);
    if (p === undefined || p.kind === 'remove') return p?.kind;
    return p.kind === 'name' ? p.name : `unknown: ${p.reason}`;
  });
}

const disk = (inner: string, device = 'disk') => `<disk type='block' device='${device}'>${inner}</disk>`;

describe('aliasPlan', () => {
  it('names volume disks after the volume in their serial, keeps correct aliases', () => {
    const d = doc(
      disk(`<target dev='vdb'/><serial>${VOL}</serial>`) +
        disk(`<target dev='vdc'/><serial>${VOL2}</serial><alias name='ua-${VOL2}'/>`),
    );
    expect(names(d)).toEqual([`ua-${VOL}`, undefined]);
  });

  it('needs the mapping for a LUN disk, and never invents a volume uuid', () => {
    const d = doc(disk(`<target dev='sda' bus='scsi'/>`, 'lun'));
    expect(names(d)[0]).toMatch(/^unknown: a SCSI LUN disk .*--mapping for target dev sda/);
    const mapping: DomainMapping = {
      disks: new Map([['sda', VOL]]),
      interfaces: new Map(),
      hostdevs: new Map(),
    };
    expect(names(d, mapping)).toEqual([`ua-${VOL}`]);
  });

  it('names interfaces after their port: virtualport, tap prefix, mapping', () => {
    const ovs = `<interface type='bridge'><mac address='fa:16:3e:00:00:01'/><virtualport type='openvswitch'><parameters interfaceid='${VOL2}'/></virtualport></interface>`;
    const tap = `<interface type='ethernet'><mac address='fa:16:3e:00:00:02'/><target dev='tap${PORT.slice(0, 11)}'/></interface>`;
    const sriov = `<interface type='hostdev'><mac address='FA:16:3E:00:00:03'/></interface>`;
    const d = doc(ovs + tap + sriov, NOVA);
    const [a, b, c] = names(d);
    expect([a, b]).toEqual([`ua-${VOL2}`, `ua-${PORT}`]);
    expect(c).toMatch(/^unknown: the Neutron port .*fa:16:3e:00:00:03/);
    const mapping: DomainMapping = {
      disks: new Map(),
      interfaces: new Map([['fa:16:3e:00:00:03', VOL]]),
      hostdevs: new Map(),
    };
    expect(names(d, mapping)[2]).toBe(`ua-${VOL}`);
  });

  it('names a PCI hostdev after the direct-physical port the mapping gives its address', () => {
    const pci = (bus: string, alias = '') =>
      `<hostdev mode='subsystem' type='pci' managed='yes'><source><address domain='0x0000' bus='${bus}' slot='0x00' function='0x1'/></source>${alias}</hostdev>`;
    // The port's name is taken by another device's alias, which stays: the port's name is never
    // suffixed, so the hostdev cannot be named (as for a volume claimed twice).
    const d = doc(
      pci('0x81') +
        pci('0x82', `<alias name='ua-hostdev-0'/>`) +
        pci('0x83') +
        `<rng model='virtio'><alias name='ua-${VOL2}'/></rng>` +
        pci('0x84'),
    );
    const mapping: DomainMapping = {
      disks: new Map(),
      interfaces: new Map(),
      hostdevs: new Map([
        ['0000:81:00.1', PORT],
        ['0000:82:00.1', VOL],
        ['0000:84:00.1', VOL2],
      ]),
    };
    expect(names(d)).toEqual([
      'ua-hostdev-pci-0000-81-00-1',
      undefined,
      'ua-hostdev-pci-0000-83-00-1',
      undefined,
      'ua-hostdev-pci-0000-84-00-1',
    ]);
    const [a, b, c, rng, e] = names(d, mapping);
    expect([a, b, c, rng]).toEqual([`ua-${PORT}`, `ua-${VOL}`, 'ua-hostdev-pci-0000-83-00-1', undefined]);
    expect(e).toMatch(new RegExp(`^unknown: another device keeps "ua-${VOL2}": two devices claim this port`));
  });

  it('gives non-Nova devices deterministic names, tie-broken in document order', () => {
    const nic = `<interface type='network'><mac address='52:54:00:aa:bb:cc'/></interface>`;
    const d = doc(
      nic +
        nic +
        disk(`<target dev='vda'/><alias name='virtio-disk0'/>`) +
        `<hostdev mode='subsystem' type='pci'><source><address domain='0x0000' bus='0x81' slot='0x00' function='0x1'/></source></hostdev>` +
        `<controller type='usb' index='0'/><serial type='pty'/><console type='pty'><target type='serial'/></console>`,
    );
    expect(names(d)).toEqual([
      'ua-net-525400aabbcc',
      'ua-net-525400aabbcc-2',
      'ua-disk-vda',
      'ua-hostdev-pci-0000-81-00-1',
      'ua-controller-usb-0',
      'ua-serial-0',
      undefined,
    ]);
  });

  it('repairs invalid names keeping their meaning, and never takes a name that stays', () => {
    const d = doc(
      disk(`<target dev='vda'/><alias name='ua-disk.0'/>`) +
        disk(`<target dev='vdb'/><alias name='ua-disk-0'/>`) +
        disk(`<target dev='vdc'/><alias name='mydisk'/>`) +
        disk(`<target dev='vdd'/><alias name='UA-data'/>`),
    );
    expect(names(d)).toEqual(['ua-disk-0-2', undefined, 'ua-mydisk', 'ua-data']);
  });

  it('renames the later duplicate, but the wrong-identity one first', () => {
    const dup = doc(
      disk(`<target dev='vda'/><alias name='ua-x'/>`) + disk(`<target dev='vdb'/><alias name='ua-x'/>`),
    );
    expect(names(dup)).toEqual([undefined, 'ua-x-2']);
    const wrong = doc(
      disk(`<target dev='vda'/><serial>${VOL}</serial><alias name='ua-${VOL2}'/>`) +
        disk(`<target dev='vdb'/><serial>${VOL2}</serial><alias name='ua-${VOL2}'/>`),
    );
    expect(names(wrong)).toEqual([`ua-${VOL}`, undefined]);
  });

  it('leaves the serial[0] alias libvirt exempts from uniqueness alone', () => {
    const d = doc(
      `<serial type='pty'><alias name='ua-x'/></serial>` + disk(`<target dev='vda'/><alias name='ua-x'/>`),
    );
    expect(names(d)).toEqual([undefined, undefined]);
  });
});

/** Every order of `items`. */
function permutations<T>(items: readonly T[]): T[][] {
  if (items.length <= 1) return [[...items]];
  return items.flatMap((x, i) =>
    permutations([...items.slice(0, i), ...items.slice(i + 1)]).map((rest) => [x, ...rest]),
  );
}

/** The alias each device ends up with once the plan is carried out (`undefined`: none libvirt reads). */
function finalAliases(d: DomainDocument): (string | undefined)[] {
  const plan = aliasPlan(d);
  return d.devices.map((dev) => {
    const p = plan.nameFor(dev);
    if (p?.kind === 'name') return p.name;
    if (p?.kind === 'remove') return undefined;
    return dev.alias?.status === 'valid' ? dev.alias.name : undefined;
  });
}

describe('aliasPlan never leaves a duplicate, whatever the device order', () => {
  const rng = (alias: string) =>
    `<rng model='virtio'><backend model='random'>/dev/urandom</backend>${alias}</rng>`;

  it('the holder that cannot move keeps its alias, the other moves, in every order', () => {
    // Three disks of one volume, an rng holding the alias two of them hold too.
    const devices = [
      disk(`<target dev='vda'/><serial>${VOL}</serial>`),
      rng(`<alias name='ua-data'/>`),
      disk(`<target dev='vdb'/><serial>${VOL}</serial><alias name='ua-data'/>`),
      disk(`<target dev='vdc'/><serial>${VOL}</serial><alias name='ua-data'/>`),
    ];
    for (const order of permutations(devices)) {
      const finals = finalAliases(doc(order.join(''))).filter((n) => n !== undefined);
      expect(new Set(finals).size, order.join('\n')).toBe(finals.length);
    }
    // The order: the rng first, then the disk that cannot take its volume's name.
    expect(names(doc(devices.join('')))).toEqual([
      `ua-${VOL}`,
      'ua-data-2',
      expect.stringMatching(/^unknown: another device keeps "ua-3e6a8f2b-.*two devices claim this volume/),
      'remove',
    ]);
  });

  it('of two devices named after one volume, the later copy goes', () => {
    const twice = disk(`<target dev='vda'/><serial>${VOL}</serial><alias name='ua-${VOL}'/>`);
    const d = doc(rng(`<alias name='ua-${VOL}'/>`) + twice + twice.replace('vda', 'vdb'));
    // The rng's alias is no claim on the volume: it moves, however early it comes.
    expect(names(d)).toEqual([`ua-${VOL}-2`, undefined, 'remove']);
  });

  it('a nested alias moves up, but never takes a name libvirt already reads elsewhere', () => {
    const d = doc(
      disk(`<source file='/a'><alias name='ua-x'/></source><target dev='vda'/>`) +
        rng(`<alias name='ua-x'/>`) +
        disk(`<driver name='qemu'><alias name='ua-y'/></driver><target dev='vdb'/>`) +
        disk(
          `<source file='/c'><alias name='ua-${VOL2}'/></source><target dev='vdc'/><serial>${VOL}</serial>`,
        ),
    );
    expect(names(d)).toEqual(['ua-x-2', undefined, 'ua-y', `ua-${VOL}`]);
  });

  it('removes an alias libvirt would drop when there is no name to give, and says why when there is none to remove', () => {
    const lun = (alias: string) => disk(`<target dev='sda' bus='scsi'/>${alias}`, 'lun');
    for (const alias of [`<alias name='scsi0-0-0-1'/>`, `<alias/>`, `<alias name='ua-..'/>`]) {
      expect(names(doc(lun(alias))), alias).toEqual(['remove']);
    }
    expect(names(doc(lun(`<source><alias name='ua-.'/></source>`)))).toEqual(['remove']);
    expect(names(doc(lun('')))[0]).toMatch(/^unknown: a SCSI LUN disk/);
    // A name with something in it is repaired, as on any device.
    expect(names(doc(lun(`<alias name='mylun'/>`)))).toEqual(['ua-mylun']);
  });
});

describe('aliasPlan and the console that mirrors serial[0]', () => {
  it("gives a live dump console serial[0]'s alias, in the same pass when serial[0] needs a new one", () => {
    const kept = doc(
      `<serial type='pty'><alias name='ua-s'/></serial><console type='pty'><alias name='serial0'/></console>`,
    );
    expect(names(kept)).toEqual([undefined, 'ua-s']);
    const live = doc(
      `<serial type='pty'><alias name='serial0'/></serial><console type='pty'><target type='serial'/><alias name='serial0'/></console>`,
    );
    expect(names(live)).toEqual(['ua-serial-0', 'ua-serial-0']);
  });

  it("gives serial[0] the console's alias when it has none of its own", () => {
    const bare = doc(`<serial type='pty'/><console type='pty'><alias name='ua-c'/></console>`);
    // The console keeps its name: its fix gives serial[0] the same.
    expect(names(bare)).toEqual(['ua-c', 'ua-c']);
    const invalid = doc(`<serial type='pty'/><console type='pty'><alias name='ua-my.console'/></console>`);
    expect(names(invalid)).toEqual(['ua-my-console', 'ua-my-console']);
    const generated = doc(`<serial type='pty'/><console type='pty'><alias name='serial0'/></console>`);
    expect(names(generated)).toEqual(['ua-serial-0', 'ua-serial-0']);
    // serial[0]'s own name, repaired, wins over the console's.
    const own = doc(
      `<serial type='pty'><alias name='ua-s.0'/></serial><console type='pty'><alias name='ua-c'/></console>`,
    );
    expect(names(own)).toEqual(['ua-s-0', 'ua-s-0']);
  });

  it('numbers the shared name when another device keeps it', () => {
    // The console has another source than serial[0]: libvirt replaces it and never checks its
    // alias, so the disk keeps ua-c; serial[0] and the console get a name of their own.
    const d = doc(
      disk(`<target dev='vda'/><alias name='ua-c'/>`) +
        `<serial type='file'><source path='/a'/></serial><console type='pty'><alias name='ua-c'/></console>`,
    );
    expect(names(d)).toEqual([undefined, 'ua-c-2', 'ua-c-2']);
  });

  it('renames the later holder when libvirt checks the console (same source as serial[0])', () => {
    const d = doc(
      disk(`<target dev='vda'/><alias name='ua-c'/>`) +
        `<serial type='pty'/><console type='pty'><alias name='ua-c'/></console>`,
    );
    expect(names(d)).toEqual(['ua-c-2', 'ua-c', 'ua-c']);
  });

  it('leaves consoles alone where libvirt keeps them: Xen PV', () => {
    const d = doc(
      `<serial type='pty'/><console type='pty'><target type='serial'/><alias name='ua-c'/></console>`,
      `<os><type arch='i686'>xen</type></os>`,
    );
    expect(names(d)).toEqual(['ua-serial-0', undefined]);
  });

  it('mends a clash of the console alias by giving it serial[0]s', () => {
    const d = doc(
      `<serial type='pty'><alias name='ua-s'/></serial>` +
        disk(`<target dev='vda'/><alias name='ua-x'/>`) +
        `<console type='pty'><alias name='ua-x'/></console>`,
    );
    expect(names(d)).toEqual([undefined, undefined, 'ua-s']);
  });
});
