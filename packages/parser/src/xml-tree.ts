import type { LineIndex } from './line-index.js';
import type { Range, XmlComment, XmlElement } from './types.js';
import { XmlSyntaxError } from './xml-error.js';
import { scanXml } from './xml-scanner.js';

export { XmlSyntaxError } from './xml-error.js';
export { MAX_ANCESTORS } from './xml-scanner.js';

export interface XmlTree {
  readonly root: XmlElement;
  readonly lines: LineIndex;
  readonly xmlDeclaration: Range | null;
  /** Every comment of the document, in source order, before and after the root element too. */
  readonly comments: readonly XmlComment[];
  /** How many attributes of the document are written with `"` and with `'` (new text matches the majority). */
  readonly doubleQuotedAttributes: number;
  readonly singleQuotedAttributes: number;
}

export interface ParseXmlOptions {
  /** Stop as soon as the root element is seen when this returns true (e.g. not a domain). */
  readonly stopAtRoot?: (root: XmlElement) => boolean;
}

/**
 * Parses well-formed, namespace-valid XML into a light tree with exact source ranges. Throws
 * `XmlSyntaxError` for the first well-formedness error or for a DOCTYPE. Returns the partial tree
 * (root only) when `stopAtRoot` asked to stop.
 */
export function parseXml(text: string, options: ParseXmlOptions = {}): XmlTree {
  const tree = scanXml(text, options.stopAtRoot ?? null);
  const { root } = tree;
  if (!root) throw new XmlSyntaxError('document must contain a root element', 1, 1);
  return {
    root,
    lines: tree.lines,
    xmlDeclaration: tree.xmlDeclaration,
    comments: tree.comments,
    doubleQuotedAttributes: tree.doubleQuotedAttributes,
    singleQuotedAttributes: tree.singleQuotedAttributes,
  };
}
