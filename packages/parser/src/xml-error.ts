import type { LineIndex } from './line-index.js';

/** Why a text is not a well-formed, acceptable XML document, and where. */
export class XmlSyntaxError extends Error {
  constructor(
    message: string,
    readonly line: number,
    readonly column: number,
  ) {
    super(message);
    this.name = 'XmlSyntaxError';
  }
}

export function syntaxErrorAt(lines: LineIndex, offset: number, message: string): XmlSyntaxError {
  const { line, column } = lines.positionAt(offset);
  return new XmlSyntaxError(message, line, column);
}

const isSpace = (c: number): boolean => c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d || c === 0xfeff;

/** An `&` that starts no entity or character reference: saxes reads on to any later `;`. */
const BARE_AMPERSAND = /&(?!(?:#[0-9]+|#x[0-9a-fA-F]+|[A-Za-z_:][\w.:-]*);)/g;

/**
 * Where a well-formedness error is reported (docs/decisions/0001): at the character it is about.
 * `consumed` is the offset just after the last character read when the error was found (saxes's
 * `position`); `lastMarkupEnd` where the last tag, declaration or comment ended. Some errors are
 * found far from their cause and are pointed back at it: an entity error or an end of input
 * after a bare `&` at the `&`, text outside the root element at the start of the text.
 */
export function locateError(
  text: string,
  lines: LineIndex,
  lastMarkupEnd: number,
  consumed: number,
  message: string,
): XmlSyntaxError {
  const end = Math.min(consumed, text.length);
  if (/entity|unclosed tag|unexpected end/.test(message)) {
    BARE_AMPERSAND.lastIndex = lastMarkupEnd;
    const amp = BARE_AMPERSAND.exec(text);
    if (amp && amp.index < end) return syntaxErrorAt(lines, amp.index, "a bare '&' (write it as &amp;)");
  }
  if (message.startsWith('text data outside of root node')) {
    let i = lastMarkupEnd;
    while (i < end && isSpace(text.charCodeAt(i))) i++;
    return syntaxErrorAt(lines, i, message);
  }
  let last = end - 1;
  const c = text.charCodeAt(last);
  // At the end of a line (or of the text) the reader has moved on: point at the next position.
  if (last < 0 || c === 10 || c === 13) last = end;
  else if (c >= 0xdc00 && c <= 0xdfff) last--;
  return syntaxErrorAt(lines, Math.max(0, last), message);
}
