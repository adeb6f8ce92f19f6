import type { DomainDocument, Range, XmlElement } from '@virt-alias/parser';
import type { SchemaDiagnostic, SchemaVerdict } from './relaxng.js';

export interface SchemaFinding {
  readonly message: string;
  readonly range: Range;
}

/**
 * The element libxml2's node path names (`/domain/devices/disk[2]`, as `xmlGetNodePath` writes
 * it), or the element holding the text or attribute it names; undefined when this tree has no
 * such element or the path has a form not handled here (unprefixed namespaced elements).
 */
export function elementAtPath(root: XmlElement, xpath: string): XmlElement | undefined {
  const steps = xpath.split('/');
  if (steps[0] !== '' || steps.length < 2) return undefined;
  let current: XmlElement | undefined;
  for (const step of steps.slice(1)) {
    if (current && (step.startsWith('@') || /^text\(\)(\[\d+\])?$/.test(step))) return current;
    const match = /^([^[\]/()@*]+)(?:\[(\d+)\])?$/.exec(step);
    if (!match) return undefined;
    const [, name, index] = match;
    const candidates = current
      ? current.children.filter((c) => c.name === name)
      : [root].filter((r) => r.name === name);
    // Without an index, libxml2 means the only element of that name.
    if (index === undefined && candidates.length !== 1) return undefined;
    current = candidates[index === undefined ? 0 : Number(index) - 1];
    if (!current) return undefined;
  }
  return current;
}

/** From `column` (1 when libxml2 gives none) of `line` to the end of that line. */
function lineRange(doc: DomainDocument, line: number, column: number): Range {
  const starts = doc.lines.lineStarts;
  const index = Math.min(Math.max(line, 1), starts.length) - 1;
  const lineStart = starts[index]!;
  const next = starts[index + 1];
  let lineEnd = next ?? doc.text.length;
  while (lineEnd > lineStart && (doc.text[lineEnd - 1] === '\n' || doc.text[lineEnd - 1] === '\r')) lineEnd--;
  const start = Math.min(lineStart + Math.max(column, 1) - 1, lineEnd);
  return [start, lineEnd];
}

/**
 * The start tag of the element libxml2 names, when libxml2's line is inside that element (its
 * line is the truth: the path is only resolved against this tree; past line 65535 libxml2 gives
 * the line of the element's first child); else the line, from the column.
 */
function locate(doc: DomainDocument, d: SchemaDiagnostic): Range {
  const element = d.xpath === undefined ? undefined : elementAtPath(doc.root, d.xpath);
  if (element) {
    const first = doc.positionAt(element.range[0]).line;
    const last = doc.positionAt(element.range[1] - 1).line;
    if (d.line === 0 || (d.line >= first && d.line <= last)) return element.startTag;
  }
  if (d.line === 0) return doc.root.startTag;
  return lineRange(doc, d.line, d.column);
}

/**
 * One finding per place libxml2's errors name. libxml2's RelaxNG validator reports the
 * reasons an element failed (an extra element, a bad value) first, without a node, then the
 * element's own error: those reasons are joined to the error that follows them. Reasons left
 * at the end go to the root element. An invalid verdict always has at least one finding.
 */
export function schemaFindings(doc: DomainDocument, verdict: SchemaVerdict): SchemaFinding[] {
  if (verdict.kind === 'valid') return [];
  // Messages by place, in libxml2's order: several errors at one place are one finding.
  const byPlace = new Map<string, { range: Range; messages: string[] }>();
  const add = (message: string, range: Range): void => {
    const key = `${range[0]}:${range[1]}`;
    const place = byPlace.get(key) ?? { range, messages: [] };
    byPlace.set(key, place);
    if (!place.messages.includes(message)) place.messages.push(message);
  };
  let reasons: string[] = [];
  for (const d of verdict.diagnostics) {
    if (d.line === 0 && d.xpath === undefined) {
      if (!reasons.includes(d.message)) reasons.push(d.message);
      continue;
    }
    add(reasons.length > 0 ? `${d.message}: ${reasons.join('; ')}` : d.message, locate(doc, d));
    reasons = [];
  }
  if (reasons.length > 0 || byPlace.size === 0) {
    add(reasons.join('; ') || 'libxml2 gave no reason', doc.root.startTag);
  }
  return [...byPlace.values()].map(({ range, messages }) => ({ range, message: messages.join('; ') }));
}
