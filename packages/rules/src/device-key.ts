import type { Device, DomainDocument } from '@virt-alias/parser';

/**
 * A name for a device that survives reformatting and reordering: what the device is (target
 * dev, MAC, PCI address, ...), not where it is. Baselines key findings by it.
 */
export function deviceKey(device: Device): string {
  const id = device.identity;
  switch (id?.kind) {
    case 'disk': {
      const what = id.targetDev ?? id.serial ?? id.source;
      if (what !== undefined) return `disk:${what}`;
      break;
    }
    case 'interface': {
      const what = id.mac ?? id.portUuid ?? id.targetDev ?? id.source;
      if (what !== undefined) return `interface:${what}`;
      break;
    }
    case 'hostdev':
      if (id.source !== undefined) return `hostdev:${id.source}`;
      break;
    default:
      break;
  }
  return `${device.kind}[${device.kindIndex}]`;
}

/** The device whose element holds `offset`, if any: devices are siblings, so at most one does. */
export function deviceAt(document: DomainDocument, offset: number): Device | undefined {
  const devices = document.devices;
  let lo = 0;
  let hi = devices.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const d = devices[mid]!;
    if (offset < d.element.range[0]) hi = mid - 1;
    else if (offset >= d.element.range[1]) lo = mid + 1;
    else return d;
  }
  return undefined;
}

/** The domain a finding belongs to: its uuid, else its name. */
export function domainKey(document: DomainDocument): string | undefined {
  return document.uuid ?? document.name;
}
