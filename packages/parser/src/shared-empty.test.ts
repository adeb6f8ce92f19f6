import { describe, expect, it } from 'vitest';
import { parseDomain } from './parse-domain.js';
import { parseXml } from './xml-tree.js';

// The empty arrays shared by childless elements, elements without attributes and devices without
// aliases are not frozen: V8 inlines a `for...of` only over arrays of one elements kind, and a
// frozen array is of another kind than the arrays elements get of their own (xml-nodes.ts,
// `sharedEmpty`). Nothing can see the difference but V8; this keeps them so.
describe('shared empty arrays', () => {
  it('are not frozen, and are empty', () => {
    const { root } = parseXml('<a><b/></a>');
    const leaf = root.children[0]!;
    for (const empty of [leaf.children, leaf.attributes, root.attributes]) {
      expect(empty).toHaveLength(0);
      expect(Object.isFrozen(empty)).toBe(false);
    }
  });

  it('of devices without aliases: not frozen either', () => {
    const r = parseDomain('<domain type="kvm"><name>a</name><devices><disk type="file"/></devices></domain>');
    if (r.kind !== 'domain') throw new Error(r.kind);
    const [disk] = r.document.devices;
    expect(disk!.aliasElements).toHaveLength(0);
    expect(Object.isFrozen(disk!.aliasElements)).toBe(false);
    expect(Object.isFrozen(disk!.nestedAliases)).toBe(false);
  });
});
