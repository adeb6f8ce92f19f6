import { readDevices, type Device } from './devices.js';
import { readLiveDump, type LiveDump } from './live-dump.js';
import { attributeValue, child } from './dom.js';
import { readNovaMetadata, type NovaMetadata } from './nova.js';
import type { LineIndex } from './line-index.js';
import type { Position, Range, XmlComment, XmlElement } from './types.js';
import { parseXml, XmlSyntaxError } from './xml-tree.js';

export interface DomainDocument {
  readonly text: string;
  readonly root: XmlElement;
  readonly lines: LineIndex;
  readonly hasBom: boolean;
  /** The file's dominant line ending; new lines written into it use this. */
  readonly newline: '\n' | '\r\n';
  readonly xmlDeclaration: Range | null;
  /** Every XML comment, in source order (`virt-alias-disable` directives live in them). */
  readonly comments: readonly XmlComment[];
  /** How many attributes are written with `"` and with `'`: new text matches the majority. */
  readonly doubleQuotedAttributes: number;
  readonly singleQuotedAttributes: number;
  readonly name: string | undefined;
  readonly uuid: string | undefined;
  /** The hypervisor type: `kvm`, `qemu`, `xen`, ... */
  readonly type: string | undefined;
  readonly devicesElement: XmlElement | undefined;
  readonly devices: readonly Device[];
  readonly nova: NovaMetadata | null;
  /** Set when the file is a dump of a running guest, not a persistent definition. */
  readonly liveDump: LiveDump | null;
  positionAt(offset: number): Position;
}

export type ParseResult =
  | { readonly kind: 'domain'; readonly document: DomainDocument }
  /**
   * Well-formed start, but not a domain libvirt would read: the root is not `<domain>` (a
   * network, a storage pool, ...), or it is a `<domain>` in a namespace whose children are all in
   * a namespace too (`rootLocal` is then `domain`).
   */
  | {
      readonly kind: 'not-domain';
      readonly rootName: string;
      readonly rootLocal: string;
      readonly rootNamespace: string;
    }
  | { readonly kind: 'error'; readonly error: XmlSyntaxError };

/**
 * libvirt takes the root by its local name whatever its namespace (`<lv:domain xmlns:lv=...>`
 * defines: virsh 9.0), then reads only elements in no namespace below it (its XPath lookups
 * name no namespace). A namespaced `<domain>` none of whose children libvirt can see (they
 * inherit a default namespace) is some other vocabulary's: virsh says "missing name
 * information" for it.
 */
const mayBeDomainRoot = (root: XmlElement): boolean => root.local === 'domain';
const isDomainRoot = (root: XmlElement): boolean =>
  mayBeDomainRoot(root) && (root.uri === '' || root.children.some((c) => c.uri === ''));

function dominantNewline(text: string): '\n' | '\r\n' {
  const first = text.indexOf('\n');
  return first > 0 && text.charCodeAt(first - 1) === 13 ? '\r\n' : '\n';
}

/**
 * Parses one libvirt domain XML text: one streaming pass, then the devices read off the tree.
 * Never throws for bad input: a malformed text or a DOCTYPE comes back as `kind: 'error'`.
 */
export function parseDomain(text: string): ParseResult {
  let tree;
  try {
    tree = parseXml(text, { stopAtRoot: (root) => !mayBeDomainRoot(root) });
  } catch (e) {
    if (e instanceof XmlSyntaxError) return { kind: 'error', error: e };
    throw e;
  }
  const { root, lines } = tree;
  if (!isDomainRoot(root)) {
    return { kind: 'not-domain', rootName: root.name, rootLocal: root.local, rootNamespace: root.uri };
  }
  const nova = readNovaMetadata(root);
  const devicesElement = child(root, 'devices');
  const devices = readDevices(devicesElement, nova);
  const document: DomainDocument = {
    text,
    root,
    lines,
    hasBom: text.charCodeAt(0) === 0xfeff,
    newline: dominantNewline(text),
    xmlDeclaration: tree.xmlDeclaration,
    comments: tree.comments,
    doubleQuotedAttributes: tree.doubleQuotedAttributes,
    singleQuotedAttributes: tree.singleQuotedAttributes,
    name: child(root, 'name')?.text.trim(),
    uuid: child(root, 'uuid')?.text.trim().toLowerCase(),
    type: attributeValue(root, 'type'),
    devicesElement,
    devices,
    nova,
    liveDump: readLiveDump(root, devices),
    positionAt: (offset) => lines.positionAt(offset),
  };
  return { kind: 'domain', document };
}
