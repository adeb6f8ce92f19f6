import { deviceKind, type Device, type DomainDocument } from '@virt-alias/parser';

/**
 * A name for a device that survives reformatting and reordering: what the device is (target
 * dev, MAC, PCI address, ...), not where it is. Baselines key findings by it.
 */
export function deviceKey(device: Device): string {
  return deviceKind(device.kind)?.key?.(device) ?? `${device.kind}[${device.kindIndex}]`;
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
