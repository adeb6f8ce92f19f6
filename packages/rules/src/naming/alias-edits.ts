import { type Device, type DomainDocument, type XmlElement } from '@virt-alias/parser';
import type { Fix } from '../rule.js';

/** The attribute quote a file mostly uses (libvirt's own `'` on a tie): new text matches it. */
const quoteStyle = (document: DomainDocument): '"' | "'" =>
  document.doubleQuotedAttributes > document.singleQuotedAttributes ? '"' : "'";

const TAB = 0x09;
const NL = 0x0a;
const CR = 0x0d;
const SPACE = 0x20;

/**
 * The whitespace before `offset` on its line, or null when something else precedes it there.
 * Read backwards from `offset`, not through the line index: a line starts after `\n`, after a
 * `\r` not followed by `\n`, or at 0 (a BOM there is no whitespace), as `LineIndex` splits lines.
 */
function indentBefore(document: DomainDocument, offset: number): string | null {
  const text = document.text;
  let i = offset;
  while (i > 0) {
    const c = text.charCodeAt(i - 1);
    if (c !== SPACE && c !== TAB) break;
    i--;
  }
  if (i > 0) {
    const c = text.charCodeAt(i - 1);
    if (c !== NL && (c !== CR || text.charCodeAt(i) === NL)) return null;
  }
  return text.slice(i, offset);
}

/** One level of indentation, learnt from `<devices>` and its first child on a line of its own. */
function indentUnit(document: DomainDocument): string {
  const devices = document.devicesElement;
  const first = devices?.children[0];
  if (devices && first) {
    const outer = indentBefore(document, devices.startTag[0]);
    const inner = indentBefore(document, first.startTag[0]);
    if (outer !== null && inner !== null && inner.startsWith(outer) && inner.length > outer.length) {
      return inner.slice(outer.length);
    }
  }
  return '  ';
}

/** The indentation of the device's children: its last child on a line of its own, else one level in. */
function childIndent(document: DomainDocument, el: XmlElement, elementIndent: string): string {
  for (let i = el.children.length - 1; i >= 0; i--) {
    const indent = indentBefore(document, el.children[i]!.startTag[0]);
    if (indent !== null) return indent;
  }
  return elementIndent + (elementIndent.includes('\t') ? '\t' : indentUnit(document));
}

export function aliasElementText(document: DomainDocument, name: string): string {
  const q = quoteStyle(document);
  return `<alias name=${q}${name}${q}/>`;
}

/**
 * Inserts `<alias name='...'/>` into a device as its own line, with its siblings' indentation,
 * the file's quote style and line ending, before `<address>` (libvirt's order) or else before
 * the end tag. A one-line device gets it inline; a self-closing one is opened and closed.
 */
export function insertAliasFix(document: DomainDocument, device: Device, name: string): Fix {
  const el = device.element;
  const text = document.text;
  const nl = document.newline;
  const alias = aliasElementText(document, name);
  const elementIndent = indentBefore(document, el.startTag[0]);
  if (el.endTag === null) {
    const end = el.startTag[1];
    let slash = text.lastIndexOf('/', end - 1);
    while (slash > el.startTag[0] && /[ \t\r\n]/.test(text[slash - 1]!)) slash--;
    const close = `</${el.name}>`;
    const body =
      elementIndent === null
        ? `>${alias}${close}`
        : `>${nl}${childIndent(document, el, elementIndent)}${alias}${nl}${elementIndent}${close}`;
    return { range: [slash, end], text: body };
  }
  const address = el.children.find((c) => c.local === 'address' && c.uri === '');
  const anchor = address ? address.startTag[0] : el.endTag[0];
  const anchorIndent = indentBefore(document, anchor);
  if (anchorIndent === null || elementIndent === null) return { range: [anchor, anchor], text: alias };
  const indent = address ? anchorIndent : childIndent(document, el, elementIndent);
  // The anchor's line starts where its indentation does.
  const at = anchor - anchorIndent.length;
  return { range: [at, at], text: `${indent}${alias}${nl}` };
}

/** Spaces and tabs up to and including the end of a line. */
const REST_OF_LINE = /[ \t]*(?:\r\n|\n|\r)/y;

/**
 * Removes an `<alias>` element, with anything inside it. When it stands alone on its line(s), the
 * line goes too, indentation and line end, so no blank line is left; otherwise exactly the
 * element's bytes go.
 */
export function removeAliasFix(document: DomainDocument, alias: XmlElement): Fix {
  const [start, end] = alias.range;
  REST_OF_LINE.lastIndex = end;
  const rest = REST_OF_LINE.exec(document.text);
  const indent = rest ? indentBefore(document, start) : null;
  if (rest && indent !== null) {
    return { range: [start - indent.length, end + rest[0].length], text: '' };
  }
  return { range: [start, end], text: '' };
}

/**
 * Moves an `<alias>` that libvirt ignores (nested deeper in the device) up to where it reads it,
 * as `name`: the nested element is removed and a direct one inserted, in one fix. The device
 * has no direct `<alias>`.
 */
export function moveAliasFixes(
  document: DomainDocument,
  device: Device,
  nested: XmlElement,
  name: string,
): Fix[] {
  return [removeAliasFix(document, nested), insertAliasFix(document, device, name)];
}

/**
 * Renames a device's alias in place (only the value between the quotes changes) and every
 * `<teaming persistent=...>` that named the old alias.
 */
export function renameAliasFixes(document: DomainDocument, device: Device, name: string): Fix[] {
  const alias = device.alias;
  if (!alias) return [];
  const attr = alias.nameAttribute;
  if (!attr) {
    // `<alias/>`: the name goes right after the element name.
    const at = alias.element.startTag[0] + '<'.length + alias.element.name.length;
    const q = quoteStyle(document);
    return [{ range: [at, at], text: ` name=${q}${name}${q}` }];
  }
  const fixes: Fix[] = [{ range: attr.valueRange, text: name }];
  if (device.kind === 'interface') {
    for (const other of document.devices) {
      const ref = other.identity?.kind === 'interface' ? other.identity.teamingPersistent : undefined;
      if (other !== device && ref?.value === attr.value) fixes.push({ range: ref.valueRange, text: name });
    }
  }
  return fixes;
}
