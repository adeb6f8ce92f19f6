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
      ports: (ports?.children ?? [])
        .filter((p) => p.local === 'port' && p.uri === instance.uri)
        .flatMap((p) => {
          const uuid = attributeValue(p, 'uuid');
          return uuid ? [{ uuid: uuid.toLowerCase(), element: p }] : [];
        }),
      rootType: attributeValue(root, 'type'),
      rootUuid: attributeValue(root, 'uuid')?.toLowerCase(),
    };
  }
  return null;
}
