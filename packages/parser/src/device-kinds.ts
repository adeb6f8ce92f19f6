import { sanitizeAliasPart, USER_ALIAS_PREFIX } from './alias-name.js';
import type { Device } from './devices.js';
import { attributeValue } from './dom.js';
import { diskIdentity, hostdevIdentity, interfaceIdentity, type DeviceIdentity } from './identity.js';
import type { NovaMetadata } from './nova.js';
import type { XmlElement } from './types.js';

/**
 * Which children of `<devices>` take an `<alias>`, per libvirt's C parser (what is kept on define)
 * and its RelaxNG schema (what `virt-xml-validate` accepts). See docs/reference/libvirt-aliases.md.
 */
export type AliasSupport =
  /** The schema allows it and libvirt keeps it. */
  | 'kept'
  /** libvirt keeps it, but domain.rng rejects it (smartcard, nvram). */
  | 'kept-schema-rejects'
  /** libvirt ignores an `<alias>` here. */
  | 'ignored';

/**
 * Everything the project knows about one kind of device: adding a kind is adding one entry.
 * docs/device-kinds.md is generated from this table (scripts/generate-docs.mjs).
 */
export interface DeviceKind {
  /** The element name under `<devices>`. */
  readonly name: string;
  readonly alias: AliasSupport;
  /**
   * Prefixes of the alias names libvirt's QEMU driver generates for this kind in live XML
   * (`virtio-disk` of `virtio-disk0`, `scsi0-0-0-1`): such a name in a file means a live dump.
   */
  readonly generated: readonly string[];
  /** The stable identifiers the XML holds, for the docs. */
  readonly identifiers: string;
  /** Reads them; kinds without an entry have none beyond their position. */
  readonly identity?: (element: XmlElement, nova: NovaMetadata | null) => DeviceIdentity;
  /** A key that survives reordering (baselines key findings by it); default `<kind>[<n>]`. */
  readonly key?: (device: Device) => string | undefined;
  /**
   * The deterministic alias, after `ua-`, that `fix` gives a device no OpenStack id names
   * (docs/naming.md); default `<kind>-<n>`.
   */
  readonly fallbackName?: (device: Device) => string;
  /** `fallbackName` as the docs show it. */
  readonly naming: string;
  /** `model='none'` and the like: libvirt drops an alias written on this placeholder. */
  readonly placeholder?: (element: XmlElement) => boolean;
  /** What OpenStack Nova does with this kind's alias (docs/reference/nova-devices.md). */
  readonly nova: string;
}

const NOVA_NONE = 'not used';

/**
 * Every kind as an object of one shape, each field present (undefined when the kind has none).
 * Kinds spread from different extras had different shapes, and each device read `placeholder`,
 * `identity`, `alias` (and the rules `key`, `fallbackName`) from them at megamorphic sites.
 */
const oneShape = (k: DeviceKind): DeviceKind => ({
  name: k.name,
  alias: k.alias,
  generated: k.generated,
  identifiers: k.identifiers,
  identity: k.identity,
  key: k.key,
  fallbackName: k.fallbackName,
  naming: k.naming,
  placeholder: k.placeholder,
  nova: k.nova,
});

const keptKind = (name: string, generated: readonly string[], extra: Partial<DeviceKind> = {}): DeviceKind =>
  oneShape({
    name,
    alias: 'kept',
    generated,
    identifiers: 'none: its position',
    naming: `ua-${name}-<n>`,
    nova: NOVA_NONE,
    ...extra,
  });

const ignoredKind = (name: string): DeviceKind =>
  oneShape({
    name,
    alias: 'ignored',
    generated: [],
    identifiers: '-',
    naming: 'none (takes no alias)',
    nova: NOVA_NONE,
  });

const modelNone = (element: XmlElement): boolean => attributeValue(element, 'model') === 'none';

export const DEVICE_KINDS: readonly DeviceKind[] = [
  keptKind('disk', ['virtio-disk', 'usb-disk', 'ide', 'sata', 'scsi', 'fdc'], {
    identifiers: '`<serial>`, `<wwn>`, `<source>`, `<target dev>`',
    identity: diskIdentity,
    key: (d) => {
      const id = d.identity?.kind === 'disk' ? d.identity : undefined;
      const what = id?.targetDev ?? id?.serial ?? id?.source;
      return what === undefined ? undefined : `disk:${what}`;
    },
    fallbackName: (d) => {
      const id = d.identity?.kind === 'disk' ? d.identity : undefined;
      return `disk-${sanitizeAliasPart(id?.targetDev ?? String(d.kindIndex))}`;
    },
    naming:
      '`ua-<volume uuid>` for a volume; `ua-disk-<target dev>` for a local disk (none in a Nova domain)',
    nova: 'volumes: writes `ua-<volume uuid>` (2024.1+) and finds the disk by it, then by `<target dev>`; local disks: none, and `ua-` on one means "volume" to live migration',
  }),
  keptKind('controller', ['pci', 'pcie', 'virtio-serial', 'usb', 'ccid'], {
    identifiers: '`type` and `index`',
    placeholder: (el) => modelNone(el) && attributeValue(el, 'type') === 'usb',
    fallbackName: (d) => {
      const type = attributeValue(d.element, 'type') ?? 'controller';
      const index = attributeValue(d.element, 'index') ?? String(d.kindIndex);
      return `controller-${sanitizeAliasPart(type)}-${sanitizeAliasPart(index)}`;
    },
    naming: '`ua-controller-<type>-<index>`',
  }),
  keptKind('filesystem', ['fs']),
  keptKind('interface', ['net'], {
    identifiers: '`<mac>`, `<virtualport><parameters interfaceid>`, `<target dev>`, `<source>`',
    identity: interfaceIdentity,
    key: (d) => {
      const id = d.identity?.kind === 'interface' ? d.identity : undefined;
      const what = id?.mac ?? id?.portUuid ?? id?.targetDev ?? id?.source;
      return what === undefined ? undefined : `interface:${what}`;
    },
    fallbackName: (d) => {
      const mac = d.identity?.kind === 'interface' ? d.identity.mac : undefined;
      return `net-${mac ? mac.replace(/:/g, '') : String(d.kindIndex)}`;
    },
    naming: '`ua-<port uuid>` for a Neutron port; `ua-net-<MAC without colons>` outside Nova',
    nova: 'writes none; finds interfaces by MAC, type and source (the blueprint proposes `ua-<port uuid>`)',
  }),
  keptKind('input', ['input']),
  keptKind('sound', ['sound']),
  keptKind('hostdev', ['hostdev'], {
    identifiers: 'the host address in `<source>` (PCI, USB, SCSI, mdev uuid)',
    identity: (el) => hostdevIdentity(el),
    key: (d) => {
      const source = d.identity?.kind === 'hostdev' ? d.identity.source : undefined;
      return source === undefined ? undefined : `hostdev:${source}`;
    },
    fallbackName: (d) => {
      const source = d.identity?.kind === 'hostdev' ? d.identity.source : undefined;
      return `hostdev-${sanitizeAliasPart(source ?? String(d.kindIndex))}`;
    },
    naming: '`ua-<port uuid>` for a mapped direct-physical port; `ua-hostdev-<source>`',
    nova: 'writes none; matches PCI devices by address, mdevs by uuid',
  }),
  keptKind('video', ['video']),
  keptKind('console', ['console'], {
    nova: 'not used; console[0] mirroring serial[0] takes its alias (docs/naming.md)',
  }),
  keptKind('serial', ['serial']),
  keptKind('parallel', ['parallel']),
  keptKind('channel', ['channel']),
  keptKind('hub', ['hub']),
  keptKind('redirdev', ['redir']),
  keptKind('rng', ['rng']),
  keptKind('tpm', ['tpm'], { nova: 'writes none; a vTPM is not detachable' }),
  keptKind('shmem', ['shmem']),
  keptKind('memory', ['dimm']),
  keptKind('watchdog', ['watchdog']),
  keptKind('memballoon', ['balloon'], { placeholder: modelNone }),
  keptKind('panic', ['panic']),
  keptKind('iommu', ['iommu']),
  keptKind('vsock', ['vsock']),
  keptKind('smartcard', ['smartcard'], { alias: 'kept-schema-rejects' }),
  keptKind('nvram', ['nvram'], { alias: 'kept-schema-rejects' }),
  ignoredKind('graphics'),
  ignoredKind('audio'),
  ignoredKind('lease'),
  ignoredKind('redirfilter'),
  ignoredKind('emulator'),
];

const BY_NAME = new Map(DEVICE_KINDS.map((k) => [k.name, k]));

/**
 * `undefined` for an element libvirt 9.0 does not know as a device (it drops `crypto` and
 * `pstore` whole): the linter leaves it alone.
 */
export function deviceKind(name: string): DeviceKind | undefined {
  return BY_NAME.get(name);
}

export function aliasSupport(kind: string): AliasSupport | undefined {
  return BY_NAME.get(kind)?.alias;
}

export const DEVICE_KINDS_WITH_ALIAS: readonly string[] = DEVICE_KINDS.filter(
  (k) => k.alias !== 'ignored',
).map((k) => k.name);

/**
 * Every generated name: a kind's prefix, its number and sub-numbers (`scsi0-0-0-1`, `pci.1`,
 * `sound0-codec1`), and the bare controller names (`usb`, `ide`, `pcie.0`).
 */
export const GENERATED_ALIAS = new RegExp(
  `^(?:(?:${[...new Set(DEVICE_KINDS.flatMap((k) => k.generated))].join('|')})\\d+(?:[-.]\\d+)*(?:-codec\\d+)?|pcie?\\.\\d+|usb|ide|fdc|pci)$`,
);

/**
 * A name libvirt's QEMU driver generates for a live device (`virtio-disk0`, `net0`, `hostdev0`,
 * `scsi0-0-0-1`, `pci.0`, `serial0`, ...). It shows up in `virsh dumpxml` of a running guest and
 * vanishes when that dump is defined again.
 */
export function looksGeneratedAlias(name: string): boolean {
  return !name.startsWith(USER_ALIAS_PREFIX) && GENERATED_ALIAS.test(name);
}
