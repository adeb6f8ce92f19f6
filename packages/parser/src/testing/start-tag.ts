import type { Range } from '../types.js';

export interface RawAttribute {
  readonly name: string;
  readonly range: Range;
  readonly valueRange: Range;
  readonly quote: '"' | "'";
}

/**
 * NEL and LS too: in XML 1.1 they end lines, and saxes reads them as whitespace between
 * attributes; in XML 1.0 a start tag holding one outside a value is refused. (Before the scanner
 * this helper missed them and an attribute after one lost its name.)
 */
const isSpace = (c: number): boolean =>
  c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d || c === 0x85 || c === 0x2028;

/**
 * Finds each attribute of a start tag that saxes has already checked for well-formedness, so
 * this needs no error handling: names end at whitespace or `=`, values at their own quote.
 */
export function scanStartTag(text: string, start: number, end: number): RawAttribute[] {
  const out: RawAttribute[] = [];
  let i = start + 1;
  while (i < end && !isSpace(text.charCodeAt(i)) && text[i] !== '>' && text[i] !== '/') i++;
  for (;;) {
    while (i < end && isSpace(text.charCodeAt(i))) i++;
    const c = text[i];
    if (i >= end || c === '>' || c === '/') return out;
    const nameStart = i;
    while (i < end && !isSpace(text.charCodeAt(i)) && text[i] !== '=') i++;
    const name = text.slice(nameStart, i);
    while (i < end && text[i] !== '"' && text[i] !== "'") i++;
    const quote = text[i] as '"' | "'";
    const valueStart = i + 1;
    const valueEnd = text.indexOf(quote, valueStart);
    i = valueEnd + 1;
    out.push({ name, range: [nameStart, i], valueRange: [valueStart, valueEnd], quote });
  }
}
