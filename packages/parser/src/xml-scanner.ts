import { withCodeUnits } from './code-units.js';
import { LineIndex } from './line-index.js';
import type { Range, XmlComment, XmlElement } from './types.js';
import { PREDEFINED, REFERENCE, ScannedAttribute, ScannedElement, ScannedSource } from './xml-nodes.js';
import {
  allowedCharEnd,
  codePointAt,
  firstDisallowed,
  isChar10,
  isChar11,
  isNameChar,
  isNameStartChar,
  isNCName,
  isNCNameChar,
  isNCNameStartChar,
  XML_NAMESPACE,
  XMLNS_NAMESPACE,
} from './xml-chars.js';
import { locateError, syntaxErrorAt } from './xml-error.js';
import { scanDoctype, scanXmlDeclaration } from './xml-prolog.js';

/**
 * libvirt parses with libxml2 without XML_PARSE_HUGE, which refuses an element inside more than
 * this many others (`xmlParserMaxDepth`): `virsh define` then fails with "Excessive depth in
 * document: 256 use XML_PARSE_HUGE option" at the element's `<` (checked with virsh 9.0 and
 * xmllint 2.9.14: 257 nested elements define, 258 do not). Stopping there also bounds every
 * walk of the tree.
 */
export const MAX_ANCESTORS = 256;

const DEPTH_MESSAGE = `Excessive depth in document: ${MAX_ANCESTORS} (virsh define refuses an element nested inside more than ${MAX_ANCESTORS} others)`;

export interface ScanResult {
  readonly root: XmlElement | null;
  readonly lines: LineIndex;
  readonly xmlDeclaration: Range | null;
  readonly comments: readonly XmlComment[];
  readonly doubleQuotedAttributes: number;
  readonly singleQuotedAttributes: number;
}

const LT = 0x3c;
const GT = 0x3e;
const AMP = 0x26;
const SLASH = 0x2f;
const BANG = 0x21;
const QUESTION = 0x3f;
const EQUALS = 0x3d;
const DQUOTE = 0x22;
const SQUOTE = 0x27;
const RBRACKET = 0x5d;
const TAB = 0x09;
const NL = 0x0a;
const CR = 0x0d;
const NEL = 0x85;
const LS = 0x2028;

/**
 * ASCII name characters but the colon (which `nameEnd` notes), by code unit: 256 entries, so
 * that every byte of an ASCII text is looked up within the table.
 */
const NAME_RUN = new Uint8Array(256);
for (const c of 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_.-')
  NAME_RUN[c.charCodeAt(0)] = 1;

/**
 * By code unit (256 entries: every byte of an ASCII text is within them), what the loops over
 * text and over attribute values read on: printable ASCII but the characters they stop at.
 * (A character from U+007F on may be disallowed: they stop at it and look.)
 */
const TEXT_RUN = new Uint8Array(256);
const DOUBLE_QUOTED_RUN = new Uint8Array(256);
const SINGLE_QUOTED_RUN = new Uint8Array(256);
for (let c = 0x20; c < 0x7f; c++) {
  TEXT_RUN[c] = c === LT || c === AMP || c === RBRACKET ? 0 : 1;
  DOUBLE_QUOTED_RUN[c] = c === DQUOTE || c === AMP || c === LT ? 0 : 1;
  SINGLE_QUOTED_RUN[c] = c === SQUOTE || c === AMP || c === LT ? 0 : 1;
}
// Text reads line ends and tabs as they are; a value normalizes them.
TEXT_RUN[NL] = TEXT_RUN[CR] = TEXT_RUN[TAB] = 1;

/** Any character up to markup or a reference: text outside the root element is an error. */
const UP_TO_MARKUP = /[^<&]*/y;

/**
 * A position-exact XML scanner: one forward pass over the string, searching with `indexOf` and
 * short character loops instead of a state handler per character. It finds the well-formedness
 * errors saxes finds, in the same order (the first wins), and reports each at the position saxes
 * would (`consumed`: just after the character that revealed it), so that `locateError` turns
 * both into the same line and column (docs/decisions/0012-xml-scanner.md). Iterative: the open
 * elements are an explicit stack.
 */
export class Scanner {
  readonly text: string;
  readonly n: number;
  readonly lines: LineIndex;
  /** `text`'s code units, then a 0 (`code-units.ts`): what the character loops read. */
  private readonly u: Uint8Array | Uint16Array;
  xml11 = false;
  /** Where XML 1.1 rules start (the XML declaration's version). */
  private xml11From = 0;
  /** The cursor of the slow paths (`read`). */
  p = 0;
  lastMarkupEnd = 0;
  sawRoot = false;
  xmlDeclPossible = true;
  xmlDeclaration: Range | null = null;
  private closedRoot = false;
  private root: ScannedElement | null = null;
  private readonly stack: ScannedElement[] = [];
  private readonly source: ScannedSource;
  /** Namespace prefixes each open element declared (parallel to `stack`), null when none. */
  private readonly declared: (string[] | null)[] = [];
  /** In-scope namespace bindings: prefix ('' for the default) to a stack of URIs, innermost last. */
  private readonly bindings = new Map<string, string[]>();
  /** How many default-namespace declarations are in scope (`bindings`'s for '' in short). */
  private defaultBindings = 0;
  private readonly comments: XmlComment[] = [];
  /** The attributes of the start tag being read: the element's, once the tag is complete. */
  private readonly attrs: ScannedAttribute[] = [];
  private attrCount = 0;
  /** Counted as attributes are read, so no one walks the tree for the file's quote style. */
  private doubleQuoted = 0;
  private singleQuoted = 0;
  /**
   * The children of the open elements, innermost last, from `childrenFrom[i]` for `stack[i]`:
   * an element gets an array of exactly its children when it closes (arrays grown by `push`
   * keep room for 17 and were a fifth of what a parse allocated). Entries past `childCount` are
   * stale, overwritten rather than cut off, so the buffer keeps its capacity.
   */
  private readonly openChildren: ScannedElement[] = [];
  private childCount = 0;
  private readonly childrenFrom: number[] = [];
  /** The first colon of the name `nameEnd` last read, or -1. */
  private nameColon = -1;
  private tagDeclared: string[] | null = null;
  /** Where the last reference read ends. */
  private afterReference = 0;

  constructor(
    text: string,
    units: Uint8Array | Uint16Array,
    private readonly stopAtRoot: ((root: XmlElement) => boolean) | null,
  ) {
    this.text = text;
    this.n = text.length;
    this.u = units;
    this.source = new ScannedSource(text);
    this.lines = new LineIndex(text);
  }

  run(): ScanResult {
    const t = this.text;
    // A leading BOM is skipped; whitespace before the first markup rules out an XML declaration.
    let p = t.charCodeAt(0) === 0xfeff ? 1 : 0;
    const start = p;
    p = this.skipSpaces(p);
    this.xmlDeclPossible = p === start;
    for (;;) {
      if (this.stack.length === 0) {
        p = this.outsideRoot(p);
        if (p < 0) break;
      } else {
        p = this.insideRoot(p);
      }
      p = this.markup(p);
      if (p < 0) break;
    }
    return {
      root: this.root,
      lines: this.lines,
      xmlDeclaration: this.xmlDeclaration,
      comments: this.comments,
      doubleQuotedAttributes: this.doubleQuoted,
      singleQuotedAttributes: this.singleQuoted,
    };
  }

  // ---- errors -------------------------------------------------------------------------------

  /**
   * The first error: found on reading up to (not including) `consumed`. Unless a disallowed
   * character comes before: the scanner reads on past one where it does not look, and an error
   * found past it is that character's (saxes stops there).
   */
  fail(consumed: number, message: string): never {
    this.disallowedBefore(consumed);
    throw locateError(this.text, this.lines, this.lastMarkupEnd, consumed, message);
  }

  /** An error at `offset`, found on reading up to `consumed`: as `fail`. */
  failAt(offset: number, message: string, consumed: number): never {
    this.disallowedBefore(consumed);
    throw syntaxErrorAt(this.lines, offset, message);
  }

  /** Throws "disallowed character." at the document's first one if it is before `consumed`. */
  private disallowedBefore(consumed: number): void {
    const { text } = this;
    let bad = firstDisallowed(text, 0, false);
    if (this.xml11 && (bad < 0 || bad >= this.xml11From)) bad = firstDisallowed(text, this.xml11From, true);
    // Where saxes's position points too, except at a lone surrogate (docs/decisions/0012-xml-scanner.md).
    if (bad >= 0 && bad < consumed) throw syntaxErrorAt(this.lines, bad, 'disallowed character.');
  }

  /**
   * The character at `i`, met by a loop that stops at any character that might be disallowed:
   * just after it when it is allowed, else the error.
   */
  private allowed(i: number): number {
    const after = allowedCharEnd(this.text, i, this.xml11);
    return after < 0 ? this.fail(i + 1, 'disallowed character.') : after;
  }

  /** Checks every character of `[from, to)`, which a search skipped over (comments, CDATA, PIs). */
  private checkSpan(from: number, to: number): void {
    const { u } = this;
    for (let i = from; i < to; i++) {
      const c = u[i]!;
      if (c < 0x20 || c >= 0x7f) i = this.allowed(i) - 1;
    }
  }

  /**
   * A construct needs a character past the end of the input (`inText`: between markup, where the
   * end may be the document's end).
   */
  stop(inText = false): never {
    this.end(inText);
    throw new Error('unreachable: the end of the input within markup is an error');
  }

  /** The checks at the end of the input; returns only when the document is complete. */
  private end(inText: boolean): void {
    const { n } = this;
    if (!this.sawRoot) this.fail(n, 'document must contain a root element.');
    const top = this.stack.length > 0 ? this.stack[this.stack.length - 1] : undefined;
    if (top) this.fail(n, `unclosed tag: ${top.name}`);
    if (!inText) this.fail(n, 'unexpected end.');
  }

  // ---- characters ---------------------------------------------------------------------------

  /** From the XML declaration's version on, XML 1.1 rules: other line ends, other controls. */
  setXml11(from: number): void {
    this.xml11 = true;
    this.source.xml11 = true;
    this.xml11From = from;
  }

  /** The code point at `i` (before the end), with every line end read as `\n`. */
  code(i: number): number {
    const c = this.u[i]!;
    if (c === CR) return NL;
    if (c >= 0xd800 && c <= 0xdbff) return codePointAt(this.text, i);
    if (this.xml11 && (c === NEL || c === LS)) return NL;
    return c;
  }

  /** Just after the character at `i` (before the end): a `\r\n` (XML 1.1: `\r` NEL too) is one character. */
  next(i: number): number {
    const { u } = this;
    const c = u[i]!;
    if (c === CR) {
      const d = u[i + 1]!;
      return d === NL || (this.xml11 && d === NEL) ? i + 2 : i + 1;
    }
    return c >= 0xd800 && c <= 0xdbff ? i + 2 : i + 1;
  }

  /** Reads one character at the slow-path cursor. */
  read(): number {
    if (this.p >= this.n) this.stop();
    const c = this.code(this.p);
    this.p = this.next(this.p);
    return c;
  }

  isSpace(c: number): boolean {
    return c === 0x20 || c === NL || c === 0x09 || c === CR || (this.xml11 && (c === NEL || c === LS));
  }

  /** Past whitespace: short runs inside tags, so a loop beats a regular expression's call. */
  private skipSpaces(p: number): number {
    const { u } = this;
    for (;;) {
      const c = u[p]!;
      if (c === 0x20 || c === NL || c === 0x09 || c === CR || (this.xml11 && (c === NEL || c === LS))) p++;
      else return p;
    }
  }

  /** Where the name starting at `p` ends (`ncName`: without colons). */
  private nameEnd(p: number, ncName = false): number {
    const t = this.text;
    const { u } = this;
    this.nameColon = -1;
    for (;;) {
      let c = u[p]!;
      // The run of ASCII name characters other than the colon: one lookup each.
      while (NAME_RUN[c] === 1) c = u[++p]!;
      if (c < 0x80) {
        if (c !== 0x3a || ncName) return p;
        if (this.nameColon < 0) this.nameColon = p;
        p++;
        continue;
      }
      const cp = codePointAt(t, p);
      if (!(ncName ? isNCNameChar(cp) : isNameChar(cp))) return p;
      p += cp > 0xffff ? 2 : 1;
    }
  }

  // ---- text ---------------------------------------------------------------------------------

  /** Between markup outside the root element: only whitespace. Returns the next `<`, or -1 at the end. */
  private outsideRoot(p: number): number {
    const t = this.text;
    const k = this.skipSpaces(p);
    if (k >= this.n) {
      this.end(true);
      return -1;
    }
    if (t.charCodeAt(k) === LT) return k;
    UP_TO_MARKUP.lastIndex = k;
    UP_TO_MARKUP.test(t);
    const m = UP_TO_MARKUP.lastIndex;
    return this.fail(m + 1, 'text data outside of root node.');
  }

  /**
   * Character data inside the root element, up to the next `<`: checked only (an element decodes
   * its text from the source when asked).
   */
  private insideRoot(p: number): number {
    const t = this.text;
    const { n, u } = this;
    for (;;) {
      // Up to markup, a reference or `]` (of `]]>`), or a character that may be disallowed (no
      // search checked the text before); runs are short. The 0 after the text stops it too.
      let k = p;
      let c = u[k]!;
      while (TEXT_RUN[c] === 1) c = u[++k]!;
      if (k >= n) this.stop(true);
      if (c === LT) return k;
      if (c === AMP) {
        this.reference(k);
        p = this.afterReference;
      } else if (c !== RBRACKET) {
        p = this.allowed(k);
      } else {
        if (t.charCodeAt(k + 1) === RBRACKET && t.charCodeAt(k + 2) === GT) {
          this.fail(k + 3, 'the string "]]>" is disallowed in char data.');
        }
        p = k + 1;
      }
    }
  }

  /** The character(s) a reference at `amp` stands for; sets `afterReference`. */
  private reference(amp: number): string {
    const t = this.text;
    REFERENCE.lastIndex = amp;
    const m = REFERENCE.exec(t);
    if (m) {
      const semicolon = REFERENCE.lastIndex - 1;
      this.afterReference = semicolon + 1;
      if (m[1] !== undefined) return PREDEFINED[m[1]]!;
      return this.characterReference(
        m[2] !== undefined ? parseInt(m[2], 10) : parseInt(m[3]!, 16),
        semicolon,
      );
    }
    // saxes reads an entity name up to the next `;`, wherever it is.
    const semicolon = t.indexOf(';', amp + 1);
    if (semicolon < 0) this.stop();
    const entity = t.slice(amp + 1, semicolon);
    this.afterReference = semicolon + 1;
    if (entity === '') this.fail(semicolon + 1, 'empty entity name.');
    // The predefined entities took the short way: any other name is an error.
    if (entity[0] !== '#') {
      this.fail(
        semicolon + 1,
        isNCName(entity) ? 'undefined entity.' : 'disallowed character in entity name.',
      );
    }
    let num = NaN;
    if (entity[1] === 'x' && /^#x[0-9a-f]+$/i.test(entity)) num = parseInt(entity.slice(2), 16);
    else if (/^#[0-9]+$/.test(entity)) num = parseInt(entity.slice(1), 10);
    return this.characterReference(num, semicolon);
  }

  private characterReference(num: number, semicolon: number): string {
    if (!(this.xml11 ? isChar11(num) : isChar10(num)))
      this.fail(semicolon + 1, 'malformed character entity.');
    return String.fromCodePoint(num);
  }

  // ---- markup -------------------------------------------------------------------------------

  /** Markup starting with the `<` at `lt`; returns where it ends, or -1 to stop at the root. */
  private markup(lt: number): number {
    if (lt + 1 >= this.n) this.stop();
    const c = this.code(lt + 1);
    if (c === QUESTION) return this.processingInstruction(lt);
    this.xmlDeclPossible = false;
    if (c === SLASH) return this.endTag(lt);
    if (c === BANG) return this.bang(lt);
    if (isNameStartChar(c)) return this.startTag(lt);
    return this.fail(this.next(lt + 1), 'disallowed character in tag name');
  }

  private startTag(lt: number): number {
    const t = this.text;
    const nameEnd = this.nameEnd(lt + 1);
    const colon = this.nameColon;
    if (nameEnd >= this.n) this.stop();
    const name = t.slice(lt + 1, nameEnd);
    let c = this.code(nameEnd);
    let p = this.next(nameEnd);
    if (this.stack.length > MAX_ANCESTORS) this.failAt(t.lastIndexOf('<', p - 1), DEPTH_MESSAGE, p);
    this.sawRoot = true;
    if (this.closedRoot) this.fail(p, 'documents may contain only one root.');
    this.attrCount = 0;
    this.tagDeclared = null;
    if (c !== GT && c !== SLASH) {
      if (!this.isSpace(c)) this.fail(p, 'disallowed character in tag name.');
      for (;;) {
        p = this.skipSpaces(p);
        if (p >= this.n) this.stop();
        c = this.code(p);
        if (c === GT || c === SLASH) break;
        if (!isNameStartChar(c)) this.fail(this.next(p), 'disallowed character in attribute name.');
        p = this.attribute(p);
        // Just after the closing quote.
        if (p >= this.n) this.stop();
        c = this.code(p);
        if (this.isSpace(c)) continue;
        if (c === GT || c === SLASH) break;
        this.fail(
          this.next(p),
          isNameStartChar(c)
            ? 'no whitespace between attributes.'
            : 'disallowed character in attribute name.',
        );
      }
    } else {
      p = nameEnd;
    }
    // `p` is at the `>` or `/` that ends the tag.
    let end = p + 1;
    const selfClosing = c === SLASH;
    if (selfClosing) {
      if (p + 1 >= this.n) this.stop();
      if (t.charCodeAt(p + 1) !== GT)
        this.fail(this.next(p + 1), 'forward-slash in opening tag not followed by >.');
      end = p + 2;
    }
    return this.openElement(name, colon, lt, end, selfClosing);
  }

  /** One `name = "value"` starting at `p`; returns the offset after its closing quote. */
  private attribute(p: number): number {
    const t = this.text;
    const { u } = this;
    const nameEnd = this.nameEnd(p);
    const nameColon = this.nameColon;
    if (nameEnd >= this.n) this.stop();
    const name = t.slice(p, nameEnd);
    const c = this.code(nameEnd);
    let q: number;
    if (c === EQUALS) {
      q = nameEnd + 1;
    } else if (this.isSpace(c)) {
      q = this.skipSpaces(this.next(nameEnd));
      if (q >= this.n) this.stop();
      if (u[q] !== EQUALS) this.fail(this.next(q), 'attribute without value.');
      q++;
    } else if (c === GT) {
      return this.fail(nameEnd + 1, 'attribute without value.');
    } else {
      return this.fail(this.next(nameEnd), 'disallowed character in attribute name.');
    }
    q = this.skipSpaces(q);
    if (q >= this.n) this.stop();
    const quote = u[q]!;
    if (quote !== DQUOTE && quote !== SQUOTE) return this.fail(this.next(q), 'unquoted attribute value.');
    const valueStart = q + 1;
    const { n, xml11 } = this;
    let value = '';
    let from = valueStart;
    let k = valueStart;
    const run = quote === DQUOTE ? DOUBLE_QUOTED_RUN : SINGLE_QUOTED_RUN;
    for (;;) {
      // Up to the quote, a reference, `<`, whitespace to normalize, or a character that may be
      // disallowed (controls are, anyway). The 0 after the text stops it too.
      let d = u[k]!;
      while (run[d] === 1) d = u[++k]!;
      if (k >= n) this.stop();
      if (d === quote) break;
      if (d === AMP) {
        value += t.slice(from, k) + this.reference(k);
        k = from = this.afterReference;
      } else if (d === LT) {
        this.fail(k + 1, 'disallowed character.');
      } else if (d >= 0x7f && !(xml11 && (d === NEL || d === LS))) {
        // Kept as it is, if a document may contain it.
        k = this.allowed(k);
      } else if (d !== NL && d !== TAB && d !== CR && d < 0x20) {
        this.fail(k + 1, 'disallowed character.');
      } else {
        // Attribute-value normalization: each literal tab or line end becomes one space.
        value += `${t.slice(from, k)} `;
        k = from = this.next(k);
      }
    }
    // Nearly always the whole value, in one piece.
    value = from === valueStart ? t.slice(valueStart, k) : value + t.slice(from, k);
    const after = k + 1;
    // What saxes checks as each attribute ends: its name, and namespace declarations.
    const colon = this.prefixEnd(name, nameColon - p, after);
    const prefix = colon >= 0 ? name.slice(0, colon) : '';
    const local = colon >= 0 ? name.slice(colon + 1) : name;
    if (prefix === 'xmlns') {
      const uri = value.trim();
      if (!this.xml11 && uri === '') this.fail(after, 'invalid attempt to undefine prefix in XML 1.0');
      this.declare(local, uri);
      this.checkBinding(local, uri, after);
    } else if (name === 'xmlns') {
      const uri = value.trim();
      this.declare('', uri);
      this.checkBinding('', uri, after);
    }
    if (quote === SQUOTE) this.singleQuoted++;
    else this.doubleQuoted++;
    this.attrs[this.attrCount++] = new ScannedAttribute(
      name,
      local,
      value,
      quote === SQUOTE ? "'" : '"',
      p,
      valueStart,
      k,
    );
    return after;
  }

  private declare(prefix: string, uri: string): void {
    let uris = this.bindings.get(prefix);
    if (!uris) this.bindings.set(prefix, (uris = []));
    uris.push(uri);
    if (prefix === '') this.defaultBindings++;
    (this.tagDeclared ??= []).push(prefix);
  }

  private resolve(prefix: string): string | undefined {
    // Most elements have no prefix, and most documents no default namespace: no lookup then.
    if (prefix === '' && this.defaultBindings === 0) return undefined;
    const uris = this.bindings.size === 0 ? undefined : this.bindings.get(prefix);
    if (uris && uris.length > 0) return uris[uris.length - 1];
    if (prefix === 'xml') return XML_NAMESPACE;
    if (prefix === 'xmlns') return XMLNS_NAMESPACE;
    return undefined;
  }

  private checkBinding(prefix: string, uri: string, at: number): void {
    if (prefix === 'xml' && uri !== XML_NAMESPACE)
      this.fail(at, `xml prefix must be bound to ${XML_NAMESPACE}.`);
    if (prefix === 'xmlns' && uri !== XMLNS_NAMESPACE) {
      this.fail(at, `xmlns prefix must be bound to ${XMLNS_NAMESPACE}.`);
    }
    if (uri === XMLNS_NAMESPACE) {
      this.fail(
        at,
        prefix === ''
          ? `the default namespace may not be set to ${uri}.`
          : `may not assign a prefix (even "xmlns") to the URI ${XMLNS_NAMESPACE}.`,
      );
    }
    if (uri === XML_NAMESPACE && prefix !== 'xml') {
      this.fail(
        at,
        prefix === ''
          ? `the default namespace may not be set to ${uri}.`
          : 'may not assign the xml namespace to another prefix.',
      );
    }
  }

  /**
   * Where the prefix of the qualified `name` ends (-1: no prefix), given its first colon (as
   * `nameEnd` found it, relative to the name; negative: none), failing at `at` as saxes does
   * when a prefix or local part is empty or a second colon follows.
   */
  private prefixEnd(name: string, colon: number, at: number): number {
    if (colon < 0) return -1;
    if (colon === 0 || colon === name.length - 1 || name.includes(':', colon + 1)) {
      this.fail(at, `malformed name: ${name}.`);
    }
    return colon;
  }

  /** The start tag `[lt, end)` is complete: resolve namespaces, check attributes, build the element. */
  private openElement(
    name: string,
    nameColon: number,
    lt: number,
    end: number,
    selfClosing: boolean,
  ): number {
    const colon = this.prefixEnd(name, nameColon - (lt + 1), end);
    const prefix = colon >= 0 ? name.slice(0, colon) : '';
    const local = colon >= 0 ? name.slice(colon + 1) : name;
    const uri = this.resolve(prefix) ?? '';
    if (prefix !== '') {
      if (prefix === 'xmlns') this.fail(end, 'tags may not have "xmlns" as prefix.');
      if (uri === '') this.fail(end, `unbound namespace prefix: ${JSON.stringify(prefix)}.`);
    }
    this.resolveAttributes(end);
    // Never `stack[-1]`: a negative index is a named-property load, and that one load, for each
    // document's root, made this site megamorphic for every element after it.
    const { stack } = this;
    const parent = stack.length > 0 ? stack[stack.length - 1]! : null;
    const el = new ScannedElement(name, local, uri, parent, lt, end, this.source);
    if (this.attrCount > 0) el.attributes = copyOf(this.attrs, 0, this.attrCount);
    this.lastMarkupEnd = end;
    if (parent) {
      this.openChildren[this.childCount++] = el;
    } else {
      this.root = el;
      if (this.stopAtRoot?.(el)) return -1;
    }
    if (selfClosing) {
      this.undeclare(this.tagDeclared);
      if (!parent) this.closedRoot = true;
    } else {
      this.stack.push(el);
      this.declared.push(this.tagDeclared);
      this.childrenFrom.push(this.childCount);
    }
    return end;
  }

  /** Attribute namespaces, then duplicates (by expanded name), in document order as saxes checks them. */
  private resolveAttributes(end: number): void {
    const { attrs, attrCount } = this;
    const seen = attrCount > 8 ? new Set<string>() : null;
    for (let i = 0; i < attrCount; i++) {
      const a = attrs[i]!;
      // An attribute has a prefix exactly when its local part is not its whole name.
      const prefixed = a.local !== a.name;
      if (!prefixed) {
        if (a.name === 'xmlns') a.uri = XMLNS_NAMESPACE;
      } else {
        const { prefix } = a;
        const uri = this.resolve(prefix);
        if (uri === undefined) this.fail(end, `unbound namespace prefix: ${JSON.stringify(prefix)}.`);
        a.uri = uri;
      }
      const key = prefixed ? `{${a.uri}}${a.local}` : a.name;
      let duplicate = false;
      if (seen) {
        duplicate = seen.has(key);
        seen.add(key);
      } else {
        for (let j = 0; j < i && !duplicate; j++) {
          const b = attrs[j]!;
          duplicate = prefixed
            ? b.local !== b.name && b.local === a.local && b.uri === a.uri
            : b.local === b.name && b.name === a.name;
        }
      }
      if (duplicate) this.fail(end, `duplicate attribute: ${key}.`);
    }
  }

  private undeclare(prefixes: string[] | null | undefined): void {
    if (!prefixes) return;
    for (const prefix of prefixes) {
      this.bindings.get(prefix)!.pop();
      if (prefix === '') this.defaultBindings--;
    }
  }

  private endTag(lt: number): number {
    const t = this.text;
    const nameEnd = this.nameEnd(lt + 2);
    if (nameEnd >= this.n) this.stop();
    const c = this.code(nameEnd);
    let end: number;
    if (c === GT) {
      end = nameEnd + 1;
    } else if (this.isSpace(c)) {
      const q = this.skipSpaces(this.next(nameEnd));
      if (q >= this.n) this.stop();
      if (t.charCodeAt(q) !== GT) this.fail(this.next(q), 'disallowed character in closing tag.');
      end = q + 1;
    } else {
      return this.fail(this.next(nameEnd), 'disallowed character in closing tag.');
    }
    if (nameEnd === lt + 2) this.fail(end, 'weird empty close tag.');
    const el = this.stack.pop();
    if (!el) return this.fail(end, `unmatched closing tag: ${t.slice(lt + 2, nameEnd)}.`);
    if (!this.sameName(lt + 2, el.start + 1, nameEnd - (lt + 2), el.name.length))
      this.fail(end, 'unexpected close tag.');
    el.endTagStart = lt;
    el.end = end;
    const from = this.childrenFrom.pop()!;
    if (this.childCount > from) {
      el.children = copyOf(this.openChildren, from, this.childCount);
      this.childCount = from;
    }
    this.lastMarkupEnd = end;
    this.undeclare(this.declared.pop());
    if (this.stack.length === 0) this.closedRoot = true;
    return end;
  }

  /** Are the `length` code units at `a` the name of `nameLength` at `b`? */
  private sameName(a: number, b: number, length: number, nameLength: number): boolean {
    if (length !== nameLength) return false;
    const { u } = this;
    for (let i = 0; i < length; i++) if (u[a + i] !== u[b + i]) return false;
    return true;
  }

  /** `<!`: a comment, CDATA, or a DOCTYPE (refused). */
  private bang(lt: number): number {
    const t = this.text;
    const p = lt + 2;
    if (t.startsWith('--', p)) return this.comment(lt);
    if (t.startsWith('[CDATA[', p)) return this.cdata(lt);
    if (t.startsWith('DOCTYPE', p)) return scanDoctype(this, lt);
    // saxes reads up to seven characters looking for one of the three.
    this.p = p;
    let seen = '';
    for (;;) {
      seen += String.fromCodePoint(this.read());
      if (seen.length >= 7) this.fail(this.p, 'incorrect syntax.');
    }
  }

  private comment(lt: number): number {
    const t = this.text;
    const dashes = t.indexOf('--', lt + 4);
    if (dashes < 0) this.stop();
    this.checkSpan(lt + 4, dashes);
    const end = dashes + 3;
    // Recorded as soon as `--` is read, as saxes reports it; a comment cannot contain `--`.
    this.comments.push({ text: t.slice(lt + 4, dashes), range: [lt, end] });
    if (dashes + 2 >= this.n) this.stop();
    if (t.charCodeAt(dashes + 2) !== GT) this.fail(this.next(dashes + 2), 'malformed comment.');
    this.lastMarkupEnd = end;
    return end;
  }

  private cdata(lt: number): number {
    const t = this.text;
    const start = lt + 9;
    if (this.stack.length === 0) this.fail(start, 'text data outside of root node.');
    const close = t.indexOf(']]>', start);
    if (close < 0) this.stop();
    this.checkSpan(start, close);
    return close + 3;
  }

  private processingInstruction(lt: number): number {
    const t = this.text;
    const p = lt + 2;
    if (p >= this.n) this.stop();
    const first = this.code(p);
    if (!isNCNameStartChar(first)) {
      this.fail(
        this.next(p),
        first === QUESTION || this.isSpace(first)
          ? 'processing instruction without a target.'
          : 'disallowed character in processing instruction name.',
      );
    }
    const targetEnd = this.nameEnd(p, true);
    if (targetEnd >= this.n) this.stop();
    const target = t.slice(p, targetEnd);
    const c = this.code(targetEnd);
    const after = this.next(targetEnd);
    if (c !== QUESTION && !this.isSpace(c))
      this.fail(after, 'disallowed character in processing instruction name.');
    if (target === 'xml') {
      if (!this.xmlDeclPossible) this.fail(after, 'an XML declaration must be at the start of the document.');
      return scanXmlDeclaration(this, lt, after, c === QUESTION);
    }
    const close = t.indexOf('?>', targetEnd);
    if (close < 0) this.stop();
    this.checkSpan(targetEnd, close);
    const end = close + 2;
    if (target.toLowerCase() === 'xml')
      this.fail(end, 'the XML declaration must appear at the start of the document.');
    this.xmlDeclPossible = false;
    return end;
  }
}

/**
 * `buffer[from, to)` in an array of exactly that length. A loop, not `slice`: the work is the
 * same, but engine/test/linear-cost.test.ts counts a `slice` by its whole array's length, and a
 * buffer outgrows what one element copies out of it.
 */
function copyOf<T>(buffer: readonly T[], from: number, to: number): T[] {
  const out = new Array<T>(to - from);
  for (let i = from; i < to; i++) out[i - from] = buffer[i]!;
  return out;
}

/** Scans a whole text; throws `XmlSyntaxError` at the first problem. */
export function scanXml(text: string, stopAtRoot: ((root: XmlElement) => boolean) | null): ScanResult {
  return withCodeUnits(text, (units) => new Scanner(text, units, stopAtRoot).run());
}
