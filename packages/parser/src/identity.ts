import { isUuid, USER_ALIAS_PREFIX } from './alias-name.js';
import { attribute, attributeValue, child } from './dom.js';
import type { NovaMetadata, NovaPort } from './nova.js';
import type { XmlAttribute, XmlElement } from './types.js';

/** The stable identifiers a disk carries in the XML. */
export interface DiskIdentity {
  readonly kind: 'disk';
  /** `disk` (the default), `cdrom`, `floppy` or `lun`. */
  readonly device: string;
  readonly serial: string | undefined;
  readonly wwn: string | undefined;
  /** `file:/path`, `dev:/dev/x`, `rbd:pool/image`, `volume:pool/vol`, ... */
  readonly source: string | undefined;
  readonly targetDev: string | undefined;
  readonly targetBus: string | undefined;
  /**
   * The Cinder volume this disk is, when the XML says so: the serial when it is a uuid (Nova
   * writes serial = volume id), else a `volume-<uuid>` in the source (a heuristic).
   */
  readonly volumeUuid: string | undefined;
  readonly volumeUuidFrom: 'serial' | 'source' | undefined;
  /**
   * The uuid of a `ua-<uuid>` alias on the disk: the name Nova 2024.1+ gives a volume disk, so
   * the sign of a volume written by Nova (whether or not the serial agrees: see alias-identity).
   */
  readonly aliasVolumeUuid: string | undefined;
  /**
   * A Cinder volume by the signs above, or a SCSI LUN passthrough (Nova uses those only for
   * volumes). Any other disk is local: root, ephemeral, swap or config drive in Nova's terms.
   */
  readonly isVolume: boolean;
}

export interface InterfaceIdentity {
  readonly kind: 'interface';
  readonly type: string | undefined;
  /** Lower-cased. */
  readonly mac: string | undefined;
  readonly macElement: XmlElement | undefined;
  /** `<virtualport><parameters interfaceid=.../>`: the Neutron port of a legacy OVS plug. */
  readonly interfaceId: string | undefined;
  readonly targetDev: string | undefined;
  /** `bridge:br-int`, `network:default`, `dev:eth0`, `path:/var/run/.../vhuXXXX`, ... */
  readonly source: string | undefined;
  /** PCI address of an SR-IOV VF (`type='hostdev'`). */
  readonly hostdevAddress: string | undefined;
  /** The `persistent` attribute of `<teaming>`: the alias of another interface. */
  readonly teamingPersistent: XmlAttribute | undefined;
  /** The Neutron port uuid, when the XML alone determines it. */
  readonly portUuid: string | undefined;
  readonly portUuidFrom: 'virtualport' | 'device-name' | undefined;
  /** The 11 port-uuid characters a tap/qvo/qbr/vhu device or socket name carries. */
  readonly portPrefix: string | undefined;
}

export interface HostdevIdentity {
  readonly kind: 'hostdev';
  readonly mode: string;
  readonly type: string | undefined;
  /** `pci:0000:81:00.1`, `usb:1d6b:0002`, `usb-bus:1.3`, `scsi:host0:0.0.0`, `mdev:<uuid>`, ... */
  readonly source: string | undefined;
}

export type DeviceIdentity = DiskIdentity | InterfaceIdentity | HostdevIdentity;

const DISK_SOURCE_ATTRIBUTES = ['file', 'dev', 'dir', 'name', 'volume'] as const;
const VOLUME_IN_SOURCE =
  /volume-([0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12})/;
const PORT_DEVICE_NAME = /^(?:tap|qvo|qvb|qbr|vhu)([0-9a-f]{8}-[0-9a-f]{2})/;

function trimmedText(el: XmlElement | undefined): string | undefined {
  const t = el?.text.trim();
  return t ? t : undefined;
}

function diskSource(disk: XmlElement): string | undefined {
  const source = child(disk, 'source');
  if (!source) return undefined;
  // Indexed loops, not `for...of` (see dom.ts).
  for (let i = 0; i < DISK_SOURCE_ATTRIBUTES.length; i++) {
    const name = DISK_SOURCE_ATTRIBUTES[i]!;
    const value = attributeValue(source, name);
    if (value === undefined) continue;
    if (name === 'name') return `${attributeValue(source, 'protocol') ?? 'network'}:${value}`;
    if (name === 'volume') return `volume:${attributeValue(source, 'pool') ?? ''}/${value}`;
    return `${name}:${value}`;
  }
  return undefined;
}

export function diskIdentity(disk: XmlElement): DiskIdentity {
  const device = attributeValue(disk, 'device') ?? 'disk';
  const serial = trimmedText(child(disk, 'serial'));
  const source = diskSource(disk);
  const target = child(disk, 'target');
  // `includes` first: most sources name no volume, and the search with its match costs more.
  const fromSource = source?.includes('volume-') ? VOLUME_IN_SOURCE.exec(source)?.[1] : undefined;
  const volumeUuid = isUuid(serial) ? serial.toLowerCase() : fromSource?.toLowerCase();
  const aliasName = attributeValue(child(disk, 'alias'), 'name');
  const aliasUuid = aliasName?.startsWith(USER_ALIAS_PREFIX)
    ? aliasName.slice(USER_ALIAS_PREFIX.length)
    : undefined;
  const aliasVolumeUuid = isUuid(aliasUuid) ? aliasUuid.toLowerCase() : undefined;
  return {
    kind: 'disk',
    device,
    serial,
    wwn: trimmedText(child(disk, 'wwn')),
    source,
    targetDev: attributeValue(target, 'dev'),
    targetBus: attributeValue(target, 'bus'),
    volumeUuid,
    volumeUuidFrom: isUuid(serial) ? 'serial' : fromSource ? 'source' : undefined,
    aliasVolumeUuid,
    isVolume: volumeUuid !== undefined || aliasVolumeUuid !== undefined || device === 'lun',
  };
}

/** `dddd:bb:ss.f` of a PCI `<address>`; hostdev sources omit `type='pci'`, so absent is PCI too. */
function pciAddress(address: XmlElement | undefined): string | undefined {
  if (!address || attributeValue(address, 'bus') === undefined) return undefined;
  const type = attributeValue(address, 'type');
  if (type !== undefined && type !== 'pci') return undefined;
  const part = (name: string, width: number): string => {
    const raw = attributeValue(address, name) ?? '0';
    const n = Number.parseInt(raw, raw.toLowerCase().startsWith('0x') ? 16 : 10);
    return Number.isNaN(n) ? raw : n.toString(16).padStart(width, '0');
  };
  return `${part('domain', 4)}:${part('bus', 2)}:${part('slot', 2)}.${part('function', 1)}`;
}

const INTERFACE_SOURCE_ATTRIBUTES = ['bridge', 'network', 'dev', 'path', 'address'] as const;

function interfaceSource(source: XmlElement | undefined): string | undefined {
  if (!source) return undefined;
  for (let i = 0; i < INTERFACE_SOURCE_ATTRIBUTES.length; i++) {
    const name = INTERFACE_SOURCE_ATTRIBUTES[i]!;
    const value = attributeValue(source, name);
    if (value !== undefined) return `${name}:${value}`;
  }
  return undefined;
}

/**
 * The uuid of the one Nova port whose uuid starts with `prefix`; undefined when none or several
 * do. Only real uuids: a port id that is not one would make an alias libvirt drops or Nova
 * ignores. A loop, not `filter` over `ports ?? []` (see `readNovaMetadata`'s ports).
 */
function onlyPortWithPrefix(ports: readonly NovaPort[], prefix: string): string | undefined {
  let found: string | undefined;
  for (let i = 0; i < ports.length; i++) {
    const p = ports[i]!;
    if (!isUuid(p.uuid) || !p.uuid.startsWith(prefix)) continue;
    if (found !== undefined) return undefined;
    found = p.uuid;
  }
  return found;
}

export function interfaceIdentity(iface: XmlElement, nova: NovaMetadata | null): InterfaceIdentity {
  const macElement = child(iface, 'mac');
  const source = child(iface, 'source');
  const targetDev = attributeValue(child(iface, 'target'), 'dev');
  const interfaceIdRaw = attributeValue(child(child(iface, 'virtualport'), 'parameters'), 'interfaceid');
  const interfaceId = isUuid(interfaceIdRaw) ? interfaceIdRaw.toLowerCase() : undefined;
  const teaming = child(iface, 'teaming');
  const socketPath = attributeValue(source, 'path');
  const deviceName = targetDev ?? socketPath?.slice(socketPath.lastIndexOf('/') + 1);
  const portPrefix = deviceName ? PORT_DEVICE_NAME.exec(deviceName.toLowerCase())?.[1] : undefined;
  const byName = portPrefix && nova ? onlyPortWithPrefix(nova.ports, portPrefix) : undefined;
  const type = attributeValue(iface, 'type');
  return {
    kind: 'interface',
    type,
    mac: attributeValue(macElement, 'address')?.toLowerCase(),
    macElement,
    interfaceId,
    targetDev,
    source: interfaceSource(source),
    hostdevAddress: type === 'hostdev' ? pciAddress(child(source, 'address')) : undefined,
    teamingPersistent: teaming ? attribute(teaming, 'persistent') : undefined,
    portUuid: interfaceId ?? byName,
    portUuidFrom: interfaceId ? 'virtualport' : byName ? 'device-name' : undefined,
    portPrefix,
  };
}

function hostdevSource(type: string | undefined, source: XmlElement | undefined): string | undefined {
  if (!source) return undefined;
  const address = child(source, 'address');
  switch (type) {
    case 'pci': {
      const pci = pciAddress(address);
      return pci ? `pci:${pci}` : undefined;
    }
    case 'usb': {
      // `0x1D6B` and `0x1d6b` are one device.
      const vendor = attributeValue(child(source, 'vendor'), 'id')?.toLowerCase();
      const product = attributeValue(child(source, 'product'), 'id')?.toLowerCase();
      if (vendor && product) return `usb:${vendor}:${product}`;
      const bus = attributeValue(address, 'bus');
      const device = attributeValue(address, 'device');
      return bus && device ? `usb-bus:${bus}.${device}` : undefined;
    }
    case 'scsi': {
      const adapter = attributeValue(child(source, 'adapter'), 'name');
      const iqn = attributeValue(source, 'name');
      if (iqn) return `iscsi:${iqn}`;
      const bus = attributeValue(address, 'bus') ?? '0';
      const target = attributeValue(address, 'target') ?? '0';
      const unit = attributeValue(address, 'unit') ?? '0';
      return adapter ? `scsi:${adapter}:${bus}.${target}.${unit}` : undefined;
    }
    case 'scsi_host': {
      const wwpn = attributeValue(source, 'wwpn');
      return wwpn ? `scsi_host:${wwpn}` : undefined;
    }
    case 'mdev': {
      const uuid = attributeValue(address, 'uuid');
      return uuid ? `mdev:${uuid.toLowerCase()}` : undefined;
    }
    default:
      return undefined;
  }
}

export function hostdevIdentity(hostdev: XmlElement): HostdevIdentity {
  const type = attributeValue(hostdev, 'type');
  return {
    kind: 'hostdev',
    mode: attributeValue(hostdev, 'mode') ?? 'subsystem',
    type,
    source: hostdevSource(type, child(hostdev, 'source')),
  };
}
