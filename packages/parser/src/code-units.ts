/**
 * A text's UTF-16 code units in a typed array, for the scanner's character loops: indexing a
 * typed array is cheaper than `charCodeAt`, which checks the string's representation on every
 * call (docs/decisions/0012-xml-scanner.md). An ASCII text (nearly every domain) is copied by
 * the runtime's UTF-8 encoder, whose bytes are then its code units; any other text is copied
 * one code unit at a time.
 *
 * The arrays are shared by every scan (a scan reads them only while it runs), so the entries past
 * the text's are stale: the one just past it is set to 0, which no loop accepts (as none accepted
 * `charCodeAt`'s NaN there), and no loop reads further. A scan begun while another runs (a
 * `stopAtRoot` that parses a text) gets arrays of its own (`withCodeUnits`).
 */

const encoder = new TextEncoder();
/** Arrays up to this many entries are kept for the next scan; larger ones are left to the collector. */
const KEPT = 1 << 22;
let ascii = new Uint8Array(1 << 16);
let wide = new Uint16Array(1 << 12);

/** Whether a scan holds the shared arrays. */
let lent = false;

/** `use` given `text`'s code units, in the shared arrays unless a scan holds them. */
export function withCodeUnits<T>(text: string, use: (units: Uint8Array | Uint16Array) => T): T {
  if (lent) return use(codeUnits(text, false));
  lent = true;
  try {
    return use(codeUnits(text, true));
  } finally {
    lent = false;
  }
}

/** `text`'s code units then a 0, in the shared arrays (`shared`) or in new ones. */
function codeUnits(text: string, shared: boolean): Uint8Array | Uint16Array {
  const n = text.length;
  let bytes = shared ? ascii : new Uint8Array(n + 1);
  if (bytes.length <= n) {
    bytes = new Uint8Array(n + 1 + (n >> 1));
    if (bytes.length <= KEPT) ascii = bytes;
  }
  const { read, written } = encoder.encodeInto(text, bytes);
  if (read === n && written === n) {
    bytes[n] = 0;
    return bytes;
  }
  let units = shared ? wide : new Uint16Array(n + 1);
  if (units.length <= n) {
    units = new Uint16Array(n + 1 + (n >> 1));
    if (units.length <= KEPT) wide = units;
  }
  for (let i = 0; i < n; i++) units[i] = text.charCodeAt(i);
  units[n] = 0;
  return units;
}
