import type { XmlAttribute, XmlElement } from './types.js';

/**
 * Small, allocation-free lookups over the light tree (no XPath, no wrappers). Indexed loops, not
 * `for...of`: these are inlined into most functions of the per-file path, and each `for...of`
 * brings its iterator-closing handlers into every optimized caller (more to compile).
 */

export function attribute(el: XmlElement, name: string): XmlAttribute | undefined {
  const attributes = el.attributes;
  for (let i = 0; i < attributes.length; i++) if (attributes[i]!.name === name) return attributes[i];
  return undefined;
}

export function attributeValue(el: XmlElement | undefined, name: string): string | undefined {
  return el ? attribute(el, name)?.value : undefined;
}

/** First child element in no namespace with this local name. */
export function child(el: XmlElement | undefined, local: string): XmlElement | undefined {
  if (!el) return undefined;
  const children = el.children;
  for (let i = 0; i < children.length; i++) {
    const c = children[i]!;
    if (c.local === local && c.uri === '') return c;
  }
  return undefined;
}

/**
 * A loop, not `filter`: once `serialConsoleFates` (which calls this) was inlined into
 * `readDevices`, the inlined `filter` made the 454th domain of the 10,000-file fleet deoptimize
 * `readDevices` ("wrong map" at `serials[0]`), which was then compiled a second time.
 */
export function childrenNamed(el: XmlElement, local: string): XmlElement[] {
  const found: XmlElement[] = [];
  const children = el.children;
  for (let i = 0; i < children.length; i++) {
    const c = children[i]!;
    if (c.local === local && c.uri === '') found.push(c);
  }
  return found;
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
