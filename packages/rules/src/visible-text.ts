/**
 * Characters a message cannot show as they are: controls, format characters (zero-width space,
 * bidi overrides), separators other than the plain space, combining marks, and code points that
 * are unassigned, private or lone surrogates. Printed as they are, they show as nothing, join the
 * character before them, or reorder the rest of the terminal's line.
 */
const UNSEEN = /[\p{C}\p{Z}\p{M}]/gu;
/** The same, for one character (without /g: `test` keeps no state). */
const UNSEEN_ONE = /^[\p{C}\p{Z}\p{M}]$/u;

function escapeOf(c: string): string {
  const short = JSON.stringify(c);
  // JSON's own escapes of C0 controls: \n, \t, \u001b.
  if (short.length > 3) return short.slice(1, -1);
  const code = c.codePointAt(0)!;
  const hex = code.toString(16).padStart(4, '0');
  return code > 0xffff ? `\\u{${hex}}` : `\\u${hex}`;
}

/** `text` with each character a message cannot show as an escape (`\u200b`, `\n`); a space stays. */
export function visibleText(text: string): string {
  return text.replace(UNSEEN, (c) => (c === ' ' ? c : escapeOf(c)));
}

/** One character, quoted, as a message lists it: `"."`, `" "`, `"\u200b"`. */
export function quotedCharacter(c: string): string {
  return c !== ' ' && UNSEEN_ONE.test(c) ? `"${escapeOf(c)}"` : JSON.stringify(c);
}

/** Controls (ESC opens a terminal's escape sequence) and format characters (bidi overrides, zero-width). */
const UNPRINTABLE = /[\p{Cc}\p{Cf}]/gu;

/**
 * `text` (a file name, in output a terminal shows) with each control or format character as its
 * escape: a name may hold anything but `/` and NUL, and printed as it is, `\x1b]0;...` retitles
 * the terminal and U+202E reverses the rest of the line. Combining marks and other spaces stay:
 * a decomposed `é` is a name like any.
 */
export function printableText(text: string): string {
  return text.replace(UNPRINTABLE, escapeOf);
}
