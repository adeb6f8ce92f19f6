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

/** Every descendant (not the element itself) in document order. */
export function* descendants(el: XmlElement): Generator<XmlElement> {
  for (const c of el.children) {
    yield c;
    yield* descendants(c);
  }
}
