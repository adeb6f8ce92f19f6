import { describe, expect, it } from 'vitest';
import type { Device } from './devices.js';
import type { DiskIdentity, HostdevIdentity, InterfaceIdentity } from './identity.js';
import { NOVA_NAMESPACES } from './nova.js';
import { parseDomain, type DomainDocument } from './parse-domain.js';
import type { Range } from './types.js';

const NOVA_11 = 'http://openstack.org/xmlns/libvirt/nova/1.1';
const NOVA_10 = 'http://openstack.org/xmlns/libvirt/nova/1.0';

const VOLUME = '0e1f2a3b-4c5d-4e6f-8a9b-0c1d2e3f4a5b';
const PORT_A = '3a5c21d0-7e9b-4f21-9c6a-1d2b3c4d5e6f';
/** Shares its first 11 characters with PORT_A: a tap name cannot tell them apart. */
const PORT_A_TWIN = '3a5c21d0-7eff-4a00-8000-000000000001';
const PORT_B = 'b1b2b3b4-c1c2-4d1d-8e1e-f1f2f3f4f5f6';

function domain(text: string): DomainDocument {
  const r = parseDomain(text);
  if (r.kind !== 'domain') throw new Error(`expected a domain, got ${JSON.stringify(r)}`);
  return r.document;
}

const slice = (text: string, range: Range): string => text.slice(range[0], range[1]);

function novaMetadata(ports: readonly string[], ns = NOVA_11, prefix = 'nova'): string {
  const p = ports.map(
    (u) =>
      `        <${prefix}:port uuid="${u}"><${prefix}:ip type="fixed" address="10.0.0.5" ipVersion="4"/></${prefix}:port>\n`,
  );
  return (
    `  <metadata>\n    <${prefix}:instance xmlns:${prefix}="${ns}">\n` +
    `      <${prefix}:name>vm</${prefix}:name>\n` +
    `      <${prefix}:root type="image" uuid="9a1e0b7c-0000-4000-8000-00000000000a"/>\n` +
    (ports.length ? `      <${prefix}:ports>\n${p.join('')}      </${prefix}:ports>\n` : '') +
    `    </${prefix}:instance>\n  </metadata>\n`
  );
}

function devices(xml: string, head = ''): { text: string; list: readonly Device[]; doc: DomainDocument } {
  const text = `<domain type='kvm'>\n  <name>instance-00000001</name>\n${head}  <devices>\n${xml}\n  </devices>\n</domain>\n`;
  const doc = domain(text);
  return { text, list: doc.devices, doc };
}

function disk(xml: string): DiskIdentity {
  const id = devices(xml).list[0]!.identity;
  if (id?.kind !== 'disk') throw new Error('not a disk');
  return id;
}

function iface(xml: string, ports: readonly string[] = [PORT_A, PORT_A_TWIN, PORT_B]): InterfaceIdentity {
  const id = devices(xml, novaMetadata(ports)).list[0]!.identity;
  if (id?.kind !== 'interface') throw new Error('not an interface');
  return id;
}

function hostdev(xml: string): HostdevIdentity {
  const id = devices(xml).list[0]!.identity;
  if (id?.kind !== 'hostdev') throw new Error('not a hostdev');
  return id;
}

describe('disk identity', () => {
  it('Cinder rbd volume: serial = volume uuid', () => {
    expect(
      disk(`<disk type='network' device='disk'>
        <driver name='qemu' type='raw' cache='none' discard='unmap'/>
        <source protocol='rbd' name='volumes/volume-${VOLUME}'>
          <host name='192.168.1.11' port='6789'/>
        </source>
        <target dev='vdb' bus='virtio'/>
        <serial>${VOLUME.toUpperCase()}</serial>
      </disk>`),
    ).toEqual({
      kind: 'disk',
      device: 'disk',
      serial: VOLUME.toUpperCase(),
      wwn: undefined,
      source: `rbd:volumes/volume-${VOLUME}`,
      targetDev: 'vdb',
      targetBus: 'virtio',
      volumeUuid: VOLUME,
      volumeUuidFrom: 'serial',
      isVolume: true,
    });
  });

  it('serial trimmed; a serial that is not a uuid is kept but names no volume', () => {
    const id = disk(`<disk type='file'><source file='/a'/><serial>
        QM00001 </serial><target dev='sda' bus='sata'/></disk>`);
    expect(id).toMatchObject({
      serial: 'QM00001',
      volumeUuid: undefined,
      volumeUuidFrom: undefined,
      isVolume: false,
    });
    expect(disk(`<disk type='file'><serial>  </serial></disk>`).serial).toBeUndefined();
  });

  it('volume-<uuid> in an rbd or iSCSI source without serial (heuristic)', () => {
    expect(
      disk(
        `<disk type='network' device='disk'><source protocol='rbd' name='vols/volume-${VOLUME.toUpperCase()}'/></disk>`,
      ),
    ).toMatchObject({ volumeUuid: VOLUME, volumeUuidFrom: 'source', isVolume: true, serial: undefined });
    expect(
      disk(`<disk type='network' device='disk'>
        <source protocol='iscsi' name='iqn.2010-10.org.openstack:volume-${VOLUME}/1'><host name='10.0.0.2' port='3260'/></source>
        <target dev='vdc' bus='virtio'/></disk>`),
    ).toMatchObject({
      source: `iscsi:iqn.2010-10.org.openstack:volume-${VOLUME}/1`,
      volumeUuid: VOLUME,
      volumeUuidFrom: 'source',
    });
    expect(
      disk(
        `<disk type='block' device='disk'><source dev='/dev/disk/by-path/ip-10.0.0.2:3260-iscsi-iqn.2010-10.org.openstack:volume-${VOLUME}-lun-1'/></disk>`,
      ),
    ).toMatchObject({ volumeUuid: VOLUME, volumeUuidFrom: 'source' });
  });

  it('serial wins over the source', () => {
    const other = 'aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee';
    expect(
      disk(
        `<disk type='network'><source protocol='rbd' name='v/volume-${other}'/><serial>${VOLUME}</serial></disk>`,
      ),
    ).toMatchObject({ volumeUuid: VOLUME, volumeUuidFrom: 'serial' });
  });

  it('SCSI LUN passthrough: a volume without serial', () => {
    expect(
      disk(`<disk type='block' device='lun' sgio='unfiltered'>
        <driver name='qemu' type='raw' cache='none' io='native'/>
        <source dev='/dev/disk/by-id/wwn-0x6005076802810d88c800000000000123'/>
        <target dev='sda' bus='scsi'/>
        <address type='drive' controller='0' bus='0' target='0' unit='0'/>
      </disk>`),
    ).toEqual({
      kind: 'disk',
      device: 'lun',
      serial: undefined,
      wwn: undefined,
      source: 'dev:/dev/disk/by-id/wwn-0x6005076802810d88c800000000000123',
      targetDev: 'sda',
      targetBus: 'scsi',
      volumeUuid: undefined,
      volumeUuidFrom: undefined,
      isVolume: true,
    });
  });

  it('local disks: file, dir, volume, wwn, cdrom, no source', () => {
    expect(
      disk(
        `<disk type='file' device='disk'><source file='/var/lib/nova/instances/x/disk'/><target dev='vda' bus='virtio'/><wwn>5000c50015ea71ac</wwn></disk>`,
      ),
    ).toMatchObject({
      source: 'file:/var/lib/nova/instances/x/disk',
      wwn: '5000c50015ea71ac',
      isVolume: false,
    });
    expect(disk(`<disk type='dir'><source dir='/srv/d'/></disk>`).source).toBe('dir:/srv/d');
    expect(disk(`<disk type='volume'><source pool='lvm' volume='vol1'/></disk>`).source).toBe(
      'volume:lvm/vol1',
    );
    expect(disk(`<disk type='network'><source name='x'/></disk>`).source).toBe('network:x');
    expect(
      disk(`<disk type='file' device='cdrom'><target dev='hda' bus='ide'/><readonly/></disk>`),
    ).toMatchObject({
      device: 'cdrom',
      source: undefined,
      targetDev: 'hda',
      targetBus: 'ide',
      isVolume: false,
    });
    expect(disk(`<disk/>`)).toMatchObject({ device: 'disk', source: undefined, targetDev: undefined });
  });
});

describe('interface identity', () => {
  it('MAC lower-cased, with its element', () => {
    const { text, list } = devices(
      `<interface type='network'><mac address='FA:16:3E:AB:CD:EF'/><source network='default'/></interface>`,
    );
    const id = list[0]!.identity as InterfaceIdentity;
    expect(id.mac).toBe('fa:16:3e:ab:cd:ef');
    expect(slice(text, id.macElement!.range)).toBe(`<mac address='FA:16:3E:AB:CD:EF'/>`);
    expect(id.source).toBe('network:default');
    expect(id.portUuid).toBeUndefined();
  });

  it('legacy OVS plug: virtualport interfaceid is the port', () => {
    expect(
      iface(`<interface type='bridge'>
        <mac address='fa:16:3e:00:00:01'/>
        <source bridge='br-int'/>
        <virtualport type='openvswitch'><parameters interfaceid='${PORT_B.toUpperCase()}'/></virtualport>
        <target dev='tap${PORT_B.slice(0, 11)}'/>
        <model type='virtio'/>
      </interface>`),
    ).toMatchObject({
      type: 'bridge',
      source: 'bridge:br-int',
      interfaceId: PORT_B,
      portUuid: PORT_B,
      portUuidFrom: 'virtualport',
      portPrefix: PORT_B.slice(0, 11),
    });
  });

  it('virtualport interfaceid wins even when no nova port matches; a non-uuid is ignored', () => {
    const other = 'cccccccc-0000-4000-8000-000000000000';
    expect(
      iface(
        `<interface type='bridge'><virtualport type='openvswitch'><parameters interfaceid='${other}'/></virtualport></interface>`,
      ),
    ).toMatchObject({ portUuid: other, portUuidFrom: 'virtualport' });
    expect(
      iface(
        `<interface type='bridge'><virtualport type='openvswitch'><parameters interfaceid='nope'/></virtualport></interface>`,
      ),
    ).toMatchObject({ interfaceId: undefined, portUuid: undefined });
  });

  it('OVN tap: the tap name matches exactly one nova:port', () => {
    expect(
      iface(
        `<interface type='ethernet'><mac address='fa:16:3e:00:00:02'/><target dev='tap${PORT_B.slice(0, 11)}'/></interface>`,
      ),
    ).toMatchObject({
      targetDev: `tap${PORT_B.slice(0, 11)}`,
      portPrefix: PORT_B.slice(0, 11),
      portUuid: PORT_B,
      portUuidFrom: 'device-name',
    });
  });

  it('tap matching two ports (same 11-character prefix): no port', () => {
    expect(
      iface(`<interface type='ethernet'><target dev='tap${PORT_A.slice(0, 11)}'/></interface>`),
    ).toMatchObject({
      portPrefix: PORT_A.slice(0, 11),
      portUuid: undefined,
      portUuidFrom: undefined,
    });
  });

  it('the same tap matches once the twin port is gone', () => {
    expect(
      iface(`<interface type='ethernet'><target dev='tap${PORT_A.slice(0, 11)}'/></interface>`, [
        PORT_A,
        PORT_B,
      ]),
    ).toMatchObject({ portUuid: PORT_A, portUuidFrom: 'device-name' });
  });

  it('tap matching no port, or no nova metadata at all: no port', () => {
    expect(iface(`<interface type='ethernet'><target dev='tapdeadbeef-00'/></interface>`)).toMatchObject({
      portPrefix: 'deadbeef-00',
      portUuid: undefined,
    });
    const { list } = devices(
      `<interface type='ethernet'><target dev='tap${PORT_B.slice(0, 11)}'/></interface>`,
    );
    expect(list[0]!.identity).toMatchObject({ portPrefix: PORT_B.slice(0, 11), portUuid: undefined });
  });

  it('hybrid plug: qbr bridge source and qvo/tap target', () => {
    expect(
      iface(
        `<interface type='bridge'><mac address='fa:16:3e:00:00:03'/><source bridge='qbr${PORT_B.slice(0, 11)}'/><target dev='tap${PORT_B.slice(0, 11)}'/></interface>`,
      ),
    ).toMatchObject({ source: `bridge:qbr${PORT_B.slice(0, 11)}`, portUuid: PORT_B });
    expect(
      iface(`<interface type='bridge'><target dev='qvo${PORT_B.slice(0, 11)}'/></interface>`).portUuid,
    ).toBe(PORT_B);
    expect(
      iface(`<interface type='bridge'><target dev='qvb${PORT_B.slice(0, 11)}'/></interface>`).portUuid,
    ).toBe(PORT_B);
  });

  it('vhostuser: the socket name carries the port prefix', () => {
    expect(
      iface(`<interface type='vhostuser'><mac address='fa:16:3e:00:00:04'/>
        <source type='unix' path='/var/run/openvswitch/vhu${PORT_B.slice(0, 11)}' mode='server'/>
        <model type='virtio'/></interface>`),
    ).toMatchObject({
      source: `path:/var/run/openvswitch/vhu${PORT_B.slice(0, 11)}`,
      targetDev: undefined,
      portPrefix: PORT_B.slice(0, 11),
      portUuid: PORT_B,
      portUuidFrom: 'device-name',
    });
  });

  it('upper-case device names match too; other names do not', () => {
    expect(
      iface(`<interface type='ethernet'><target dev='TAP${PORT_B.slice(0, 11).toUpperCase()}'/></interface>`)
        .portUuid,
    ).toBe(PORT_B);
    expect(iface(`<interface type='ethernet'><target dev='vnet0'/></interface>`)).toMatchObject({
      portPrefix: undefined,
      portUuid: undefined,
    });
    expect(iface(`<interface type='ethernet'><target dev='tap0'/></interface>`).portPrefix).toBeUndefined();
  });

  it('SR-IOV type=hostdev: the VF PCI address, normalized', () => {
    expect(
      iface(`<interface type='hostdev' managed='yes'>
        <mac address='FA:16:3E:00:00:05'/>
        <driver name='vfio'/>
        <source><address type='pci' domain='0x0000' bus='0x3B' slot='0x02' function='0x5'/></source>
        <vlan><tag id='100'/></vlan>
      </interface>`),
    ).toMatchObject({
      type: 'hostdev',
      mac: 'fa:16:3e:00:00:05',
      hostdevAddress: '0000:3b:02.5',
      portUuid: undefined,
    });
  });

  it('no hostdevAddress for other types or a non-PCI address', () => {
    expect(
      iface(`<interface type='bridge'><source><address type='pci' bus='0x01'/></source></interface>`)
        .hostdevAddress,
    ).toBeUndefined();
    expect(
      iface(`<interface type='hostdev'><source><address type='usb' bus='1' device='2'/></source></interface>`)
        .hostdevAddress,
    ).toBeUndefined();
  });

  it('direct/macvtap: source dev', () => {
    expect(
      iface(
        `<interface type='direct'><source dev='eth0' mode='passthrough'/><target dev='macvtap0'/></interface>`,
      ),
    ).toMatchObject({
      source: 'dev:eth0',
      portUuid: undefined,
    });
  });

  it('teaming persistent attribute, with its range', () => {
    const { text, list } = devices(
      `<interface type='bridge'><teaming type='transient' persistent='ua-net-a'/></interface>`,
    );
    const id = list[0]!.identity as InterfaceIdentity;
    expect(id.teamingPersistent?.value).toBe('ua-net-a');
    expect(slice(text, id.teamingPersistent!.range)).toBe(`persistent='ua-net-a'`);
    expect(
      iface(`<interface type='bridge'><teaming type='persistent'/></interface>`).teamingPersistent,
    ).toBeUndefined();
  });
});

describe('hostdev identity', () => {
  it.each([
    [`<address domain='0x0000' bus='0x81' slot='0x00' function='0x1'/>`, 'pci:0000:81:00.1'],
    [`<address type='pci' domain='0x0000' bus='0x81' slot='0x00' function='0x1'/>`, 'pci:0000:81:00.1'],
    [`<address domain='0x0' bus='0x5' slot='0x1f' function='0x7'/>`, 'pci:0000:05:1f.7'],
    [`<address domain='0X0000' bus='0XAF' slot='0X00' function='0X0'/>`, 'pci:0000:af:00.0'],
    [`<address bus='129' slot='2' function='1'/>`, 'pci:0000:81:02.1'],
    [`<address bus='0x81'/>`, 'pci:0000:81:00.0'],
  ])('PCI %s -> %s', (address, source) => {
    expect(
      hostdev(`<hostdev mode='subsystem' type='pci' managed='yes'><source>${address}</source></hostdev>`),
    ).toEqual({
      kind: 'hostdev',
      mode: 'subsystem',
      type: 'pci',
      source,
    });
  });

  it('PCI without bus, or with another address type: no source', () => {
    expect(
      hostdev(`<hostdev type='pci'><source><address slot='0x1'/></source></hostdev>`).source,
    ).toBeUndefined();
    expect(
      hostdev(`<hostdev type='pci'><source><address type='drive' bus='0'/></source></hostdev>`).source,
    ).toBeUndefined();
    expect(hostdev(`<hostdev type='pci'/>`)).toMatchObject({ mode: 'subsystem', source: undefined });
  });

  it('USB by vendor/product, else by bus/device', () => {
    expect(
      hostdev(
        `<hostdev mode='subsystem' type='usb'><source><vendor id='0x1d6b'/><product id='0x0002'/></source></hostdev>`,
      ).source,
    ).toMatch(/^usb:(0x)?1d6b:(0x)?0002$/);
    expect(
      hostdev(`<hostdev mode='subsystem' type='usb'><source><address bus='1' device='3'/></source></hostdev>`)
        .source,
    ).toBe('usb-bus:1.3');
    expect(
      hostdev(`<hostdev mode='subsystem' type='usb'><source><vendor id='0x1d6b'/></source></hostdev>`).source,
    ).toBeUndefined();
  });

  // libvirt parses USB ids as numbers: `0x1D6B` and `0x1d6b` are one device.
  it('USB vendor/product ids do not depend on letter case', () => {
    const source = (vendor: string) =>
      hostdev(
        `<hostdev mode='subsystem' type='usb'><source><vendor id='${vendor}'/><product id='0x00AB'/></source></hostdev>`,
      ).source;
    expect(source('0x1D6B')).toBe(source('0x1d6b'));
  });

  it('SCSI by adapter and address; iSCSI by IQN', () => {
    expect(
      hostdev(`<hostdev mode='subsystem' type='scsi' sgio='filtered' rawio='yes'>
        <source><adapter name='scsi_host0'/><address bus='0' target='0' unit='1'/></source></hostdev>`)
        .source,
    ).toBe('scsi:scsi_host0:0.0.1');
    expect(
      hostdev(
        `<hostdev mode='subsystem' type='scsi'><source protocol='iscsi' name='iqn.2014-08.com.example:storage/1'><host name='10.0.0.9'/></source></hostdev>`,
      ).source,
    ).toBe('iscsi:iqn.2014-08.com.example:storage/1');
    expect(
      hostdev(`<hostdev mode='subsystem' type='scsi'><source><address bus='0'/></source></hostdev>`).source,
    ).toBeUndefined();
  });

  it('scsi_host by wwpn; mdev by uuid (lower-cased)', () => {
    expect(
      hostdev(
        `<hostdev mode='subsystem' type='scsi_host'><source protocol='vhost' wwpn='naa.5123456789abcde0'/></hostdev>`,
      ).source,
    ).toBe('scsi_host:naa.5123456789abcde0');
    expect(
      hostdev(
        `<hostdev mode='subsystem' type='mdev' model='vfio-pci' display='off'><source><address uuid='C2177883-F1BB-47F0-914D-32A22E3A8804'/></source></hostdev>`,
      ),
    ).toEqual({
      kind: 'hostdev',
      mode: 'subsystem',
      type: 'mdev',
      source: 'mdev:c2177883-f1bb-47f0-914d-32a22e3a8804',
    });
  });

  it('capabilities mode and unknown types: no source', () => {
    expect(
      hostdev(
        `<hostdev mode='capabilities' type='storage'><source><block>/dev/sdf1</block></source></hostdev>`,
      ),
    ).toEqual({
      kind: 'hostdev',
      mode: 'capabilities',
      type: 'storage',
      source: undefined,
    });
  });
});

describe('nova metadata', () => {
  it('reads ports (lower-cased) and root from the 1.1 namespace', () => {
    const { doc } = devices('', novaMetadata([PORT_A.toUpperCase(), PORT_B]));
    expect(doc.nova).toMatchObject({
      namespace: NOVA_11,
      ports: [{ uuid: PORT_A }, { uuid: PORT_B }],
      rootType: 'image',
      rootUuid: '9a1e0b7c-0000-4000-8000-00000000000a',
    });
    expect(doc.nova!.element.local).toBe('instance');
    expect(doc.nova!.ports[0]!.element.name).toBe('nova:port');
  });

  it('reads the 1.0 namespace, which has no ports', () => {
    const { doc } = devices('', novaMetadata([], NOVA_10));
    expect(doc.nova).toMatchObject({ namespace: NOVA_10, ports: [], rootType: 'image' });
    expect(NOVA_NAMESPACES).toEqual([NOVA_10, NOVA_11]);
  });

  it('any prefix, and a default namespace, are fine', () => {
    expect(devices('', novaMetadata([PORT_B], NOVA_11, 'os')).doc.nova?.ports.map((p) => p.uuid)).toEqual([
      PORT_B,
    ]);
    const head = `  <metadata><instance xmlns="${NOVA_11}"><ports><port uuid="${PORT_B}"/></ports></instance></metadata>\n`;
    expect(devices('', head).doc.nova?.ports.map((p) => p.uuid)).toEqual([PORT_B]);
  });

  it('ignores other namespaces and elements without the nova namespace', () => {
    const head =
      `  <metadata>\n` +
      `    <nova:instance xmlns:nova="http://openstack.org/xmlns/libvirt/nova/2.0"><nova:ports><nova:port uuid="${PORT_A}"/></nova:ports></nova:instance>\n` +
      `    <app:data xmlns:app="urn:app"/>\n` +
      `  </metadata>\n`;
    expect(devices('', head).doc.nova).toBeNull();
    expect(devices('').doc.nova).toBeNull();
    expect(devices('', `  <metadata><instance><ports/></instance></metadata>\n`).doc.nova).toBeNull();
  });

  it('skips ports without uuid and children of other namespaces', () => {
    const head =
      `  <metadata><nova:instance xmlns:nova="${NOVA_11}" xmlns:x="urn:x"><nova:ports>` +
      `<nova:port/><x:port uuid="${PORT_A}"/><nova:port uuid="${PORT_B}"/></nova:ports></nova:instance></metadata>\n`;
    expect(devices('', head).doc.nova?.ports.map((p) => p.uuid)).toEqual([PORT_B]);
  });
});

describe('domain document', () => {
  it('name, uuid (lower-cased), type, devicesElement', () => {
    const text =
      `<domain type='kvm' id='7'>\n  <name> instance-0000002a </name>\n  <uuid>9D5A0C4E-1B2C-4D3E-8F40-5A6B7C8D9E0F</uuid>\n` +
      `  <devices><disk/></devices>\n</domain>\n`;
    const doc = domain(text);
    expect(doc.name).toBe('instance-0000002a');
    expect(doc.uuid).toBe('9d5a0c4e-1b2c-4d3e-8f40-5a6b7c8d9e0f');
    expect(doc.type).toBe('kvm');
    expect(doc.text).toBe(text);
    expect(slice(text, doc.devicesElement!.startTag)).toBe('<devices>');
    expect(doc.lines.lineStarts).toEqual([0, ...[...text.matchAll(/\n/g)].map((m) => m.index + 1)]);
  });

  it('missing name, uuid and type are undefined', () => {
    const doc = domain('<domain/>');
    expect([doc.name, doc.uuid, doc.type, doc.devicesElement, doc.nova]).toEqual([
      undefined,
      undefined,
      undefined,
      undefined,
      null,
    ]);
  });
});
