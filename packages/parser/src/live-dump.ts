import { looksGeneratedAlias } from './device-kinds.js';
import type { Device } from './devices.js';
import { attribute } from './dom.js';
import type { XmlAttribute, XmlElement } from './types.js';

/**
 * A plain `virsh dumpxml` of a running guest: runtime state, not a persistent definition.
 * libvirt writes `<domain id='N'>` only for a running domain and names every device of a live
 * domain itself (`virtio-disk0`, `net0`, `pci.1`); an inactive define drops those names.
 */
export interface LiveDump {
  /** The `id` attribute of `<domain>`, when there is one. */
  readonly id: XmlAttribute | undefined;
  /** Devices whose alias is a libvirt-generated name. */
  readonly generatedAliases: readonly Device[];
}

/**
 * A live dump by `<domain id=...>`, or, without it, when at least two devices carry generated
 * names and none a user alias: a hand-written file names its devices `ua-...` or not at all.
 */
export function readLiveDump(root: XmlElement, devices: readonly Device[]): LiveDump | null {
  const id = attribute(root, 'id');
  const generatedAliases = devices.filter(
    (d) => d.alias?.name !== undefined && looksGeneratedAlias(d.alias.name),
  );
  if (id !== undefined) return { id, generatedAliases };
  const userAliases = devices.some((d) => d.alias?.status === 'valid');
  return generatedAliases.length >= 2 && !userAliases ? { id, generatedAliases } : null;
}
