import { createHmac, randomBytes } from 'node:crypto';
import type { DomainDocument, XmlElement } from '@virt-alias/parser';
import { pairingKeys } from '@virt-alias/rewriter';
import { diffArrays } from 'diff';

/**
 * The drift check: is the stored definition still the one the file was fixed from? libvirt
 * re-serializes what it stores (its own indentation, attribute order and element order, no
 * comments), so texts are never compared. Both sides are read as trees and flattened to one line
 * per fact, each line carrying its whole path:
 *
 *   /domain/devices/disk[vda]/source/@file = "/var/lib/libvirt/images/a.qcow2"
 *
 * - what `fix` may change is set aside: every `<alias>` below `<devices>`, and the `persistent`
 *   attribute of `<teaming>` (it names another interface's alias);
 * - attribute order, namespace prefixes and declarations, comments, and whitespace-only text
 *   (indentation) do not count; other text counts trimmed;
 * - the children of an element are taken kind by kind (libvirt writes each kind of element in
 *   its own fixed place), in document order within a kind (the order of a guest's disks or
 *   interfaces is the guest's own);
 * - a device is named by what it is (`disk[vda]`, `interface[52:54:00:..]`), so an added disk
 *   is one new block of lines, not a shift of every later one;
 * - a secret (a graphics `passwd`) is never written out: its value is a keyed hash, the key new
 *   in every process, so equal secrets compare equal and nothing can be read back from a line.
 */
export type DriftLine = `- ${string}` | `+ ${string}`;

const XMLNS = 'http://www.w3.org/2000/xmlns/';

/** What `virsh dumpxml --security-info` adds: attribute names whose values are secrets. */
const SECRET_ATTRIBUTES: ReadonlySet<string> = new Set(['passwd']);
const SECRET_KEY = randomBytes(32);

const shown = (name: string, value: string): string =>
  SECRET_ATTRIBUTES.has(name)
    ? `(secret, keyed hash ${createHmac('sha256', SECRET_KEY).update(value).digest('hex').slice(0, 12)})`
    : JSON.stringify(value);

const qualified = (el: { uri: string; local: string }): string =>
  el.uri === '' ? el.local : `{${el.uri}}${el.local}`;

const byName = (a: XmlElement, b: XmlElement): number => {
  const x = qualified(a);
  const y = qualified(b);
  return x < y ? -1 : x > y ? 1 : 0;
};

function flatten(
  el: XmlElement,
  path: string,
  inDevices: boolean,
  deviceNames: ReadonlyMap<XmlElement, string>,
  out: string[],
): void {
  let facts = 0;
  const attributes = el.attributes
    .filter((a) => a.uri !== XMLNS && a.name !== 'xmlns')
    .filter((a) => !(inDevices && el.local === 'teaming' && el.uri === '' && a.local === 'persistent'))
    .map((a) => [a.uri === '' ? a.local : `{${a.uri}}${a.local}`, a.value] as const)
    .sort(([x], [y]) => (x < y ? -1 : x > y ? 1 : 0));
  for (const [name, value] of attributes) {
    out.push(`${path}/@${name} = ${shown(name, value)}`);
    facts++;
  }
  const text = el.text.trim();
  if (text !== '') {
    out.push(`${path} = ${JSON.stringify(text)}`);
    facts++;
  }
  const kept = el.children.filter((c) => !(inDevices && c.local === 'alias' && c.uri === ''));
  const counts = new Map<string, number>();
  for (const c of kept) counts.set(qualified(c), (counts.get(qualified(c)) ?? 0) + 1);
  const seen = new Map<string, number>();
  // Array.prototype.sort is stable: document order stays within each kind.
  for (const c of [...kept].sort(byName)) {
    const name = qualified(c);
    const n = (seen.get(name) ?? 0) + 1;
    seen.set(name, n);
    const device = deviceNames.get(c);
    const index = device !== undefined ? `[${device}]` : (counts.get(name) ?? 0) > 1 ? `[${n}]` : '';
    const childInDevices = inDevices || (el.parent === null && c.local === 'devices' && c.uri === '');
    const before = out.length;
    flatten(c, `${path}/${name}${index}`, childInDevices, deviceNames, out);
    facts += out.length - before;
  }
  // An element that holds nothing else still counts: `<acpi/>` present or not.
  if (facts === 0) out.push(path);
}

/** One line per fact of the definition, aliases and teaming references set aside. */
export function definitionFacts(document: DomainDocument): string[] {
  const keys = pairingKeys(document.devices);
  // The element's name is already the kind: `disk:vda` names `disk[vda]`, `controller[2]` itself.
  const deviceNames = new Map<XmlElement, string>(
    document.devices.map((d, i) => {
      const key = keys[i]!.slice(d.kind.length);
      return [d.element, key.startsWith(':') ? key.slice(1) : key.replace(/^\[(\d+)\]/, '$1')];
    }),
  );
  const out: string[] = [];
  flatten(document.root, `/${qualified(document.root)}`, false, deviceNames, out);
  return out;
}

/**
 * What differs between the stored definition and the file, as facts: `- ` only in the stored
 * definition, `+ ` only in the file. Empty: the file is the stored definition but for aliases.
 */
export function definitionDrift(stored: DomainDocument, file: DomainDocument): DriftLine[] {
  const lines: DriftLine[] = [];
  for (const part of diffArrays(definitionFacts(stored), definitionFacts(file))) {
    if (part.removed) for (const v of part.value) lines.push(`- ${v}`);
    else if (part.added) for (const v of part.value) lines.push(`+ ${v}`);
  }
  return lines;
}
