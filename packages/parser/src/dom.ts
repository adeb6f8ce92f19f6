import type { XmlAttribute, XmlElement } from './types.js';

/** Small, allocation-free lookups over the light tree (no XPath, no wrappers). */

export function attribute(el: XmlElement, name: string): XmlAttribute | undefined {
  for (const a of el.attributes) if (a.name === name) return a;
  return undefined;
}

export function attributeValue(el: XmlElement | undefined, name: string): string | undefined {
  return el ? attribute(el, name)?.value : undefined;
}

/** First child element in no namespace with this local name. */
export function child(el: XmlElement | undefined, local: string): XmlElement | undefined {
  if (!el) return undefined;
  for (const c of el.children) if (c.local === local && c.uri === '') return c;
  return undefined;
}

export function childrenNamed(el: XmlElement, local: string): XmlElement[] {
  return el.children.filter((c) => c.local === local && c.uri === '');
}

/**
 * Every descendant (not the element itself) in document order. With an explicit stack: each
 * element costs O(1) however deep it is (nested `yield*` would cost its depth).
 */
export function* descendants(el: XmlElement): Generator<XmlElement> {
  const stack: XmlElement[] = [];
  for (let i = el.children.length - 1; i >= 0; i--) stack.push(el.children[i]!);
  for (let next = stack.pop(); next !== undefined; next = stack.pop()) {
    yield next;
    for (let i = next.children.length - 1; i >= 0; i--) stack.push(next.children[i]!);
  }
}
