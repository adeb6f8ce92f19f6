import { classifyAliasName, type AliasNameStatus } from './alias-name.js';
import { deviceKind, type AliasSupport } from './device-kinds.js';
import { attribute, attributeValue, child } from './dom.js';
import type { DeviceIdentity } from './identity.js';
import type { NovaMetadata } from './nova.js';
import { serialConsoleFate, serialConsoleFates } from './serial-console.js';
import { sharedEmpty } from './xml-nodes.js';
import type { XmlAttribute, XmlElement } from './types.js';

export interface DeviceAlias {
  readonly element: XmlElement;
  readonly nameAttribute: XmlAttribute | undefined;
  readonly name: string | undefined;
  readonly status: AliasNameStatus;
}

export interface Device {
  readonly element: XmlElement;
  /** The element's name: `disk`, `interface`, `hostdev`, `serial`, ... */
  readonly kind: string;
  readonly type: string | undefined;
  /** Position among all devices of the domain, from 0. */
  readonly index: number;
  /** Position among the devices of the same kind, from 0 (`serial[0]` matters to libvirt). */
  readonly kindIndex: number;
  /** `undefined` for an element libvirt does not know as a device. */
  readonly aliasSupport: AliasSupport | undefined;
  /** libvirt keeps a valid alias on this device (`kept` or `kept-schema-rejects`). */
  readonly keepsAlias: boolean;
  /** The first direct `<alias>` child: the only one libvirt reads. */
  readonly alias: DeviceAlias | null;
  /** Every direct `<alias>` child, the first included. */
  readonly aliasElements: readonly XmlElement[];
  /** `<alias>` elements deeper inside the device (in document order), which libvirt never reads. */
  readonly nestedAliases: readonly XmlElement[];
  readonly identity: DeviceIdentity | null;
  /** For a `<console>`: the `type` of its `<target>` (`serial`, `virtio`, ...). */
  readonly targetType: string | undefined;
  /** libvirt writes this console back as a copy of serial[0]: its own alias is lost (serial-console.ts). */
  readonly mirrorsSerial: boolean;
  /** libvirt leaves this device's alias out of its uniqueness check (serial-console.ts). */
  readonly uniquenessExempt: boolean;
}

function toAlias(element: XmlElement): DeviceAlias {
  const nameAttribute = attribute(element, 'name');
  const name = nameAttribute?.value;
  return { element, nameAttribute, name, status: classifyAliasName(name) };
}

/** Shared by every device without such elements (most have one alias or none, never nested). */
const NONE: readonly XmlElement[] = sharedEmpty();

const isAlias = (el: XmlElement): boolean => el.local === 'alias' && el.uri === '';

export function readDevices(devicesElement: XmlElement | undefined, nova: NovaMetadata | null): Device[] {
  if (!devicesElement) return [];
  const kindCounts = new Map<string, number>();
  const serialConsole = serialConsoleFates(devicesElement);
  const out: Device[] = [];
  // One explicit stack for every walk below the devices (their depth is bounded, not their count).
  const stack: XmlElement[] = [];
  // Indexed loops, not `for...of` (see dom.ts).
  const elements = devicesElement.children;
  for (let e = 0; e < elements.length; e++) {
    const el = elements[e]!;
    if (el.uri !== '') continue;
    const kindIndex = kindCounts.get(el.local) ?? 0;
    kindCounts.set(el.local, kindIndex + 1);
    let aliasElements: XmlElement[] | null = null;
    let nestedAliases: XmlElement[] | null = null;
    for (let j = 0; j < el.children.length; j++) {
      const c = el.children[j]!;
      if (isAlias(c)) (aliasElements ??= []).push(c);
      // An <alias> inside a direct <alias> is nested too: libvirt reads only the outer one.
      // Below `c`, in document order.
      for (let i = c.children.length - 1; i >= 0; i--) stack.push(c.children[i]!);
      for (let d = stack.pop(); d !== undefined; d = stack.pop()) {
        if (isAlias(d)) (nestedAliases ??= []).push(d);
        for (let i = d.children.length - 1; i >= 0; i--) stack.push(d.children[i]!);
      }
    }
    const first = aliasElements?.[0];
    const kind = deviceKind(el.local);
    // A placeholder (`model='none'`) stands for no device: libvirt drops an alias written on it.
    const support = kind?.placeholder?.(el) ? 'ignored' : kind?.alias;
    const targetType = el.local === 'console' ? attributeValue(child(el, 'target'), 'type') : undefined;
    const fate = serialConsoleFate(serialConsole, el);
    out.push({
      element: el,
      kind: el.local,
      type: attributeValue(el, 'type'),
      index: out.length,
      kindIndex,
      aliasSupport: support,
      keepsAlias: support === 'kept' || support === 'kept-schema-rejects',
      alias: first ? toAlias(first) : null,
      aliasElements: aliasElements ?? NONE,
      nestedAliases: nestedAliases ?? NONE,
      identity: kind?.identity?.(el, nova) ?? null,
      targetType,
      mirrorsSerial: fate.mirrorsSerial,
      uniquenessExempt: fate.uniquenessExempt,
    });
  }
  return out;
}
