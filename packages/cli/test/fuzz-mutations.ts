/**
 * Mutations of domain XML files, as bytes, for the fuzz suite (fuzz.test.ts): what a hostile or
 * careless hand, a broken copy or a bad editor does to a file. Each mutation is a pure function
 * of the bytes and a seeded random source: the same seed, the same file, on every machine.
 */
import { seededRandom, type Random } from '@virt-alias/parser/testing';

export type Mutation = (r: Random, bytes: Buffer) => Buffer;

const int = (r: Random, lo: number, hi: number): number => lo + Math.floor(r() * (hi - lo + 1));
const pick = <T>(r: Random, xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!;

const splice = (b: Buffer, at: number, remove: number, insert: Buffer | string): Buffer =>
  Buffer.concat([b.subarray(0, at), Buffer.from(insert), b.subarray(at + remove)]);

/** Text-level mutations go through latin1: every byte is one character, none is lost or added. */
const asText = (b: Buffer): string => b.toString('latin1');
const asBytes = (s: string): Buffer => Buffer.from(s, 'latin1');
/** UTF-8 text spliced into a latin1 view keeps its bytes. */
const utf8Chars = (s: string): string => Buffer.from(s, 'utf8').toString('latin1');

/** The spans of `re` (global) in the bytes, as latin1 text. */
function spans(b: Buffer, re: RegExp): RegExpExecArray[] {
  return [...asText(b).matchAll(re)];
}

function someSpan(r: Random, b: Buffer, re: RegExp): RegExpExecArray | undefined {
  const all = spans(b, re);
  return all.length > 0 ? pick(r, all) : undefined;
}

const TAG = /<[^<>]*>/g;
const ATTRIBUTE = /\s([A-Za-z_:][\w:.-]*)\s*=\s*('[^'<]*'|"[^"<]*")/g;
/** A device-like element with content: `<disk ...>...</disk>` (the shortest, so not nested). */
const ELEMENT =
  /<(disk|interface|controller|serial|console|channel|input|graphics|video|hostdev|rng|memballoon|watchdog|sound|redirdev|smartcard|tpm|filesystem|shmem|memory|vsock|panic|iommu|crypto|hub|lease|audio)\b[^>]*?(?:\/>|>[^]*?<\/\1\s*>)/g;
const ALIAS_VALUE = /(<alias\b[^>]*?\bname\s*=\s*)('[^']*'|"[^"]*")/g;

/** Alias names of every odd kind: what people type, paste, or a broken script writes. */
const ODD_ALIASES = [
  '',
  'ua-',
  'UA-disk',
  'ua-a b',
  'ua-\t',
  'ua-caf\u00e9',
  'ua-\u{1F600}',
  'ua-&amp;x',
  'ua-&lt;&gt;',
  'ua-&#0;',
  'ua-&#x1F600;',
  'ua-&quot;q',
  'ua-.dot',
  'ua-dup',
  'ua-dup',
  'ua-' + 'x'.repeat(300),
  'virtio-disk0',
  'net0',
  'ua-\u00a0',
  'ua-\u200b',
  'ua-\uFEFF',
  'ua-a/b',
  'ua-a:b',
  'ua-a\\b',
  '  ua-x  ',
];

const ENTITIES = [
  '&foo;',
  '&#0;',
  '&#xD800;',
  '&#x1F600;',
  '&lt;',
  '&amp;',
  '&;',
  '&#x110000;',
  '&#65;',
  '&amp',
  '&nbsp;',
  '<!DOCTYPE domain [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>',
  '<!DOCTYPE domain SYSTEM "file:///etc/passwd">',
  '<!ENTITY x SYSTEM "file:///etc/shadow">',
];

const BAD_UTF8 = [
  [0xff],
  [0xfe, 0xff],
  [0xc3],
  [0xc0, 0xaf],
  [0xe0, 0x80, 0xaf],
  [0xed, 0xa0, 0x80],
  [0xf4, 0x90, 0x80, 0x80],
  [0x80],
  [0xe2, 0x82],
];

/** A random byte offset of `b`, 0..length. */
const at = (r: Random, b: Buffer): number => int(r, 0, b.length);

export const MUTATIONS: Readonly<Record<string, Mutation>> = {
  byteFlip: (r, b) => {
    if (b.length === 0) return b;
    const out = Buffer.from(b);
    for (let n = int(r, 1, 4); n > 0; n--) out[int(r, 0, b.length - 1)] = int(r, 0, 255);
    return out;
  },
  bitFlip: (r, b) => {
    if (b.length === 0) return b;
    const out = Buffer.from(b);
    const i = int(r, 0, b.length - 1);
    out[i] = out[i]! ^ (1 << int(r, 0, 7));
    return out;
  },
  truncate: (r, b) => b.subarray(0, at(r, b)),
  badUtf8: (r, b) => splice(b, at(r, b), 0, Buffer.from(pick(r, BAD_UTF8))),
  nul: (r, b) => splice(b, at(r, b), 0, Buffer.from([0])),
  bom: (r, b) => {
    const bom = pick(r, [
      [0xef, 0xbb, 0xbf],
      [0xef, 0xbb, 0xbf, 0xef, 0xbb, 0xbf],
      [0xff, 0xfe],
      [0xfe, 0xff],
    ]);
    return splice(b, r() < 0.7 ? 0 : at(r, b), 0, Buffer.from(bom));
  },
  // Every line end one of XML's three, all alike or mixed line by line. (`\n\r` is two line
  // ends: blank lines, which the alias-content comparison cannot tell from a fix's own.)
  lineEnds: (r, b) => {
    const mixed = r() < 0.3;
    const eol = pick(r, ['\r\n', '\r', '\n']);
    return asBytes(asText(b).replace(/\r\n|\r|\n/g, () => (mixed ? pick(r, ['\r\n', '\r', '\n']) : eol)));
  },
  duplicateTag: (r, b) => {
    const m = someSpan(r, b, TAG);
    return m ? splice(b, m.index + m[0].length, 0, m[0]) : b;
  },
  removeTag: (r, b) => {
    const m = someSpan(r, b, TAG);
    return m ? splice(b, m.index, m[0].length, '') : b;
  },
  swapTags: (r, b) => {
    const all = spans(b, TAG);
    if (all.length < 2) return b;
    let [x, y] = [pick(r, all), pick(r, all)];
    if (x.index > y.index) [x, y] = [y, x];
    if (x.index === y.index) return b;
    const t = asText(b);
    return asBytes(
      t.slice(0, x.index) +
        y[0] +
        t.slice(x.index + x[0].length, y.index) +
        x[0] +
        t.slice(y.index + y[0].length),
    );
  },
  duplicateAttribute: (r, b) => {
    const m = someSpan(r, b, ATTRIBUTE);
    return m ? splice(b, m.index + m[0].length, 0, m[0]) : b;
  },
  removeAttribute: (r, b) => {
    const m = someSpan(r, b, ATTRIBUTE);
    return m ? splice(b, m.index, m[0].length, '') : b;
  },
  swapAttributeValues: (r, b) => {
    const all = spans(b, ATTRIBUTE);
    if (all.length < 2) return b;
    let [x, y] = [pick(r, all), pick(r, all)];
    if (x.index > y.index) [x, y] = [y, x];
    if (x.index === y.index) return b;
    const t = asText(b);
    const [ax, ay] = [x[2]!, y[2]!];
    const vx = x.index + x[0].length - ax.length;
    const vy = y.index + y[0].length - ay.length;
    return asBytes(t.slice(0, vx) + ay + t.slice(vx + ax.length, vy) + ax + t.slice(vy + ay.length));
  },
  entity: (r, b) => {
    const e = pick(r, ENTITIES);
    if (e.startsWith('<!DOCTYPE') && r() < 0.7) {
      const decl = /^(?:\xef\xbb\xbf)?<\?xml[^>]*>/.exec(asText(b));
      return splice(b, decl ? decl[0].length : 0, 0, e);
    }
    // Inside an attribute value or text, where an entity reference is most at home.
    const m = someSpan(r, b, /='[^'<]*'|="[^"<]*"|>[^<]+</g);
    return m ? splice(b, m.index + 2, 0, e) : splice(b, at(r, b), 0, e);
  },
  deepNesting: (r, b) => {
    const m = someSpan(r, b, /<devices\s*>/g) ?? someSpan(r, b, /<[A-Za-z][^<>]*[^/]>/g);
    if (!m) return b;
    const depth = pick(r, [255, 256, 257, 300, 5_000, 20_000]);
    const name = pick(r, ['a', 'disk', 'x:y', 'devices']);
    return splice(b, m.index + m[0].length, 0, `<${name}>`.repeat(depth) + `</${name}>`.repeat(depth));
  },
  hugeAttribute: (r, b) => {
    const m = someSpan(r, b, /<[A-Za-z][\w:.-]*/g);
    if (!m) return b;
    const size = pick(r, [1_000, 65_536, 100_000]);
    const value = pick(r, ['x', 'ua-', '&amp;', ' ', '\u00e9']).repeat(size);
    const name = pick(r, ['huge', 'name', 'type', 'dev']);
    return splice(b, m.index + m[0].length, 0, utf8Chars(` ${name}='${value}'`));
  },
  oddAlias: (r, b) => {
    const all = spans(b, ALIAS_VALUE);
    if (all.length === 0) {
      // No alias yet: put one into a device.
      const d = someSpan(r, b, /<(disk|interface|controller|serial|input|video|memballoon)\b[^>]*[^/]>/g);
      return d
        ? splice(b, d.index + d[0].length, 0, utf8Chars(`<alias name='${pick(r, ODD_ALIASES)}'/>`))
        : b;
    }
    let t = asText(b);
    // From the end, so that earlier offsets stay right.
    for (const m of all.reverse()) {
      if (r() < 0.5) continue;
      const q = m[2]![0]!;
      const value = pick(r, ODD_ALIASES).replaceAll(q, q === "'" ? '&apos;' : '&quot;');
      const start = m.index + m[1]!.length;
      t = t.slice(0, start) + q + utf8Chars(value) + q + t.slice(start + m[2]!.length);
    }
    return asBytes(t);
  },
  duplicateDevice: (r, b) => {
    const m = someSpan(r, b, ELEMENT);
    if (!m) return b;
    const copies = pick(r, [1, 1, 2, 50]);
    return splice(b, m.index + m[0].length, 0, `\n${m[0]}`.repeat(copies));
  },
  removeAliases: (r, b) => {
    const t = asText(b);
    return asBytes(r() < 0.5 ? t.replace(/<alias\b[^>]*\/>/g, '') : t.replace(/<alias\b[^>]*\/>/, ''));
  },
  insertMarkup: (r, b) =>
    splice(
      b,
      at(r, b),
      0,
      pick(r, [
        '<',
        '>',
        '&',
        ']]>',
        '<!--',
        '-->',
        '<![CDATA[',
        '<?pi x?>',
        '</devices>',
        '<devices>',
        '<alias/>',
        "<alias name='ua-x'/>",
        '<!-- virt-alias-disable -->',
        '<!-- virt-alias-disable-next-line alias-required -- why -->',
        '<!-- virt-alias-enable -->',
        '\u0000',
        '\u000b',
      ]),
    ),
};

export const MUTATION_NAMES: readonly string[] = Object.keys(MUTATIONS);

export interface Step {
  readonly mutation: string;
  readonly seed: number;
}

/** `bytes` with each step applied in order, each with its own seeded random source. */
export function applySteps(bytes: Buffer, steps: readonly Step[]): Buffer {
  let out = bytes;
  for (const { mutation, seed } of steps) out = MUTATIONS[mutation]!(seededRandom(seed), out);
  return out;
}
