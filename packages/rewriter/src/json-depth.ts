import { createScanner } from 'jsonc-parser';

// jsonc-parser's SyntaxKind is a const enum, which verbatimModuleSyntax cannot import: its values.
const OPEN_BRACE = 1;
const CLOSE_BRACE = 2;
const OPEN_BRACKET = 3;
const CLOSE_BRACKET = 4;
const EOF = 17;

/**
 * How deep arrays and objects may nest in a JSON file virt-alias reads (a config, a mapping, a
 * `--rule` value). Real ones nest less than ten deep; jsonc-parser, ajv and the code after them
 * recurse once a level, so a file nested some thousands deep would overflow the stack and end
 * the run with an internal error instead of a message at its place.
 */
export const JSON_MAX_DEPTH = 100;

/**
 * The offset of the first `[` or `{` nested deeper than JSON_MAX_DEPTH, found with
 * jsonc-parser's scanner (a loop, no recursion), or undefined. Strings and comments are tokens
 * of their own, so brackets inside them do not count.
 */
export function jsonTooDeepAt(text: string): number | undefined {
  const scanner = createScanner(text, false);
  let depth = 0;
  for (let kind: number = scanner.scan(); kind !== EOF; kind = scanner.scan()) {
    if (kind === OPEN_BRACE || kind === OPEN_BRACKET) {
      depth += 1;
      if (depth > JSON_MAX_DEPTH) return scanner.getTokenOffset();
    } else if (kind === CLOSE_BRACE || kind === CLOSE_BRACKET) {
      depth = Math.max(0, depth - 1);
    }
  }
  return undefined;
}

/** The words for a text jsonTooDeepAt refuses. */
export const JSON_TOO_DEEP = `arrays and objects nested more than ${JSON_MAX_DEPTH} deep`;
