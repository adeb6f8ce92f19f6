/**
 * The text with every piece of alias content taken out: what a fix may change. Two texts whose
 * `withoutAliasContent` is equal differ only in alias content (property (a) of property.test.ts,
 * and the fuzz suite of the CLI).
 */

const ATTR_VALUE = String.raw`(?:'[^']*'|"[^"]*")`;
/** The whole `name` attribute of an `<alias>`: a fix may set, change or add it. */
const ALIAS_NAME_ATTR = new RegExp(String.raw`(<alias\b[^>]*?)\s+name\s*=\s*${ATTR_VALUE}`, 'g');
const TEAMING_VALUE = new RegExp(String.raw`(<teaming\b[^>]*?\bpersistent\s*=\s*)${ATTR_VALUE}`, 'g');
/** Alias elements on a line of their own: the line ends XML knows (`\r\n`, `\n`, a lone `\r`), as the fix does. */
const ALIAS_LINE = /^[ \t]*(?:<alias\b[^>]*\/>[ \t]*)+(?:\r\n|\r|\n)/gm;
const ALIAS_ELEMENT = /<alias\b[^>]*\/>/g;
const ATTRS = String.raw`((?:\s+[^\s=/>]+\s*=\s*${ATTR_VALUE})*)`;
/** At most one line break inside: what opening a self-closing element and taking its alias out leaves. */
const EMPTY_PAIR = new RegExp(
  String.raw`<([A-Za-z_][\w.:-]*)${ATTRS}\s*>(?:(?:\r\n|\r|\n)[ \t]*)?</\1\s*>`,
  'g',
);
const SELF_CLOSING = new RegExp(String.raw`<([A-Za-z_][\w.:-]*)${ATTRS}\s*/>`, 'g');
/**
 * An `<alias>` holding anything but another alias (`<alias>ua-x</alias>`, or an element put inside
 * it), all of which libvirt ignores: a fix may remove it whole.
 */
const ALIAS_CONTENT = /<alias\b([^>]*[^/>])?>(?:(?!<\/?alias\b)[^])*?<\/alias\s*>/g;

/** The text with all alias content taken out. */
export function withoutAliasContent(text: string): string {
  // Comments stay as they are (a fix never edits one): only the markup between them is normalised.
  return text
    .split(/(<!--[^]*?-->)/)
    .map((part, i) => (i % 2 === 1 ? part : withoutAliasMarkup(part)))
    .join('');
}

function withoutAliasMarkup(text: string): string {
  let out = text.replace(ALIAS_NAME_ATTR, '$1').replace(TEAMING_VALUE, "$1''");
  // Until nothing changes: an `<alias>` with an alias inside empties into `<alias/>` only once
  // the inner one is gone.
  for (let before = ''; before !== out;) {
    before = out;
    out = out
      .replace(ALIAS_CONTENT, '<alias/>')
      .replace(ALIAS_LINE, '')
      .replace(ALIAS_ELEMENT, '')
      .replace(EMPTY_PAIR, '<$1$2/>')
      .replace(SELF_CLOSING, '<$1$2/>');
  }
  return out;
}
