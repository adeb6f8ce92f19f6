import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  CORPUS_SEED,
  CORPUS_SIZE,
  domainCorpus,
  MUTATION_NAMES,
  type CorpusDocument,
} from './testing/domain-corpus.js';
import { parseOutcome } from './testing/parse-outcome.js';
import { parseXmlWithSaxes } from './testing/saxes-tree.js';
import type { XmlElement } from './types.js';
import { parseXml } from './xml-tree.js';

/**
 * The scanner against the saxes parser it replaced (docs/decisions/0012-xml-scanner.md): on every fixture and
 * on a generated, mutated corpus, the same tree (every element, range, namespace, attribute and
 * text), the same comments and declaration, or the same first error with the same message,
 * line and column. No exception is allowed: the one known difference (lone surrogates, which no
 * file can hold) is tested on its own below.
 *
 * The corpus seed is fixed; VIRT_ALIAS_CORPUS_SEED and VIRT_ALIAS_CORPUS_SIZE explore others.
 */

const FIXTURES = join(import.meta.dirname, '../../../fixtures');

function fixtureDocuments(): CorpusDocument[] {
  return readdirSync(FIXTURES, { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.xml'))
    .sort()
    .map((f) => ({ name: `fixtures/${f}`, text: readFileSync(join(FIXTURES, f), 'utf8'), mutations: [] }));
}

interface Difference {
  readonly name: string;
  readonly mutations: readonly string[];
  readonly mode: string;
  readonly scanner: string;
  readonly saxes: string;
}

/**
 * Compares whole-document parses, and parses that stop at a root that is no domain (as
 * `parseDomain` asks). The second can only differ from the first when it stops, so saxes is run
 * that way only for those documents; otherwise the scanner's two outcomes must agree.
 */
function differences(docs: Iterable<CorpusDocument>): {
  count: number;
  errors: number;
  differences: Difference[];
} {
  const found: Difference[] = [];
  let count = 0;
  let errors = 0;
  for (const doc of docs) {
    count++;
    const whole = parseOutcome(parseXml, doc.text);
    if (whole.startsWith('{"error"')) errors++;
    const saxesWhole = parseOutcome(parseXmlWithSaxes, doc.text);
    if (whole !== saxesWhole) found.push({ ...doc, mode: 'whole', scanner: whole, saxes: saxesWhole });
    const stop = { seen: false };
    const stopAtRoot = (root: XmlElement): boolean => (stop.seen = root.local !== 'domain');
    const early = parseOutcome(parseXml, doc.text, { stopAtRoot });
    const saxesEarly = stop.seen ? parseOutcome(parseXmlWithSaxes, doc.text, { stopAtRoot }) : whole;
    if (early !== saxesEarly)
      found.push({ ...doc, mode: 'stop at a non-domain root', scanner: early, saxes: saxesEarly });
  }
  return { count, errors, differences: found };
}

/** The first differing stretch of two outcomes, for a readable failure. */
function describeDifference(d: Difference): string {
  let i = 0;
  while (d.scanner[i] === d.saxes[i]) i++;
  const around = (s: string): string => s.slice(Math.max(0, i - 120), i + 120);
  return `${d.name} [${d.mutations.join(', ')}] (${d.mode})\n  scanner: ${around(d.scanner)}\n  saxes:   ${around(d.saxes)}`;
}

describe('the scanner gives what saxes gave', () => {
  it('on every fixture', () => {
    const docs = fixtureDocuments();
    expect(docs.length).toBeGreaterThan(100);
    const { differences: found } = differences(docs);
    expect(found.map(describeDifference)).toEqual([]);
  });

  it(`on ${CORPUS_SIZE} generated Nova-like domains, most of them mutated (seed ${CORPUS_SEED})`, () => {
    const { count, errors, differences: found } = differences(domainCorpus(CORPUS_SEED, CORPUS_SIZE));
    expect(count).toBe(CORPUS_SIZE);
    // Both verdicts are well represented: the comparison covers trees and errors alike.
    expect(errors).toBeGreaterThan(CORPUS_SIZE * 0.3);
    expect(count - errors).toBeGreaterThan(CORPUS_SIZE * 0.3);
    expect(found.slice(0, 5).map(describeDifference)).toEqual([]);
  }, 300_000);

  it('the corpus uses every mutation', () => {
    const used = new Set<string>();
    for (const doc of domainCorpus(CORPUS_SEED, 2000)) for (const m of doc.mutations) used.add(m);
    expect([...used].sort()).toEqual([...MUTATION_NAMES].sort());
  });
});

describe('the documented difference: lone surrogates', () => {
  // A JavaScript string can hold half a surrogate pair; a file cannot (the CLI decodes UTF-8
  // strictly, so no text it parses has one). XML has no such character: the scanner refuses it
  // where it is. saxes read it together with the next code unit, swallowing that (a `<` too).
  it('are disallowed characters, where they are', () => {
    for (const [text, column] of [
      ['<domain>\uD800</domain>', 9],
      ['<domain>\uDC00x</domain>', 9],
      ['<domain a="\uD800"/>', 12],
    ] as const) {
      expect(() => parseXml(text)).toThrow(
        expect.objectContaining({ message: 'disallowed character.', column }),
      );
    }
    // What saxes made of the first: the `<` of `</domain>` swallowed, the element never closed.
    expect(() => parseXmlWithSaxes('<domain>\uD800</domain>')).toThrow(/unclosed tag: domain/);
  });
});
