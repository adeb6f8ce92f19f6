import { SaxesParser, type SaxesTagNS } from 'saxes';
import { LineIndex } from '../line-index.js';
import type { Range, XmlAttribute, XmlComment } from '../types.js';
import { locateError, syntaxErrorAt } from '../xml-error.js';
import { MAX_ANCESTORS, XmlSyntaxError, type ParseXmlOptions, type XmlTree } from '../xml-tree.js';
import { scanStartTag } from './start-tag.js';

/** Mutable while the tree is built; handed out through the read-only `XmlElement` type. */
interface ElementBuilder {
  name: string;
  local: string;
  prefix: string;
  uri: string;
  attributes: XmlAttribute[];
  children: ElementBuilder[];
  parent: ElementBuilder | null;
  startTag: Range;
  endTag: Range | null;
  range: Range;
  text: string;
}

/** A sentinel thrown out of saxes handlers: it stops the parse at the first problem. */
class Abort extends Error {
  constructor(readonly error: XmlSyntaxError | null) {
    super(error?.message ?? 'stopped at the root element');
  }
}

interface BuildState {
  text: string;
  lines: LineIndex;
  stack: ElementBuilder[];
  root: ElementBuilder | null;
  xmlDeclaration: Range | null;
  comments: XmlComment[];
  /** Where the last tag, declaration or comment ended: text after it starts here. */
  lastMarkupEnd: number;
  stopAtRoot: ((root: ElementBuilder) => boolean) | null;
  doubleQuoted: number;
  singleQuoted: number;
}

let state: BuildState | null = null;
let parser: SaxesParser<{ xmlns: true; position: true }> | null = null;

function current(): BuildState {
  if (state === null) throw new Error('saxes event outside a parse');
  return state;
}

/**
 * Offset just after the last character saxes consumed: its `position` counts UTF-16 code units
 * of the raw text (line endings unfolded), so it is an exact source offset.
 */
function consumedOffset(p: SaxesParser): number {
  return p.position;
}

function failAt(s: BuildState, offset: number, message: string): never {
  throw new Abort(syntaxErrorAt(s.lines, offset, message));
}

/** Reports the first problem where the scanner does (`locateError`), from saxes's position. */
function fail(p: SaxesParser, message: string): never {
  const s = current();
  throw new Abort(locateError(s.text, s.lines, s.lastMarkupEnd, consumedOffset(p), message));
}

// One parser per process, handlers bound once: per-file work is only the parse itself.
function makeParser(): SaxesParser<{ xmlns: true; position: true }> {
  const p = new SaxesParser({ xmlns: true, position: true });
  p.on('error', (err) => {
    // saxes prefixes "line:column: "; the position is reported separately.
    fail(p, err.message.replace(/^\d+:\d+: /, ''));
  });
  p.on('doctype', () => {
    const s = current();
    failAt(
      s,
      Math.max(0, s.text.lastIndexOf('<!DOCTYPE', consumedOffset(p))),
      'DOCTYPE declarations are refused: domain XML never needs one, and entities are never expanded',
    );
  });
  p.on('xmldecl', () => {
    const s = current();
    const end = consumedOffset(p);
    s.xmlDeclaration = [s.text.lastIndexOf('<?xml', end), end];
    s.lastMarkupEnd = end;
  });
  p.on('comment', () => {
    const s = current();
    // saxes fires this event once it has read the `--` of `-->`, before the `>`: it checks that
    // character next and reports "malformed comment" (which aborts the parse) if it is not `>`.
    // A comment cannot contain `--`, so the previous `<!--` is this comment's own.
    const end = consumedOffset(p) + 1;
    const start = s.text.lastIndexOf('<!--', end - 7);
    // saxes's text folds line endings; the source slice is exact and agrees with the range.
    s.comments.push({ text: s.text.slice(start + 4, end - 3), range: [start, end] });
    s.lastMarkupEnd = end;
  });
  p.on('opentagstart', () => {
    const s = current();
    if (s.stack.length <= MAX_ANCESTORS) return;
    // saxes has read the name and one character after it; `<` cannot occur in a name.
    failAt(
      s,
      s.text.lastIndexOf('<', consumedOffset(p) - 1),
      `Excessive depth in document: ${MAX_ANCESTORS} (virsh define refuses an element nested inside more than ${MAX_ANCESTORS} others)`,
    );
  });
  p.on('opentag', (tag: SaxesTagNS) => {
    const s = current();
    // At this event saxes has consumed the closing `>`; `<` cannot occur inside a start tag.
    const end = consumedOffset(p);
    const start = s.text.lastIndexOf('<', end - 1);
    const raw = scanStartTag(s.text, start, end);
    for (const a of raw) {
      if (a.quote === '"') s.doubleQuoted++;
      else s.singleQuoted++;
    }
    const attributes: XmlAttribute[] = raw.map((a) => {
      const parsed = tag.attributes[a.name];
      return {
        name: a.name,
        local: parsed?.local ?? a.name,
        prefix: parsed?.prefix ?? '',
        uri: parsed?.uri ?? '',
        value: parsed?.value ?? '',
        range: a.range,
        valueRange: a.valueRange,
        quote: a.quote,
      };
    });
    s.lastMarkupEnd = end;
    const parent = s.stack[s.stack.length - 1] ?? null;
    const el: ElementBuilder = {
      name: tag.name,
      local: tag.local,
      prefix: tag.prefix,
      uri: tag.uri,
      attributes,
      children: [],
      parent,
      startTag: [start, end],
      endTag: null,
      range: [start, end],
      text: '',
    };
    if (parent) parent.children.push(el);
    else {
      s.root = el;
      if (s.stopAtRoot?.(el)) throw new Abort(null);
    }
    s.stack.push(el);
  });
  p.on('closetag', (tag: SaxesTagNS) => {
    const s = current();
    const el = s.stack.pop();
    if (!el) return;
    if (!tag.isSelfClosing) {
      const end = consumedOffset(p);
      const start = s.text.lastIndexOf('<', end - 1);
      el.endTag = [start, end];
      s.lastMarkupEnd = end;
      el.range = [el.startTag[0], end];
    }
  });
  const addText = (t: string): void => {
    const top = current().stack[current().stack.length - 1];
    if (top) top.text += t;
  };
  p.on('text', addText);
  p.on('cdata', addText);
  return p;
}

/**
 * The parser as it was before the scanner (docs/decisions/0001), kept as the oracle of the
 * differential test: same tree, ranges, comments and first error. Throws
 * `XmlSyntaxError` for the first well-formedness error or for a DOCTYPE. Returns the partial tree
 * (root only) when `stopAtRoot` asked to stop.
 */
export function parseXmlWithSaxes(text: string, options: ParseXmlOptions = {}): XmlTree {
  const lines = new LineIndex(text);
  const s: BuildState = {
    text,
    lines,
    stack: [],
    root: null,
    xmlDeclaration: null,
    comments: [],
    lastMarkupEnd: 0,
    stopAtRoot: options.stopAtRoot ?? null,
    doubleQuoted: 0,
    singleQuoted: 0,
  };
  state = s;
  parser ??= makeParser();
  try {
    // saxes skips a leading BOM itself and counts it in the first line's columns.
    parser.write(text).close();
  } catch (e) {
    // An aborted saxes parser keeps its half-way state: start the next file on a new one.
    parser = null;
    if (!(e instanceof Abort)) throw e;
    if (e.error) throw e.error;
  } finally {
    state = null;
  }
  if (!s.root) throw new XmlSyntaxError('document must contain a root element', 1, 1);
  return {
    root: s.root,
    lines,
    xmlDeclaration: s.xmlDeclaration,
    comments: s.comments,
    doubleQuotedAttributes: s.doubleQuoted,
    singleQuotedAttributes: s.singleQuoted,
  };
}
