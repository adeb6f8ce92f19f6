import { attributeValue, childrenNamed } from './dom.js';
import type { XmlElement } from './types.js';

/** Nova's instance metadata namespaces: `/1.0` before Nova 23.0.0, `/1.1` after. */
export const NOVA_NAMESPACES: readonly string[] = [
  'http://openstack.org/xmlns/libvirt/nova/1.0',
  'http://openstack.org/xmlns/libvirt/nova/1.1',
];

export interface NovaPort {
  readonly uuid: string;
  readonly element: XmlElement;
}

export interface NovaMetadata {
  readonly element: XmlElement;
  readonly namespace: string;
  readonly ports: readonly NovaPort[];
  readonly rootType: string | undefined;
  readonly rootUuid: string | undefined;
}

function novaChild(el: XmlElement, local: string): XmlElement | undefined {
  return el.children.find((c) => c.local === local && NOVA_NAMESPACES.includes(c.uri));
}

/**
 * The `<nova:port>`s with a uuid, in order. One array literal for every document, with ports or
 * without: V8 then makes them all of one kind (map). `filter`/`flatMap` over `children ?? []`
 * gave arrays of two maps, and the first document that met the other deoptimized
 * `readNovaMetadata` and `interfaceIdentity` (`--trace-deopt` on the 10,000-file fleet), which
 * were compiled again.
 */
function portsOf(ports: XmlElement | undefined, uri: string): NovaPort[] {
  const found: NovaPort[] = [];
  if (!ports) return found;
  // Indexed, not `for...of` (see dom.ts).
  for (let i = 0; i < ports.children.length; i++) {
    const p = ports.children[i]!;
    if (p.local !== 'port' || p.uri !== uri) continue;
    const uuid = attributeValue(p, 'uuid');
    if (uuid) found.push({ uuid: uuid.toLowerCase(), element: p });
  }
  return found;
}

/** `<metadata><nova:instance>`, whatever prefix it was written with. */
export function readNovaMetadata(domain: XmlElement): NovaMetadata | null {
  for (const metadata of childrenNamed(domain, 'metadata')) {
    const instance = novaChild(metadata, 'instance');
    if (!instance) continue;
    const ports = novaChild(instance, 'ports');
    const root = novaChild(instance, 'root');
    return {
      element: instance,
      namespace: instance.uri,
      ports: portsOf(ports, instance.uri),
      rootType: attributeValue(root, 'type'),
      rootUuid: attributeValue(root, 'uuid')?.toLowerCase(),
    };
  }
  return null;
}
