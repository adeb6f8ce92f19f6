import type { Range, XmlAttribute, XmlElement } from './types.js';

/**
 * The scanner's tree nodes: what a parse allocates is most of what it costs (the collector took
 * as long as the scan), so a node stores offsets and builds its `Range` tuples, and an element
 * its decoded text, on first access, once (the same array or string on every later access).
 * Most ranges and nearly all text (indentation between children) are never read.
 */

/**
 * An empty array to share, of an elements kind that holds objects, like the array of children or
 * attributes an element gets of its own (the scanner's `copyOf`), and not frozen: a frozen array
 * is of another kind, and V8 inlines a `for...of` only over arrays of one kind (up to holes).
 * With frozen empty arrays, every `for...of` over `children` or `attributes` (`attribute`,
 * `child`, `readDevices`, the rules) called the array iterator's `next` for each item and
 * allocated its result (about 5 KiB a file on the 10,000-file fleet). Never written: the types
 * are read-only.
 */
export function sharedEmpty(): readonly never[] {
  const empty: unknown[] = [null];
  empty.pop();
  return empty as never[];
}

const NO_ATTRIBUTES: readonly XmlAttribute[] = sharedEmpty();
/** Shared by every childless element (the scanner gives an element its own array when it closes). */
const NO_CHILDREN: readonly never[] = sharedEmpty();

const AMP = 0x26;
const NL = 0x0a;
const CR = 0x0d;
const NEL = 0x85;
const LS = 0x2028;
const QUESTION = 0x3f;

export const PREDEFINED: Readonly<Record<string, string>> = {
  amp: '&',
  lt: '<',
  gt: '>',
  quot: '"',
  apos: "'",
};
/**
 * The references a well-formed document uses, read in one step (the scanner sends anything else
 * the long way, where only errors differ): every reference it accepted has one of these forms.
 */
export const REFERENCE = /&(?:(amp|lt|gt|quot|apos)|#([0-9]+)|#x([0-9a-fA-F]+));/y;
const LINE_ENDS_10 = /\r\n?/g;
const LINE_ENDS_11 = /\r[\n\x85]?|[\x85\u2028]/g;

/** The character(s) of the reference at `amp`, already checked by the scanner; sets `REFERENCE.lastIndex`. */
function referenceAt(t: string, amp: number): string {
  REFERENCE.lastIndex = amp;
  const m = REFERENCE.exec(t);
  if (!m) throw new Error(`internal error: no reference at offset ${amp}`);
  if (m[1] !== undefined) return PREDEFINED[m[1]]!;
  return String.fromCodePoint(m[2] !== undefined ? parseInt(m[2], 10) : parseInt(m[3]!, 16));
}

function normalizeLineEnds(s: string, xml11: boolean): string {
  const re = xml11 ? LINE_ENDS_11 : LINE_ENDS_10;
  re.lastIndex = 0;
  return re.test(s) ? s.replace(re, '\n') : s;
}

/** The document a tree was scanned from: elements decode their text from it when asked. */
export class ScannedSource {
  /** Set by the XML declaration, before any element: XML 1.1 reads NEL and LS as line ends. */
  xml11 = false;

  constructor(readonly text: string) {}

  /**
   * The character data directly inside a complete element: its content, less its children (by
   * their ranges), comments and processing instructions, with references replaced and line ends
   * read as `\n`, as the scanner checked them. Only a well-formed element gets here, so every
   * `<` of the content opens a child or one of those.
   */
  elementText(el: ScannedElement): string {
    const t = this.text;
    const end = el.endTagStart;
    const children = el.children;
    let next = 0;
    let out = '';
    let pos = el.startTagEnd;
    for (;;) {
      const lt = t.indexOf('<', pos);
      if (lt > pos) out += this.decodeText(pos, lt);
      if (lt >= end || lt < 0) return out;
      const child = children[next];
      if (child !== undefined && child.start === lt) {
        pos = child.endTagStart < 0 ? child.startTagEnd : child.end;
        next++;
      } else if (t.charCodeAt(lt + 1) === QUESTION) {
        pos = t.indexOf('?>', lt + 2) + 2;
      } else if (t.startsWith('<!--', lt)) {
        pos = t.indexOf('--', lt + 4) + 3;
      } else {
        // `<![CDATA[`: its content as written, line ends folded.
        const close = t.indexOf(']]>', lt + 9);
        out += normalizeLineEnds(t.slice(lt + 9, close), this.xml11);
        pos = close + 3;
      }
    }
  }

  /** Text between markup: references replaced, each line end read as `\n`. */
  private decodeText(start: number, end: number): string {
    const t = this.text;
    const { xml11 } = this;
    let out = '';
    let from = start;
    for (let k = start; k < end; k++) {
      const c = t.charCodeAt(k);
      if (c === AMP) {
        out += t.slice(from, k) + referenceAt(t, k);
        from = REFERENCE.lastIndex;
        k = from - 1;
      } else if (c === CR || (xml11 && (c === NEL || c === LS))) {
        out += `${t.slice(from, k)}\n`;
        if (c === CR) {
          const d = t.charCodeAt(k + 1);
          if (d === NL || (xml11 && d === NEL)) k++;
        }
        from = k + 1;
      }
    }
    return from === start ? t.slice(start, end) : out + t.slice(from, end);
  }
}

/*
 * The node classes assign every field in their constructors, in one order, and declare them with
 * `declare`: class field definitions (`uri = ''`), as TypeScript emits them for ES2022, made the
 * scan slower on Node 20 than the object literals they replace.
 */

/** The prefix of a qualified name, given its local part: `''` when the local part is the whole name. */
const prefixOf = (name: string, local: string): string =>
  local === name ? '' : name.slice(0, name.length - local.length - 1);

export class ScannedAttribute implements XmlAttribute {
  declare readonly name: string;
  /** The name itself when it has no prefix (the same string). */
  declare readonly local: string;
  /** Resolved when the start tag is complete. */
  declare uri: string;
  declare readonly value: string;
  declare readonly quote: '"' | "'";
  declare private readonly start: number;
  declare private readonly valueStart: number;
  declare private readonly valueEnd: number;
  declare private rangeTuple: Range | null;
  declare private valueRangeTuple: Range | null;

  constructor(
    name: string,
    local: string,
    value: string,
    quote: '"' | "'",
    start: number,
    valueStart: number,
    valueEnd: number,
  ) {
    this.name = name;
    this.local = local;
    this.uri = '';
    this.value = value;
    this.quote = quote;
    this.start = start;
    this.valueStart = valueStart;
    this.valueEnd = valueEnd;
    this.rangeTuple = null;
    this.valueRangeTuple = null;
  }

  /** Built when read (nearly every attribute has none, and it is rarely read). */
  get prefix(): string {
    return prefixOf(this.name, this.local);
  }

  get range(): Range {
    return (this.rangeTuple ??= [this.start, this.valueEnd + 1]);
  }

  get valueRange(): Range {
    return (this.valueRangeTuple ??= [this.valueStart, this.valueEnd]);
  }
}

export class ScannedElement implements XmlElement {
  declare readonly name: string;
  /** The name itself when it has no prefix (the same string). */
  declare readonly local: string;
  declare readonly uri: string;
  declare attributes: readonly XmlAttribute[];
  declare children: readonly ScannedElement[];
  declare readonly parent: ScannedElement | null;
  /** The start tag's `<` and the offset after its `>`. */
  declare readonly start: number;
  declare readonly startTagEnd: number;
  /** `<` of the end tag (-1 while open or self-closing) and the offset after its `>`. */
  declare endTagStart: number;
  declare end: number;
  declare private readonly source: ScannedSource;
  /** Built on the first access to any of them (most elements never need any). */
  declare private built: BuiltOnAccess | null;

  constructor(
    name: string,
    local: string,
    uri: string,
    parent: ScannedElement | null,
    start: number,
    startTagEnd: number,
    source: ScannedSource,
  ) {
    this.name = name;
    this.local = local;
    this.uri = uri;
    this.attributes = NO_ATTRIBUTES;
    this.children = NO_CHILDREN;
    this.parent = parent;
    this.start = start;
    this.startTagEnd = startTagEnd;
    this.endTagStart = -1;
    this.end = -1;
    this.source = source;
    this.built = null;
  }

  /** Built when read (few elements have one). */
  get prefix(): string {
    return prefixOf(this.name, this.local);
  }

  get startTag(): Range {
    const built = (this.built ??= new BuiltOnAccess());
    return (built.startTag ??= [this.start, this.startTagEnd]);
  }

  get endTag(): Range | null {
    if (this.endTagStart < 0) return null;
    const built = (this.built ??= new BuiltOnAccess());
    return (built.endTag ??= [this.endTagStart, this.end]);
  }

  /** The start tag itself (the same tuple) while there is no end tag, as before. */
  get range(): Range {
    if (this.endTagStart < 0) return this.startTag;
    const built = (this.built ??= new BuiltOnAccess());
    return (built.range ??= [this.start, this.end]);
  }

  /** Decoded from the source on first access: most of it is indentation nobody reads. */
  get text(): string {
    if (this.endTagStart < 0) return '';
    const built = (this.built ??= new BuiltOnAccess());
    return (built.text ??= this.source.elementText(this));
  }
}

/** An element's tuples and text, once read: one field in every element instead of four. */
class BuiltOnAccess {
  declare startTag: Range | null;
  declare endTag: Range | null;
  declare range: Range | null;
  declare text: string | null;

  constructor() {
    this.startTag = null;
    this.endTag = null;
    this.range = null;
    this.text = null;
  }
}
