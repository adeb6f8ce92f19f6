/**
 * A text's UTF-16 code units in a typed array, for the scanner's character loops: indexing a
 * typed array is cheaper than `charCodeAt`, which checks the string's representation on every
 * call (docs/decisions/0012-xml-scanner.md). An ASCII text (nearly every domain) is copied by
 * the runtime's UTF-8 encoder, whose bytes are then its code units; any other text is copied
 * one code unit at a time.
 *
 * The arrays are shared by every scan (a scan reads them only while it runs, and one runs to its
 * end before the next begins), so the entries past the text's are stale: the one just past it is
 * set to 0, which no loop accepts (as none accepted `charCodeAt`'s NaN there), and no loop reads
 * further.
 */

const encoder = new TextEncoder();
/** Arrays up to this many entries are kept for the next scan; larger ones are left to the collector. */
const KEPT = 1 << 22;
let ascii = new Uint8Array(1 << 16);
let wide = new Uint16Array(1 << 12);

export function codeUnits(text: string): Uint8Array | Uint16Array {
  const n = text.length;
  let bytes = ascii;
  if (bytes.length <= n) {
    bytes = new Uint8Array(n + 1 + (n >> 1));
    if (bytes.length <= KEPT) ascii = bytes;
  }
  const { read, written } = encoder.encodeInto(text, bytes);
  if (read === n && written === n) {
    bytes[n] = 0;
    return bytes;
  }
  let units = wide;
  if (units.length <= n) {
    units = new Uint16Array(n + 1 + (n >> 1));
    if (units.length <= KEPT) wide = units;
  }
  for (let i = 0; i < n; i++) units[i] = text.charCodeAt(i);
  units[n] = 0;
  return units;
}
