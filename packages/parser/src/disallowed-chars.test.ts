import { describe, expect, it } from 'vitest';
import { parseOutcome } from './testing/parse-outcome.js';
import { parseXmlWithSaxes } from './testing/saxes-tree.js';
import { parseXml } from './xml-tree.js';

/**
 * The scanner finds disallowed characters where it reads (docs/decisions/0012-xml-scanner.md):
 * by its loops over names, whitespace, text and values, by a check of what a search skipped
 * (comments, CDATA, processing instructions), and on every error. Each place, with each kind of
 * character, must give saxes's outcome. (The generated corpus of the differential test reaches
 * these places at random; here every one is reached on purpose.)
 */

const PLACES = [
  '<r>X</r>',
  '<r>ab X cd</r>',
  '<r>&amp;X</r>',
  '<r a="X"/>',
  "<r a='b X c'/>",
  '<r a="&lt;X"/>',
  '<r><!-- X --></r>',
  '<!-- X --><r/>',
  '<r/><!-- X -->',
  '<r><![CDATA[ X ]]></r>',
  '<r><?pi X?></r>',
  '<?pi X?><r/>',
  '<r>X<</r>',
  '<r>X]]></r>',
  '<r a="X" a="1"/>',
  '<r><!-- X --></s>',
  '<r><![CDATA[ X ]]>',
  '<r><!-- X -- --></r>',
  '<rX/>',
  '<r X/>',
  '<r a=X"1"/>',
  '</r>X',
  '<r>&X;</r>',
  '<r>&#X;</r>',
  'X<r/>',
  '<r/>X',
  '<r',
];

const DECLARATIONS = ['', '<?xml version="1.0"?>', '<?xml version="1.1"?>'];

/** Disallowed in XML 1.0 or 1.1, and allowed characters the loops stop at too. */
const CHARACTERS = [
  '\u0001',
  '\u000b',
  '\u001f',
  '\u007f',
  '\u0080',
  '\u0085',
  '\u009f',
  '\u00e9',
  '\u2028',
  '\uFFFE',
  '\uFFFF',
  '\u{1F600}',
];

describe('disallowed characters', () => {
  it('give saxes its outcome wherever they are', () => {
    const differences: string[] = [];
    for (const declaration of DECLARATIONS) {
      for (const place of PLACES) {
        for (const ch of CHARACTERS) {
          for (const text of [
            declaration + place.replace('X', ch),
            declaration + place.replace('X', `${ch}\u0001`),
          ]) {
            const scanner = parseOutcome(parseXml, text);
            const saxes = parseOutcome(parseXmlWithSaxes, text);
            if (scanner !== saxes)
              differences.push(`${JSON.stringify(text)}\n  scanner ${scanner}\n  saxes   ${saxes}`);
          }
        }
      }
    }
    expect(differences).toEqual([]);
  });

  it('stop at a lone surrogate wherever it is', () => {
    for (const place of PLACES.slice(0, 11)) {
      const text = place.replace('X', '\uD800');
      expect(parseOutcome(parseXml, text), text).toContain('disallowed character.');
    }
  });
});
