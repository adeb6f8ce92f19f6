import type { DomainDocument, Range } from '@virt-alias/parser';
import type { Fix } from '../rule.js';
import type { Directive } from './types.js';

const isBlank = (s: string): boolean => /^[ \t]*$/.test(s);

/** The offset where the content of the line holding `offset` ends (before its line ending). */
function contentEnd(text: string, offset: number): number {
  let at = offset;
  while (at < text.length && text[at] !== '\n' && text[at] !== '\r') at++;
  return at;
}

/**
 * Removes a whole directive comment:
 * - alone on its line(s): the whole lines, line ending included (a leading BOM stays);
 * - last on its line: the comment and the blanks around it up to the line ending;
 * - otherwise: only the comment.
 */
export function commentRemoval(document: DomainDocument, range: Range): Fix {
  const { text, lines } = document;
  const [start, end] = range;
  const firstLine = document.positionAt(start).line;
  const lastLine = document.positionAt(end).line;
  let lineStart = lines.lineStarts[firstLine - 1] ?? 0;
  if (lineStart === 0 && document.hasBom) lineStart = 1;
  const lineEnd = contentEnd(text, end);
  const before = text.slice(lineStart, start);
  if (!isBlank(text.slice(end, lineEnd))) return { range: [start, end], text: '' };
  if (isBlank(before)) {
    const next = lines.lineStarts[lastLine] ?? text.length;
    return { range: [lineStart, next], text: '' };
  }
  let from = start;
  while (from > lineStart && (text[from - 1] === ' ' || text[from - 1] === '\t')) from--;
  return { range: [from, lineEnd], text: '' };
}

/**
 * Removes one rule name from a directive that names others too, with one separator: up to the
 * next name, or (the last name) from the end of the previous one, so the rest keeps its layout.
 */
export function ruleNameRemoval(directive: Directive, ruleId: string): Fix {
  const names = directive.ruleNames;
  const index = names.findIndex((n) => n.name === ruleId);
  const name = names[index];
  if (!name || names.length < 2) throw new Error(`'${ruleId}' is not one of several names in the directive`);
  const next = names[index + 1];
  if (next) return { range: [name.range[0], next.range[0]], text: '' };
  const previous = names[index - 1]!;
  return { range: [previous.range[1], name.range[1]], text: '' };
}
