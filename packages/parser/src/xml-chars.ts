/**
 * XML character classes, by code point: XML 1.0 fifth edition names (as libxml2 and saxes read
 * them), namespace NCNames, and the characters XML 1.0 and 1.1 allow.
 */

export const XML_NAMESPACE = 'http://www.w3.org/XML/1998/namespace';
export const XMLNS_NAMESPACE = 'http://www.w3.org/2000/xmlns/';

/** `NameStartChar` without the colon (an NCName's first character). */
export function isNCNameStartChar(c: number): boolean {
  return (
    (c >= 0x61 && c <= 0x7a) ||
    (c >= 0x41 && c <= 0x5a) ||
    c === 0x5f ||
    (c >= 0xc0 &&
      (c <= 0xd6 ||
        (c >= 0xd8 && c <= 0xf6) ||
        (c >= 0xf8 && c <= 0x2ff) ||
        (c >= 0x370 && c <= 0x37d) ||
        (c >= 0x37f && c <= 0x1fff) ||
        c === 0x200c ||
        c === 0x200d ||
        (c >= 0x2070 && c <= 0x218f) ||
        (c >= 0x2c00 && c <= 0x2fef) ||
        (c >= 0x3001 && c <= 0xd7ff) ||
        (c >= 0xf900 && c <= 0xfdcf) ||
        (c >= 0xfdf0 && c <= 0xfffd) ||
        (c >= 0x10000 && c <= 0xeffff)))
  );
}

export function isNCNameChar(c: number): boolean {
  return (
    isNCNameStartChar(c) ||
    (c >= 0x30 && c <= 0x39) ||
    c === 0x2d ||
    c === 0x2e ||
    c === 0xb7 ||
    (c >= 0x300 && c <= 0x36f) ||
    c === 0x203f ||
    c === 0x2040
  );
}

export const isNameStartChar = (c: number): boolean => c === 0x3a || isNCNameStartChar(c);
export const isNameChar = (c: number): boolean => c === 0x3a || isNCNameChar(c);

/** XML 1.0 `Char`: what a character reference may name in an XML 1.0 document. */
export function isChar10(c: number): boolean {
  return (
    (c >= 0x20 && c <= 0xd7ff) ||
    c === 0x0a ||
    c === 0x0d ||
    c === 0x09 ||
    (c >= 0xe000 && c <= 0xfffd) ||
    (c >= 0x10000 && c <= 0x10ffff)
  );
}

/** XML 1.1 `Char`: references may name the restricted control characters too. */
export function isChar11(c: number): boolean {
  return (c >= 1 && c <= 0xd7ff) || (c >= 0xe000 && c <= 0xfffd) || (c >= 0x10000 && c <= 0x10ffff);
}

/* eslint-disable no-control-regex -- matching control characters is the point */
const SUSPECT_10 = /[\x00-\x08\x0B\x0C\x0E-\x1F\uD800-\uDFFF\uFFFE\uFFFF]/g;
const SUSPECT_11 = /[\x00-\x08\x0B\x0C\x0E-\x1F\x7F-\x84\x86-\x9F\uD800-\uDFFF\uFFFE\uFFFF]/g;
/* eslint-enable no-control-regex */

/**
 * The first character a document may not contain literally, from `from` on: a C0 control other
 * than tab and line ends, U+FFFE, U+FFFF, a lone surrogate; in XML 1.1 also the C1 controls
 * other than NEL. -1 when there is none. (A plain character class, which V8 scans fast; a
 * surrogate it stops at is looked at here.)
 */
export function firstDisallowed(text: string, from: number, xml11: boolean): number {
  const re = xml11 ? SUSPECT_11 : SUSPECT_10;
  re.lastIndex = from;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    const i = m.index;
    const c = text.charCodeAt(i);
    if (c < 0xd800 || c > 0xdbff) return i;
    const d = text.charCodeAt(i + 1);
    if (!(d >= 0xdc00 && d <= 0xdfff)) return i;
    re.lastIndex = i + 2;
  }
  return -1;
}

/**
 * Just after the character at `i` (a surrogate pair is one) when a document may contain it
 * literally, -1 when it may not: what `firstDisallowed` finds, one character at a time, for
 * the scanner's loops.
 */
export function allowedCharEnd(text: string, i: number, xml11: boolean): number {
  const c = text.charCodeAt(i);
  if (c < 0x20) return c === 0x09 || c === 0x0a || c === 0x0d ? i + 1 : -1;
  if (c < 0x7f) return i + 1;
  if (c <= 0x9f) return xml11 && c !== 0x85 ? -1 : i + 1;
  if (c >= 0xd800 && c <= 0xdfff) {
    const d = text.charCodeAt(i + 1);
    return c <= 0xdbff && d >= 0xdc00 && d <= 0xdfff ? i + 2 : -1;
  }
  return c === 0xfffe || c === 0xffff ? -1 : i + 1;
}

/** The code point at `i` (a surrogate pair read whole); NaN past the end. */
export function codePointAt(text: string, i: number): number {
  const c = text.charCodeAt(i);
  if (c >= 0xd800 && c <= 0xdbff) {
    const d = text.charCodeAt(i + 1);
    if (d >= 0xdc00 && d <= 0xdfff) return 0x10000 + ((c - 0xd800) << 10) + (d - 0xdc00);
  }
  return c;
}

/** Is the whole string an NCName (what saxes calls a well-formed entity name)? */
export function isNCName(s: string): boolean {
  if (s.length === 0) return false;
  for (let i = 0; i < s.length;) {
    const c = codePointAt(s, i);
    if (i === 0 ? !isNCNameStartChar(c) : !isNCNameChar(c)) return false;
    i += c > 0xffff ? 2 : 1;
  }
  return true;
}
