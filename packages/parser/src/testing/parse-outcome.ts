import type { XmlElement } from '../types.js';
import { XmlSyntaxError, type ParseXmlOptions, type XmlTree } from '../xml-tree.js';

export type ParseXml = (text: string, options?: ParseXmlOptions) => XmlTree;

/**
 * Everything a parse gives, as one comparable string: each element in document order (with its
 * parent's index, ranges, namespaces, attributes and text), the comments and the declaration;
 * or the error's message, line and column. Iterative, so any depth serializes.
 */
export function parseOutcome(parse: ParseXml, text: string, options?: ParseXmlOptions): string {
  let tree: XmlTree;
  try {
    tree = parse(text, options);
  } catch (e) {
    if (!(e instanceof XmlSyntaxError)) throw e;
    return JSON.stringify({ error: { message: e.message, line: e.line, column: e.column } });
  }
  const index = new Map<XmlElement, number>();
  const elements: unknown[] = [];
  const stack: XmlElement[] = [tree.root];
  for (let el = stack.pop(); el !== undefined; el = stack.pop()) {
    index.set(el, elements.length);
    elements.push([
      el.parent ? index.get(el.parent) : -1,
      el.name,
      el.local,
      el.prefix,
      el.uri,
      el.startTag,
      el.endTag,
      el.range,
      el.text,
      el.attributes.map((a) => [a.name, a.local, a.prefix, a.uri, a.value, a.range, a.valueRange, a.quote]),
    ]);
    for (let i = el.children.length - 1; i >= 0; i--) stack.push(el.children[i]!);
  }
  return JSON.stringify({ elements, comments: tree.comments, xmlDeclaration: tree.xmlDeclaration });
}

/** The error part of an outcome, or null for a tree. */
export function outcomeError(outcome: string): { message: string; line: number; column: number } | null {
  const parsed = JSON.parse(outcome) as { error?: { message: string; line: number; column: number } };
  return parsed.error ?? null;
}
