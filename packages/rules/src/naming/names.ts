import type { Device, DomainDocument } from '@virt-alias/parser';
import { deviceKind, USER_ALIAS_PREFIX } from '@virt-alias/parser';
import type { DomainMapping } from './mapping.js';

/** Where a proposed alias comes from; `volume` and `port` are real OpenStack ids. */
export type NameSource = 'volume' | 'port' | 'hostdev' | 'device';

export type NameProposal =
  | { readonly kind: 'name'; readonly base: string; readonly source: NameSource }
  | { readonly kind: 'unknown'; readonly reason: string; readonly need: UnfixableKind };

/**
 * What a finding that `fix` cannot repair needs: outside data (`mapping`: a `--mapping` file
 * gives it) or a person's decision (`person`). Audits sort findings by it.
 */
export type UnfixableKind = 'mapping' | 'person';

/** The deterministic name of a device no OpenStack id names: its kind's, in the device-kind table. */
function fallback(device: Device): NameProposal {
  const kind = deviceKind(device.kind);
  const base = kind?.fallbackName?.(device) ?? `${device.kind}-${device.kindIndex}`;
  return named(`${USER_ALIAS_PREFIX}${base}`, device.kind === 'hostdev' ? 'hostdev' : 'device');
}

const named = (base: string, source: NameSource): NameProposal => ({ kind: 'name', base, source });

/** A real OpenStack id for a device, and where it was read. */
export interface IdentityName {
  readonly name: string;
  readonly source: 'volume' | 'port';
  readonly uuid: string;
  readonly from: 'serial' | 'virtualport' | 'device-name' | 'mapping';
}

/**
 * The alias Nova's scheme gives a device whose volume or port is known, from the XML (serial,
 * virtualport, device name against nova:port) or else from the mapping (which alone names the
 * port of a PCI hostdev).
 */
export function identityName(device: Device, mapping: DomainMapping | undefined): IdentityName | undefined {
  const id = device.identity;
  const make = (source: 'volume' | 'port', uuid: string, from: IdentityName['from']): IdentityName => ({
    name: `${USER_ALIAS_PREFIX}${uuid}`,
    source,
    uuid,
    from,
  });
  if (id?.kind === 'disk') {
    if (id.volumeUuidFrom === 'serial' && id.volumeUuid) return make('volume', id.volumeUuid, 'serial');
    const mapped = id.targetDev ? mapping?.disks.get(id.targetDev) : undefined;
    return mapped ? make('volume', mapped, 'mapping') : undefined;
  }
  if (id?.kind === 'interface') {
    if (id.portUuid && id.portUuidFrom) return make('port', id.portUuid, id.portUuidFrom);
    const mapped = id.mac ? mapping?.interfaces.get(id.mac) : undefined;
    return mapped ? make('port', mapped, 'mapping') : undefined;
  }
  const port = hostdevPort(device, mapping);
  return port ? make('port', port, 'mapping') : undefined;
}

function diskName(
  device: Device,
  document: DomainDocument,
  mapping: DomainMapping | undefined,
): NameProposal {
  const id = device.identity?.kind === 'disk' ? device.identity : undefined;
  if (!id) return fallback(device);
  if (id.volumeUuidFrom === 'serial' && id.volumeUuid)
    return named(`${USER_ALIAS_PREFIX}${id.volumeUuid}`, 'volume');
  const mapped = id.targetDev ? mapping?.disks.get(id.targetDev) : undefined;
  if (mapped) return named(`${USER_ALIAS_PREFIX}${mapped}`, 'volume');
  if (id.isVolume) {
    const what =
      id.device === 'lun' ? 'a SCSI LUN disk (no <serial> allowed)' : 'a volume disk without a uuid <serial>';
    const where = id.targetDev ? ` for target dev ${id.targetDev}` : '';
    return {
      kind: 'unknown',
      reason: `${what}: its Cinder volume uuid is not in the XML; give it in --mapping${where}${document.uuid ? ` of instance ${document.uuid}` : ''}`,
      need: 'mapping',
    };
  }
  return fallback(device);
}

function interfaceName(
  device: Device,
  document: DomainDocument,
  mapping: DomainMapping | undefined,
): NameProposal {
  const id = device.identity?.kind === 'interface' ? device.identity : undefined;
  if (!id) return fallback(device);
  const known = identityName(device, mapping);
  if (known) return named(known.name, 'port');
  if (document.nova) {
    return {
      kind: 'unknown',
      reason: `the Neutron port of this interface${id.mac ? ` (MAC ${id.mac})` : ''} cannot be determined from the XML; give MAC -> port in --mapping`,
      need: 'mapping',
    };
  }
  return fallback(device);
}

/** The Neutron port the mapping gives a PCI hostdev by its host address (a direct-physical port). */
function hostdevPort(device: Device, mapping: DomainMapping | undefined): string | undefined {
  const source = device.identity?.kind === 'hostdev' ? device.identity.source : undefined;
  return source?.startsWith('pci:') ? mapping?.hostdevs.get(source.slice('pci:'.length)) : undefined;
}

function hostdevName(device: Device, mapping: DomainMapping | undefined): NameProposal {
  const port = hostdevPort(device, mapping);
  if (port) return named(`${USER_ALIAS_PREFIX}${port}`, 'port');
  return fallback(device);
}

/**
 * The alias a device should carry, before uniqueness: the real OpenStack id where the XML or the
 * mapping gives one, a deterministic name from the device otherwise (never a made-up uuid).
 * See docs/naming.md.
 */
export function proposeName(
  device: Device,
  document: DomainDocument,
  mapping: DomainMapping | undefined,
): NameProposal {
  switch (device.kind) {
    case 'disk':
      return diskName(device, document, mapping);
    case 'interface':
      return interfaceName(device, document, mapping);
    case 'hostdev':
      return hostdevName(device, mapping);
    default:
      return fallback(device);
  }
}
