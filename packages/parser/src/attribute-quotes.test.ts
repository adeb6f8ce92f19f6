import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseDomain } from './parse-domain.js';
import { domainCorpus } from './testing/domain-corpus.js';
import { parseXmlWithSaxes } from './testing/saxes-tree.js';
import type { XmlElement } from './types.js';
import { parseXml, type XmlTree } from './xml-tree.js';

/**
 * The scanner counts attribute quotes as it reads them (new text matches the file's majority):
 * the counts must be those of a walk over every attribute of the tree, and saxes's.
 */

const FIXTURES = join(import.meta.dirname, '../../../fixtures');

function walked(root: XmlElement): [double: number, single: number] {
  let double = 0;
  let single = 0;
  const stack = [root];
  for (let el = stack.pop(); el; el = stack.pop()) {
    for (const a of el.attributes) {
      if (a.quote === '"') double++;
      else single++;
    }
    stack.push(...el.children);
  }
  return [double, single];
}

const counted = (tree: XmlTree): [number, number] => [
  tree.doubleQuotedAttributes,
  tree.singleQuotedAttributes,
];

function tryParse(parse: (text: string) => XmlTree, text: string): XmlTree | null {
  try {
    return parse(text);
  } catch {
    return null;
  }
}

describe('attribute quote counts', () => {
  it('count every attribute of a document once, by its quote', () => {
    const tree = parseXml(`<domain type="kvm"><devices a='1' b="2"><disk c="3"/></devices></domain>`);
    expect(counted(tree)).toEqual([3, 1]);
    expect(counted(parseXml('<domain/>'))).toEqual([0, 0]);
  });

  it('agree with a walk of the tree and with saxes on every fixture and 2,000 corpus documents', () => {
    const fixtures = readdirSync(FIXTURES, { recursive: true, encoding: 'utf8' })
      .filter((f) => f.endsWith('.xml'))
      .map((f) => readFileSync(join(FIXTURES, f), 'utf8'));
    const texts = [...fixtures, ...[...domainCorpus(20261130, 2000)].map((d) => d.text)];
    let parsed = 0;
    for (const text of texts) {
      const tree = tryParse(parseXml, text);
      if (!tree) continue;
      parsed++;
      expect(counted(tree)).toEqual(walked(tree.root));
      expect(counted(tree)).toEqual(counted(parseXmlWithSaxes(text)));
      const domain = parseDomain(text);
      if (domain.kind === 'domain') {
        expect([domain.document.doubleQuotedAttributes, domain.document.singleQuotedAttributes]).toEqual(
          counted(tree),
        );
      }
    }
    expect(parsed).toBeGreaterThan(500);
  });
});
